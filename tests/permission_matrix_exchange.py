"""Declared access rules: exchange (merged by tests/permission_matrix.py)."""

from __future__ import annotations

EXCHANGE_DECLARATIONS: dict = {}
