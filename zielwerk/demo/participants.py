"""Demo participants of Wiesbaden 2024: invented records for the demo provider's projects FIB and
HIB, recorded through the same service as the browser form (so they pass the same validation).
Deterministic: the same records every time; idempotent: existing ones are left alone.

The references ("FIB-001", …) stand for the provider's own references; Zielwerk stores only
their keyed hashes. Everything about these people is invented.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

# (short name, number of participants, first entry, last entry)
PROJECTS = (
    ("FIB", 24, dt.date(2024, 1, 15), dt.date(2024, 9, 30)),
    ("HIB", 18, dt.date(2024, 2, 1), dt.date(2024, 10, 15)),
)

GENDERS = ["weiblich"] * 10 + ["männlich"] * 9 + ["divers"]
RESIDENCES = ["06414"] * 8 + ["Rheingau-Taunus-Kreis", "Main-Taunus-Kreis"]
ENTITLEMENTS = ["SGB II"] * 6 + ["SGB III"] * 2 + ["SGB VIII", "AsylbLG"]
EMPLOYMENT = (
    ["arbeitslos"] * 4 + ["langzeitarbeitslos"] * 2 + ["nicht erwerbstätig"] * 3 + ["erwerbstätig"]
)
EDUCATION = ["ISCED 0-2"] * 6 + ["ISCED 3-4"] * 3 + ["ISCED 5-8"]
STATED = ["nein"] * 6 + ["ja"] * 2 + ["keine Angabe"] * 2
SITUATIONS = (
    ["Schule oder Ausbildung"] * 4
    + ["Beschäftigung"] * 3
    + ["Arbeitssuche"] * 2
    + ["Qualifikation erworben"]
)


def _rows(short: str, count: int, first: dt.date, last: dt.date) -> list[dict[str, str]]:
    rng = random.Random(f"zielwerk-demo-{short}")  # noqa: S311 – invented demo data, not security
    span = (last - first).days
    rows = []
    for number in range(1, count + 1):
        entered = first + dt.timedelta(days=rng.randrange(span))
        exits = number % 3 != 0  # two in three have left by the end of the year
        regular = rng.random() < 0.75
        exited = min(entered + dt.timedelta(days=rng.randrange(60, 200)), dt.date(2024, 12, 20))
        rows.append(
            {
                "reference": f"{short}-{number:03d}",
                "entered_on": entered.strftime("%d.%m.%Y"),
                "gender": rng.choice(GENDERS),
                "birth_year": str(rng.randrange(1968, 2009)),
                "residence": rng.choice(RESIDENCES),
                "first_residence_hessen": "ja",
                "entitlement": rng.choice(ENTITLEMENTS),
                "via_household": rng.choice(["ja", "nein"]),
                "employment_status": rng.choice(EMPLOYMENT),
                "education_level": rng.choice(EDUCATION),
                "target_group": "",
                "disability": rng.choice(STATED),
                "foreign_background": rng.choice(STATED),
                "third_country_national": rng.choice(STATED),
                "followup_consent": "ja" if number % 3 != 1 else "nein",
                "exited_on": exited.strftime("%d.%m.%Y") if exits else "",
                "exit_reason": ("regulär" if regular else "vorzeitig") if exits else "",
                "situation_after_exit": rng.choice(SITUATIONS) if exits else "",
            }
        )
    return rows


@transaction.atomic
def seed_participants(report: list[str]) -> None:
    from zielwerk.accounts.models import User
    from zielwerk.participants.models import Participant
    from zielwerk.participants.services import participant_record
    from zielwerk.projects.models import Project

    provider_user = User.objects.get(username="traeger-wiesbaden")
    for short, count, first, last in PROJECTS:
        project = Project.objects.filter(code=f"WI-2024-{short}").first()
        if project is None or project.provider_id is None:
            continue
        if Participant.objects.filter(project=project).exists():
            continue
        for values in _rows(short, count, first, last):
            participant_record(actor=provider_user, project=project, values=values)
        report.append(f"{count} Teilnehmende (erfunden) im Projekt {project.code} erfasst")
