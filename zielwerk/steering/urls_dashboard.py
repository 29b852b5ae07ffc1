"""Steering pages: dashboard."""

urlpatterns: list = []
