"""Steering pages: targets of the current agreement version."""

from django.urls import path

from . import views_targets as views

REGION = "steuerung/<int:year>/<slug:region>"  # prefix /steuerung/ of all steering pages

urlpatterns: list = [
    path(f"{REGION}/zielwerte/", views.TargetEditView.as_view(), name="target_edit"),
    path(
        f"{REGION}/zielwerte/vorschlagen/",
        views.TargetProposeView.as_view(),
        name="target_propose",
    ),
    path(
        f"{REGION}/zielwerte/<slug:key>/verteilung/",
        views.TargetPhasesView.as_view(),
        name="target_phases",
    ),
]
