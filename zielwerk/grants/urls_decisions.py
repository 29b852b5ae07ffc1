"""Decisions (Bescheide) and the authority's decision templates."""

from django.urls import path

from . import views_decisions as views

PROCEDURE = "zuwendung/<int:year>/<slug:region>/bescheide/"

urlpatterns = [
    path(PROCEDURE, views.DecisionListView.as_view(), name="decision_list"),
    path(
        f"{PROCEDURE}neu/<slug:kind>/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path("bescheide/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("bescheide/<int:pk>/bearbeiten/", views.DecisionEditView.as_view(), name="decision_edit"),
    path("bescheide/<int:pk>/erlassen/", views.DecisionIssueView.as_view(), name="decision_issue"),
    path(
        "bescheide/<int:pk>/loeschen/", views.DecisionDeleteView.as_view(), name="decision_delete"
    ),
    path(
        "bescheide/<int:pk>/bescheid.<slug:fmt>",
        views.DecisionDocumentView.as_view(),
        name="decision_document",
    ),
    path("bescheidvorlagen/", views.TemplateListView.as_view(), name="template_list"),
    path("bescheidvorlagen/<int:pk>/", views.TemplateEditView.as_view(), name="template_edit"),
]
