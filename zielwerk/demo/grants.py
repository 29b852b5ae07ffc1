"""The demo's grant procedure: Wiesbaden 2024 from the projects' plans to the reclaim decision,
each part advanced through its own services by the demo users (see the modules grants_*.py).
Amounts beyond the agreement's total are invented (zielwerk/demo/grants_data.py)."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def seed_grants() -> list[str]:
    from . import (
        grants_applications,
        grants_decisions,
        grants_payments,
        grants_projects,
        grants_proof,
    )
    from .participants import seed_participants
    from .steering import seed_steering

    report: list[str] = []
    grants_projects.seed(report)
    grants_applications.seed(report)
    grants_decisions.seed(report)
    grants_payments.seed(report)
    # The providers record their participants during the year; the proof of use's narrative
    # report is drafted from those records.
    seed_participants(report)
    grants_proof.seed(report)
    grants_decisions.seed_reclaim(report)
    # Steering follows the year: targets, a deviation, the autumn meeting, the assessment.
    seed_steering(report)
    return report
