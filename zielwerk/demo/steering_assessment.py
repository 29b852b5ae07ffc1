"""Demo steering: assessment (see steering.py)."""

from __future__ import annotations


def seed(report: list[str]) -> None:
    return None
