"""Steering pages: deviations."""

urlpatterns: list = []
