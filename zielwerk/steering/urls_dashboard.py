"""Steering pages: start, statewide dashboard (with exports) and a region's page."""

from django.urls import path

from . import views_dashboard as views

# config/urls.py includes steering at the root; the /steuerung/ prefix is each part's own.
PREFIX = "steuerung/"

urlpatterns = [
    path(PREFIX, views.IndexView.as_view(), name="index"),
    path(f"{PREFIX}<int:year>/", views.DashboardView.as_view(), name="dashboard"),
    path(
        f"{PREFIX}<int:year>/export.<str:fmt>",
        views.DashboardExportView.as_view(),
        name="dashboard_export",
    ),
    path(f"{PREFIX}<int:year>/<slug:region>/", views.RegionView.as_view(), name="region"),
]
