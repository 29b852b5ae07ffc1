"""Steering pages: the autumn implementation meeting, its resolutions and the tasks."""

from django.urls import path

from . import views_meetings as views

MEETING = "steuerung/<int:year>/<slug:region>/besprechung/"

urlpatterns: list = [
    path(MEETING, views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(f"{MEETING}bearbeiten/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path(
        f"{MEETING}unterlage/erzeugen/",
        views.MeetingBriefingView.as_view(),
        name="meeting_briefing",
    ),
    path(
        "steuerung/<int:year>/<slug:region>/besprechung/unterlage.pdf",
        views.MeetingBriefingPdfView.as_view(),
        name="meeting_briefing_pdf",
    ),
    path(f"{MEETING}protokoll/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path(
        f"{MEETING}beschluss/neu/",
        views.ResolutionCreateView.as_view(),
        name="resolution_create",
    ),
    path(
        "steuerung/besprechung/beschluesse/<int:pk>/",
        views.ResolutionEditView.as_view(),
        name="resolution_edit",
    ),
    path(
        "steuerung/besprechung/beschluesse/<int:pk>/aenderung/",
        views.ResolutionAmendView.as_view(),
        name="resolution_amend",
    ),
    path("steuerung/aufgaben/", views.TaskListView.as_view(), name="task_list"),
    path("steuerung/aufgaben/<int:pk>/", views.TaskUpdateView.as_view(), name="task_update"),
]
