"""The demo's steering of Wiesbaden 2024 (§ 6): targets agreed with the agreement, a deviation
flagged mid-year with the region's reason and the ministry's answer, the autumn implementation
meeting with its briefing pack, minutes and tasks, and the year-end assessment. Each part goes
through its own services, in the order the year runs (modules steering_*.py)."""

from __future__ import annotations


def seed_steering(report: list[str]) -> None:
    from . import steering_assessment, steering_meeting, steering_targets

    steering_targets.seed(report)
    steering_meeting.seed(report)
    steering_assessment.seed(report)
