"""Steering pages: assessment."""

urlpatterns: list = []
