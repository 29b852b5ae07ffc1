"""Declared access rules of steering (zielwerk/steering/permissions.py), merged into DECLARATIONS
by tests/permission_matrix.py. Each part declares its URLs in its own module:
targets and deviations, meetings and tasks, dashboards and API, assessment."""

from __future__ import annotations

from tests.permission_matrix_steering_assessment import ASSESSMENT_DECLARATIONS
from tests.permission_matrix_steering_dashboard import DASHBOARD_DECLARATIONS
from tests.permission_matrix_steering_meetings import MEETING_DECLARATIONS
from tests.permission_matrix_steering_targets import TARGET_DECLARATIONS

STEERING_DECLARATIONS: dict = {}
for part in (
    TARGET_DECLARATIONS,
    MEETING_DECLARATIONS,
    DASHBOARD_DECLARATIONS,
    ASSESSMENT_DECLARATIONS,
):
    overlap = set(STEERING_DECLARATIONS) & set(part)
    assert not overlap, overlap
    STEERING_DECLARATIONS.update(part)
