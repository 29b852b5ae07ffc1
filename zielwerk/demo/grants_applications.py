"""Demo stage A: Wiesbaden applies for 2024 and RP Kassel reviews the application.

Wiesbaden's coordination creates the application (early start from 1 January 2024) and submits it
on 28 March 2024, before the deadline; RP Kassel starts the review and records both reviews as
without objection (content on 10 April, finance on 12 April 2024). Idempotent: each step runs
only if it has not happened yet."""

from __future__ import annotations

import datetime as dt

from zielwerk.accounts.models import User
from zielwerk.core.formats import format_date
from zielwerk.grants.choices import ApplicationStatus, ReviewKind, ReviewResult
from zielwerk.grants.models import Application
from zielwerk.grants.services.applications import (
    application_create,
    application_transition,
    application_update,
    review_save,
)
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

SUBMITTED_ON = dt.date(2024, 3, 28)
EARLY_START_ON = dt.date(2024, 1, 1)
NOTE = (
    "Wir beantragen die Zuwendung für die sechs Projekte der Zielvereinbarung 2024. "
    "Die Projekte laufen seit dem 1. Januar 2024 (vorzeitiger Maßnahmebeginn)."
)
REVIEWED_ON = {
    ReviewKind.CONTENT: dt.date(2024, 4, 10),
    ReviewKind.FINANCE: dt.date(2024, 4, 12),
}
REVIEW_NOTES = {
    ReviewKind.CONTENT: "Projekte entsprechen den Maßnahmenarten 1, 3 und 4 der Zielvereinbarung.",
    ReviewKind.FINANCE: "Finanzierungspläne ausgeglichen, Kostenansätze plausibel.",
}


def seed(report: list[str]) -> None:
    region = Region.objects.get(slug="wiesbaden")
    programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    wiesbaden = User.objects.get(username="wiesbaden")
    authority = User.objects.get(username="rp-kassel")

    application = Application.objects.filter(region=region, programme_year=programme_year).first()
    if application is None:
        application = application_create(
            actor=wiesbaden, region=region, programme_year=programme_year
        )
        application = application_update(
            actor=wiesbaden,
            application=application,
            note=NOTE,
            early_start=True,
            early_start_on=EARLY_START_ON,
        )
        report.append("Antrag Wiesbaden 2024 angelegt (vorzeitiger Maßnahmebeginn ab 1.1.2024)")
    if application.status == ApplicationStatus.DRAFT:
        application = application_transition(
            actor=wiesbaden, application=application, name="submit", on=SUBMITTED_ON
        )
        report.append(
            "Antrag Wiesbaden 2024 am 28.03.2024 eingereicht "
            f"(Aktenzeichen {application.reference})"
        )
    if application.status == ApplicationStatus.SUBMITTED:
        application = application_transition(
            actor=authority, application=application, name="start_review", on=SUBMITTED_ON
        )
        report.append("RP Kassel hat die Prüfung des Antrags Wiesbaden 2024 begonnen")
    if application.status == ApplicationStatus.IN_REVIEW:
        reviews = dict(application.reviews.values_list("kind", "result"))
        for kind, notes in REVIEW_NOTES.items():
            if reviews.get(kind.value, ReviewResult.OPEN) == ReviewResult.OPEN:
                review_save(
                    actor=authority,
                    application=application,
                    kind=kind.value,
                    result=ReviewResult.APPROVED,
                    notes=notes,
                    on=REVIEWED_ON[kind],
                )
                report.append(
                    f"RP Kassel: {kind.label} am {format_date(REVIEWED_ON[kind])} "
                    "ohne Beanstandung abgeschlossen"
                )
