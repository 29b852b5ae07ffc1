"""Declared access rules of steering: targets (see permission_matrix_steering.py)."""

from __future__ import annotations

TARGET_DECLARATIONS: dict = {}
