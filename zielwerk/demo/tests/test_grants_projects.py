"""Demo stage P: Wiesbaden's six 2024 projects get providers, periods and balanced plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zielwerk.core.models import AuditEntry
from zielwerk.demo import grants_projects
from zielwerk.organisations.models import Organisation
from zielwerk.projects.models import Project
from zielwerk.projects.services import plan_problems

pytestmark = pytest.mark.django_db


def test_stage_plans_the_six_projects_and_is_idempotent(demo):
    report: list[str] = []
    grants_projects.seed(report)
    projects = {p.short_name: p for p in Project.objects.filter(code__startswith="WI-2024-")}
    assert set(projects) == {"FIB", "HIB", "DIK", "STM", "CBG", "AAB"}
    for project in projects.values():
        assert plan_problems(project) == [], project.code
        assert (project.starts_on, project.ends_on) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert projects["FIB"].provider.slug == "demo-traeger-wiesbaden"
    assert projects["HIB"].provider.slug == "demo-traeger-wiesbaden"
    workshop = Organisation.objects.get(slug="demo-jugendwerkstatt-wiesbaden")
    assert workshop.kind == "provider"
    assert "(erfunden)" in workshop.name
    assert workshop.regions.filter(slug="wiesbaden").exists()
    for short in ("DIK", "STM", "CBG", "AAB"):
        assert projects[short].provider == workshop
    # FIB: 520,000 + 60,000 + 92,400 = 672,400 = 612,400 AQB + 60,000 own funds
    assert projects["FIB"].cost_total == Decimal("672400.00")
    assert projects["FIB"].grant_requested == Decimal("612400.00")
    # the AQB grants add up to Wiesbaden's allocation of 2,508,300 €
    total = sum((p.grant_requested for p in projects.values()), Decimal("0"))
    assert total == Decimal("2508300.00")
    # acted as the region's coordination, through the audited services
    entries = AuditEntry.objects.filter(action="project.plan_save")
    assert entries.count() == 6
    assert {entry.actor.username for entry in entries} == {"wiesbaden"}
    assert len([line for line in report if line.startswith("Projekt WI-2024-")]) == 6

    again: list[str] = []
    grants_projects.seed(again)
    assert again == []
    assert AuditEntry.objects.filter(action="project.plan_save").count() == 6
