"""Steering figures as API resources (see urls_dashboard for the pages showing the same)."""

from ninja import Router

router = Router(tags=["Zielsteuerung"])
