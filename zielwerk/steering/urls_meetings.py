"""Steering pages: meetings."""

urlpatterns: list = []
