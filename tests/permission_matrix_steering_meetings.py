"""Declared access rules of steering: meetings (see permission_matrix_steering.py)."""

from __future__ import annotations

MEETING_DECLARATIONS: dict = {}
