"""Demo stage P (project planning): Wiesbaden's coordination plans its six 2024 projects.

The six projects exist from the agreement demo. This stage adds, as the demo user "wiesbaden",
the provider, the period (1 January to 31 December 2024), planned places and participants and the
cost and financing plans of zielwerk/demo/grants_data.py, through the planning services only.
Idempotent: a project whose plan is already complete is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zielwerk.accounts.models import User
from zielwerk.core.formats import format_euro
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.projects.models import Project
from zielwerk.projects.services import plan_problems, project_plan_save, project_update

from .grants_data import WIESBADEN_2024_PLANS

WORKSHOP_SLUG = "demo-jugendwerkstatt-wiesbaden"

# Short name -> provider slug. FIB and HIB run at the demo provider that has a login
# (traeger-wiesbaden); the other four at a second, invented provider without one.
PROVIDERS = {
    "FIB": "demo-traeger-wiesbaden",
    "HIB": "demo-traeger-wiesbaden",
    "DIK": WORKSHOP_SLUG,
    "STM": WORKSHOP_SLUG,
    "CBG": WORKSHOP_SLUG,
    "AAB": WORKSHOP_SLUG,
}

# Planned places (at the same time) and participants (entries in the year): invented for the
# demo, no public source gives them.
PLACES_AND_PARTICIPANTS = {
    "FIB": (24, 48),
    "HIB": (20, 40),
    "DIK": (60, 90),
    "STM": (30, 45),
    "CBG": (35, 70),
    "AAB": (15, 120),
}


def _workshop(region: Region, report: list[str]) -> Organisation:
    workshop = Organisation.objects.filter(slug=WORKSHOP_SLUG).first()
    if workshop is None:
        # Reference data of an invented body: created directly, as the base demo does.
        workshop = Organisation.objects.create(
            kind=OrganisationKind.PROVIDER,
            name="Demo-Jugendwerkstatt Wiesbaden e.V. (erfunden)",
            short_name="Demo-Jugendwerkstatt WI",
            slug=WORKSHOP_SLUG,
            email="kontakt@demo-jugendwerkstatt.invalid",
        )
        report.append("Demo-Träger „Demo-Jugendwerkstatt Wiesbaden e.V. (erfunden)“ angelegt")
    if not workshop.regions.filter(pk=region.pk).exists():
        workshop.regions.add(region)
    return workshop


@transaction.atomic
def seed(report: list[str]) -> None:
    coordinator = User.objects.get(username="wiesbaden")
    region = Region.objects.get(slug="wiesbaden")
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    _workshop(region, report)
    projects = Project.objects.filter(region=region, programme_year=year).order_by("code")
    for project in projects:
        if project.short_name not in WIESBADEN_2024_PLANS:
            continue
        if not plan_problems(project):
            continue
        places, participants = PLACES_AND_PARTICIPANTS[project.short_name]
        project = project_update(
            actor=coordinator,
            project=project,
            provider=Organisation.objects.get(slug=PROVIDERS[project.short_name]),
            planned_places=places,
            planned_participants=participants,
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2024, 12, 31),
        )
        costs, funding = WIESBADEN_2024_PLANS[project.short_name]
        project = project_plan_save(
            actor=coordinator,
            project=project,
            costs={key: Decimal(value) for key, value in costs.items()},
            funding={key: Decimal(value) for key, value in funding.items()},
        )
        report.append(
            f"Projekt {project.code} geplant: Träger {project.provider}, "
            f"Kosten und Finanzierung je {format_euro(project.cost_total, cents='always')}"
        )
