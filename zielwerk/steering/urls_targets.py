"""Steering pages: targets."""

urlpatterns: list = []
