"""Declared access rules: surveys (merged by tests/permission_matrix.py)."""

from __future__ import annotations

SURVEY_DECLARATIONS: dict = {}
