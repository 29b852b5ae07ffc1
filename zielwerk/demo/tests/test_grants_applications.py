"""Demo stage A: Wiesbaden submits its 2024 application on 28 March 2024 and RP Kassel records
both reviews as without objection; running it again changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zielwerk.core.models import AuditEntry
from zielwerk.demo import grants_applications
from zielwerk.grants.choices import ApplicationStatus, ReviewResult
from zielwerk.grants.models import Application
from zielwerk.grants.services.applications import reviews_complete
from zielwerk.grants.tests.test_applications_support import complete_plans

pytestmark = pytest.mark.django_db


def test_seed_submits_and_reviews_wiesbaden_2024(demo):
    # factories.plan_wiesbaden_projects() plus a provider for the four projects it leaves
    # without one (plan_problems requires a provider on every project).
    complete_plans()
    report: list[str] = []
    grants_applications.seed(report)
    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.submitted_at.date() == dt.date(2024, 3, 28)
    assert application.is_late is False
    assert application.reference == "RP KS 57 – AQB 2024 – WI"
    assert application.submitted_by.username == "wiesbaden"
    assert application.early_start_on == dt.date(2024, 1, 1)
    reviews = {r.kind: r for r in application.reviews.all()}
    assert reviews["content"].result == ReviewResult.APPROVED
    assert reviews["content"].notes == (
        "Projekte entsprechen den Maßnahmenarten 1, 3 und 4 der Zielvereinbarung."
    )
    assert reviews["finance"].notes == "Finanzierungspläne ausgeglichen, Kostenansätze plausibel."
    assert reviews["finance"].reviewer.username == "rp-kassel"
    assert reviews_complete(application)
    # Reviewed in April 2024 (content on the 10th, finance on the 12th), not on the day the demo
    # is loaded.
    reviewed = {kind: timezone.localtime(r.reviewed_at) for kind, r in reviews.items()}
    assert reviewed["content"].date() == dt.date(2024, 4, 10)
    assert reviewed["finance"].date() == dt.date(2024, 4, 12)
    assert all(stamp.year == 2024 for stamp in reviewed.values())
    assert len(report) == 5 and all(isinstance(line, str) for line in report)

    audit = AuditEntry.objects.count()
    again: list[str] = []
    grants_applications.seed(again)
    assert again == []
    assert AuditEntry.objects.count() == audit
