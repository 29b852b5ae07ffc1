"""Shared set-up for the application tests (no tests of its own).

factories.plan_wiesbaden_projects() puts the demo provider on FIB and HIB only; plan_problems
requires a provider on every project, so `complete_plans` adds an invented second provider for the
other four (not the demo provider, so that traeger-wiesbaden still sees only FIB and HIB)."""

from __future__ import annotations

from zielwerk.grants.models import Application
from zielwerk.grants.tests import factories
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation
from zielwerk.projects.models import Project


def complete_plans() -> list[Project]:
    projects = factories.plan_wiesbaden_projects()
    region, _year = factories.wiesbaden_2024()
    other, _created = Organisation.objects.get_or_create(
        slug="test-traeger-zwei",
        defaults={
            "kind": OrganisationKind.PROVIDER,
            "name": "Zweiter Testträger gGmbH",
            "short_name": "Testträger 2",
        },
    )
    other.regions.add(region)
    for project in projects:
        if project.provider_id is None:
            project.provider = other
            project.save()
    return projects


def draft_application() -> Application:
    complete_plans()
    region, year = factories.wiesbaden_2024()
    return Application.objects.create(region=region, programme_year=year)
