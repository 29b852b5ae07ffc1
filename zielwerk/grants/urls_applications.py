"""Pages of the application (Antrag) and its review; the year overview of all applications."""

from django.urls import path

from . import views_applications as views

REGION = "zuwendung/<int:year>/<slug:region>/antrag/"

urlpatterns = [
    path("zuwendung/<int:year>/", views.OverviewView.as_view(), name="overview"),
    path(REGION, views.ApplicationDetailView.as_view(), name="application_detail"),
    path(f"{REGION}anlegen/", views.ApplicationCreateView.as_view(), name="application_create"),
    path(f"{REGION}bearbeiten/", views.ApplicationEditView.as_view(), name="application_edit"),
    path(
        f"{REGION}schritt/<slug:name>/",
        views.ApplicationTransitionView.as_view(),
        name="application_transition",
    ),
    path(
        f"{REGION}pruefung/<slug:kind>/",
        views.ApplicationReviewView.as_view(),
        name="application_review",
    ),
]
