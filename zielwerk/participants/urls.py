"""Participant monitoring's pages, one module per part (records, import, indicators), all in the
namespace "participants"."""

from . import urls_import, urls_indicators, urls_records

app_name = "participants"
urlpatterns = [
    *urls_records.urlpatterns,
    *urls_import.urlpatterns,
    *urls_indicators.urlpatterns,
]
