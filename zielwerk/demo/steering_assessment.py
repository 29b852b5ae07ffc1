"""Demo steering: the year-end assessment of Wiesbaden 2024 (see steering.py).

Drafted by the ministry from the figures as of 31.12.2024 – the accepted deviation of the targets'
demo (steering_targets.py, which runs first) is linked and lifts its proposal as § 6 says – then a
short summary and the final step, all through the services. Seeding twice changes nothing."""

from __future__ import annotations

import datetime as dt

DEMO_AS_OF = dt.date(2024, 12, 31)
# The assessment is closed in the new year, once the year's figures are in.
FINALISED_AT = dt.datetime(2025, 2, 14, 10, 0, tzinfo=dt.UTC)
SUMMARY = (
    "Die Landeshauptstadt Wiesbaden hat die vereinbarten Ziele 2024 überwiegend erreicht. "
    "Die im Jahresverlauf begründete und vom Ministerium anerkannte Abweichung ist bei der "
    "Bewertung berücksichtigt (§ 6 der Zielvereinbarung). Für 2025 wird vereinbart, die "
    "Eintritte gleichmäßiger über das Jahr zu verteilen."
)


def seed(report: list[str]) -> None:
    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import Agreement
    from zielwerk.steering import selectors
    from zielwerk.steering.choices import AssessmentStatus
    from zielwerk.steering.models import Assessment
    from zielwerk.steering.services.assessment import (
        assessment_create,
        assessment_finalise,
        assessment_update,
    )

    agreement = (
        Agreement.objects.filter(region__slug="wiesbaden", programme_year__year=2024)
        .select_related("region", "programme_year")
        .first()
    )
    if agreement is None:
        report.append("Bewertung 2024 übersprungen: keine Zielvereinbarung Wiesbaden 2024")
        return
    assessment = Assessment.objects.filter(agreement=agreement).first()
    if assessment is not None and assessment.status == AssessmentStatus.FINAL:
        return
    if not selectors.targets_of(selectors.binding_version(agreement)):
        report.append(
            "Bewertung 2024 übersprungen: die verbindliche Fassung Wiesbaden 2024 hat noch "
            "keine Zielwerte"
        )
        return
    ministry = User.objects.get(username="ministerium")
    if assessment is None:
        assessment = assessment_create(actor=ministry, agreement=agreement, as_of=DEMO_AS_OF)
    items = {item.target_id: (item.result, item.note) for item in assessment.items.all()}
    assessment_update(actor=ministry, assessment=assessment, items=items, summary=SUMMARY)
    assessment_finalise(actor=ministry, assessment=assessment, at=FINALISED_AT)
    lifted = assessment.items.filter(deviation__isnull=False).count()
    report.append(
        f"Bewertung der Zielerreichung Wiesbaden 2024 abgeschlossen ({assessment.items.count()} "
        f"Zielwerte, {lifted} mit anerkannter Abweichung)"
    )
