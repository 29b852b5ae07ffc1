"""Declared access rules of steering: assessment (see permission_matrix_steering.py)."""

from __future__ import annotations

ASSESSMENT_DECLARATIONS: dict = {}
