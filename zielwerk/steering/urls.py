"""Steering's pages, one module per part, all in the namespace "steering"."""

from . import urls_assessment, urls_dashboard, urls_deviations, urls_meetings, urls_targets

app_name = "steering"
urlpatterns = [
    *urls_dashboard.urlpatterns,
    *urls_targets.urlpatterns,
    *urls_deviations.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_assessment.urlpatterns,
]
