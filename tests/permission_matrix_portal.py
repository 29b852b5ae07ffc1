"""Declared access rules: portal (merged by tests/permission_matrix.py)."""

from __future__ import annotations

PORTAL_DECLARATIONS: dict = {}
