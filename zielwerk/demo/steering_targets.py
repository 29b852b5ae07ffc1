"""Demo steering: the deviation rules of AQB, the targets of Wiesbaden 2024 and the one deviation
of the year with its reason and the ministry's answer (see steering.py).

The targets are chosen to fit the demo monitoring (zielwerk/demo/participants.py) and payments
(zielwerk/demo/grants_payments.py). At the check as of 30.06.2024 (182 of 366 days passed):

* FIB entries, 24 planned month by month (2, 2, 4, 3, 3, 3, 1, 3, 3 from January to September):
  plan to date 17, actual 18 (entries up to 30.06.) – 105.9 %, within 80–120 %.
* HIB entries, 20 over the year: plan to date 20 × 182 ÷ 366 = 9.95, actual 7 (one in February,
  four in March, two in June) – 70.4 %, below 80 %: the one flagged deviation.
* FIB transitions into school or training, 7 from July to December: the period has not begun.
* Spending, the agreement's amount over the year: plan to date about half, paid 1.250.000 Euro
  on 03.06.2024 – about 100 %, no lower deviation.

The version is signed, so the targets go through services.targets.targets_set_for_import (the
ministry takes over the Eckdaten of the signed paper, audited with that reason). Idempotent: rules
and targets are matched by metric and key, the check runs only while the agreement has no
deviation, reason and answer only once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

D = dt.date
AS_OF = D(2024, 6, 30)
CHECKED_ON = D(2024, 7, 1)
EXPLAINED_ON = D(2024, 7, 16)
ACCEPTED_ON = D(2024, 8, 12)

RULES = (
    ("entries", "Eintritte: unter 80 % oder über 120 % des anteiligen Plans", "80", "120"),
    ("spending", "Ausgaben: unter 80 % des anteiligen Plans", "80", None),
    ("transitions_education", "Übergänge in Schule oder Ausbildung: unter 80 %", "80", None),
)

FIB_MONTHLY = ("2", "2", "4", "3", "3", "3", "1", "3", "3", "0", "0", "0")

REASON = (
    "Der Träger konnte die zweite Fachkraft für HIB erst zum 1. Juni besetzen; bis dahin waren "
    "nur Aufnahmen in die bestehende Gruppe möglich. Im Frühjahr fiel zudem die Zuweisung durch "
    "das Jobcenter geringer aus als geplant."
)
CORRECTION = (
    "Seit Juni läuft eine zweite Gruppe. Mit dem Jobcenter ist eine monatliche Zuweisungsrunde "
    "vereinbart; bis Ende September sollen mindestens 16 Eintritte erreicht sein."
)
ACCEPTANCE = (
    "Die Begründung ist nachvollziehbar, die Gegensteuerung angemessen. Die Abweichung wird "
    "anerkannt; wir sprechen den Stand in der Umsetzungsbesprechung im Herbst an."
)


def _rules(ministry, programme, report: list[str]) -> None:
    from zielwerk.steering.models import DeviationRule
    from zielwerk.steering.services.deviations import rule_save

    for metric, name, lower, upper in RULES:
        if DeviationRule.objects.filter(programme=programme, metric=metric).exists():
            continue
        rule_save(
            actor=ministry,
            rule=None,
            values={
                "programme": programme,
                "name": name,
                "metric": metric,
                "lower_percent": Decimal(lower),
                "upper_percent": Decimal(upper) if upper else None,
                "min_elapsed_days": 60,
                "active": True,
            },
        )
        report.append(f"Abweichungsregel „{name}“ angelegt")


def _rows(version) -> list[dict]:
    from zielwerk.projects.models import Project
    from zielwerk.steering.choices import Metric, Phasing, TargetScope

    region, year = version.agreement.region, version.agreement.programme_year
    fib = Project.objects.get(region=region, programme_year=year, short_name="FIB")
    hib = Project.objects.get(region=region, programme_year=year, short_name="HIB")
    first, last = D(2024, 1, 1), D(2024, 12, 31)
    rows = [
        {
            "key": "fib-eintritte",
            "label": "Eintritte FIB",
            "metric": Metric.ENTRIES,
            "scope": TargetScope.PROJECT,
            "project": fib,
            "measure_type": None,
            "value": Decimal(24),
            "period_from": first,
            "period_to": last,
            "phasing": Phasing.MONTHLY,
            "note": "Neue Eintritte 2024, je Monat geplant (Aufnahme bis September)",
            "phases": [Decimal(v) for v in FIB_MONTHLY],
        },
        {
            "key": "hib-eintritte",
            "label": "Eintritte HIB",
            "metric": Metric.ENTRIES,
            "scope": TargetScope.PROJECT,
            "project": hib,
            "measure_type": None,
            "value": Decimal(20),
            "period_from": first,
            "period_to": last,
            "phasing": Phasing.LINEAR,
            "note": "Neue Eintritte 2024",
        },
        {
            "key": "fib-uebergaenge-ausbildung",
            "label": "Übergänge FIB in Schule oder Ausbildung",
            "metric": Metric.TRANSITIONS_EDUCATION,
            "scope": TargetScope.PROJECT,
            "project": fib,
            "measure_type": None,
            "value": Decimal(7),
            "period_from": D(2024, 7, 1),
            "period_to": last,
            "phasing": Phasing.LINEAR,
            "note": "Austritte ab Juli, wenn die ersten Kurse enden",
        },
    ]
    if version.amount:
        rows.append(
            {
                "key": "ausgaben",
                "label": "Ausgaben der Gebietskörperschaft",
                "metric": Metric.SPENDING,
                "scope": TargetScope.REGION,
                "project": None,
                "measure_type": None,
                "value": version.amount,
                "period_from": first,
                "period_to": last,
                "phasing": Phasing.LINEAR,
                "note": "Haushaltsmittel nach § 4",
            }
        )
    return rows


@transaction.atomic
def seed(report: list[str]) -> None:
    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import AgreementVersion
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.steering.choices import DeviationStatus, MessageKind
    from zielwerk.steering.models import Deviation
    from zielwerk.steering.services.deviations import (
        deviation_answer,
        deviation_explain,
        deviations_check,
    )
    from zielwerk.steering.services.targets import targets_set_for_import

    programme_year = ProgrammeYear.objects.filter(programme__code="aqb", year=2024).first()
    version = (
        AgreementVersion.objects.filter(
            agreement__region__slug="wiesbaden", agreement__programme_year=programme_year, number=1
        )
        .select_related("agreement__region", "agreement__programme_year")
        .first()
    )
    if programme_year is None or version is None:
        return
    ministry = User.objects.get(username="ministerium")
    region_user = User.objects.get(username="wiesbaden")
    _rules(ministry, programme_year.programme, report)

    changes = targets_set_for_import(actor=ministry, version=version, rows=_rows(version))
    if changes["added"]:
        report.append(
            f"Zielwerte Wiesbaden 2024 aus der unterzeichneten Fassung 1 übernommen: "
            f"{', '.join(changes['added'])}"
        )

    agreement = version.agreement
    if not Deviation.objects.filter(agreement=agreement).exists():
        result = deviations_check(
            actor=ministry, programme_year=programme_year, as_of=AS_OF, on=CHECKED_ON
        )
        report.append(
            f"Prüfung auf Abweichungen zum Stichtag 30.06.2024: {result.flagged} Abweichung(en)"
        )
    deviation = Deviation.objects.filter(agreement=agreement, target_key="hib-eintritte").first()
    if deviation is None:
        return
    if deviation.status == DeviationStatus.OPEN:
        deviation_explain(
            actor=region_user,
            deviation=deviation,
            reason=REASON,
            correction=CORRECTION,
            on=EXPLAINED_ON,
        )
        report.append("Begründung und Gegensteuerung Wiesbadens zu „Eintritte HIB“ (16.07.2024)")
        deviation.refresh_from_db()
    accepted = deviation.messages.filter(kind=MessageKind.ACCEPTANCE).exists()
    if not accepted and deviation.status == DeviationStatus.EXPLAINED:
        deviation_answer(
            actor=ministry, deviation=deviation, kind="accept", body=ACCEPTANCE, on=ACCEPTED_ON
        )
        report.append("Abweichung „Eintritte HIB“ vom Ministerium anerkannt (12.08.2024)")
