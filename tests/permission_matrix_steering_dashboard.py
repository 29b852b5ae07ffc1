"""Declared access rules of steering: dashboard (see permission_matrix_steering.py)."""

from __future__ import annotations

DASHBOARD_DECLARATIONS: dict = {}
