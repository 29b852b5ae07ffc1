"""Steering pages: the year-end assessment of goal attainment and the statewide overview."""

from django.urls import path

from . import views_assessment as views

# config/urls.py includes steering at the root; the /steuerung/ prefix is each part's own.
PREFIX = "steuerung/"
REGION = f"{PREFIX}<int:year>/<slug:region>/bewertung/"

urlpatterns = [
    path(REGION, views.AssessmentView.as_view(), name="assessment"),
    path(f"{REGION}anlegen/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path(
        f"{REGION}abschliessen/",
        views.AssessmentFinaliseView.as_view(),
        name="assessment_finalise",
    ),
    path(
        f"{PREFIX}bewertungen/", views.AssessmentOverviewView.as_view(), name="assessment_overview"
    ),
    path(
        f"{PREFIX}bewertungen/export.<str:fmt>",
        views.AssessmentExportView.as_view(),
        name="assessment_export",
    ),
]
