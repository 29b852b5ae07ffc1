"""Steering pages: deviations and deviation rules."""

from django.urls import path

from . import views_deviations as views

urlpatterns: list = [
    path(
        "steuerung/<int:year>/<slug:region>/abweichungen/",
        views.DeviationListView.as_view(),
        name="deviation_list",
    ),
    path(
        "steuerung/abweichungen/<int:pk>/",
        views.DeviationDetailView.as_view(),
        name="deviation_detail",
    ),
    path(
        "steuerung/abweichungen/<int:pk>/begruendung/",
        views.DeviationReasonView.as_view(),
        name="deviation_reason",
    ),
    path(
        "steuerung/abweichungen/<int:pk>/antwort/",
        views.DeviationAnswerView.as_view(),
        name="deviation_answer",
    ),
    path(
        "steuerung/<int:year>/abweichungen/pruefen/",
        views.DeviationCheckView.as_view(),
        name="deviation_check",
    ),
    path("steuerung/regeln/", views.RuleListView.as_view(), name="rule_list"),
    path("steuerung/regeln/neu/", views.RuleCreateView.as_view(), name="rule_create"),
    path("steuerung/regeln/<int:pk>/", views.RuleEditView.as_view(), name="rule_edit"),
]
