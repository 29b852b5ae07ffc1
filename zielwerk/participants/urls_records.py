from django.urls import path

from . import views_records as views

urlpatterns = [
    path(
        "projekte/<str:code>/teilnehmende/",
        views.ProjectRecordsView.as_view(),
        name="project_records",
    ),
    path(
        "projekte/<str:code>/teilnehmende/neu/",
        views.RecordCreateView.as_view(),
        name="record_create",
    ),
    path("teilnehmende/<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("teilnehmende/<int:pk>/bearbeiten/", views.RecordEditView.as_view(), name="record_edit"),
    path("teilnehmende/<int:pk>/austritt/", views.RecordExitView.as_view(), name="record_exit"),
    path(
        "teilnehmende/<int:pk>/nachbefragung/",
        views.RecordFollowupView.as_view(),
        name="record_followup",
    ),
]
