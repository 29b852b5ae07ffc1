"""Demo stage M of Wiesbaden's 2024 grant procedure: two tranches, requested by the region,
approved and paid by RP Kassel, both reported as used within the period. Only the payment
services; idempotent (each step runs only if it has not happened yet)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zielwerk.accounts.models import User
from zielwerk.core.formats import format_date, format_euro
from zielwerk.grants.choices import ApplicationStatus, PaymentRequestStatus
from zielwerk.grants.models import Application, PaymentRequest
from zielwerk.grants.services.payments import (
    payment_mark_used,
    payment_request_create,
    payment_request_transition,
)


@dataclass(frozen=True)
class Tranche:
    number: int
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    requested_on: dt.date
    approved_on: dt.date
    paid_on: dt.date
    used_on: dt.date
    note: str


TRANCHES = (
    Tranche(
        1,
        Decimal("1250000.00"),
        dt.date(2024, 5, 1),
        dt.date(2024, 8, 31),
        requested_on=dt.date(2024, 5, 21),
        approved_on=dt.date(2024, 5, 28),
        paid_on=dt.date(2024, 6, 3),
        used_on=dt.date(2024, 7, 25),
        note="Erste Tranche für die Monate Mai bis August 2024.",
    ),
    Tranche(
        2,
        Decimal("1233300.00"),
        dt.date(2024, 9, 1),
        dt.date(2024, 12, 31),
        requested_on=dt.date(2024, 9, 2),
        approved_on=dt.date(2024, 9, 16),
        paid_on=dt.date(2024, 9, 23),
        used_on=dt.date(2024, 11, 20),
        note="Zweite Tranche für die Monate September bis Dezember 2024.",
    ),
)


def _advance(tranche: Tranche, application: Application, region_user, authority, report) -> None:
    label = f"Mittelabruf {tranche.number} Wiesbaden 2024"
    request = PaymentRequest.objects.filter(application=application, number=tranche.number).first()
    if request is None:
        request = payment_request_create(
            actor=region_user,
            application=application,
            amount=tranche.amount,
            period_start=tranche.period_start,
            period_end=tranche.period_end,
            note=tranche.note,
            on=tranche.requested_on,
        )
        report.append(
            f"{label} über {format_euro(tranche.amount, cents='always')} "
            f"am {format_date(tranche.requested_on)} gestellt"
        )
    if request.status == PaymentRequestStatus.REQUESTED:
        request = payment_request_transition(
            actor=authority, request=request, name="approve", on=tranche.approved_on
        )
        report.append(f"{label} am {format_date(tranche.approved_on)} freigegeben")
    if request.status == PaymentRequestStatus.APPROVED:
        request = payment_request_transition(
            actor=authority, request=request, name="pay", paid_on=tranche.paid_on
        )
        report.append(f"{label} am {format_date(tranche.paid_on)} ausgezahlt")
    payment = getattr(request, "payment", None)
    if payment is not None and payment.used_on is None:
        payment_mark_used(actor=region_user, payment=payment, used_on=tranche.used_on)
        report.append(f"Verwendung zu {label} am {format_date(tranche.used_on)} gemeldet")


def seed(report: list[str]) -> None:
    application = Application.objects.filter(
        region__slug="wiesbaden", programme_year__programme__code="aqb", programme_year__year=2024
    ).first()
    if application is None or application.status != ApplicationStatus.DECIDED:
        report.append("Mittelabrufe Wiesbaden 2024 übersprungen: noch kein Zuwendungsbescheid")
        return
    region_user = User.objects.get(username="wiesbaden")
    authority = User.objects.get(username="rp-kassel")
    for tranche in TRANCHES:
        _advance(tranche, application, region_user, authority, report)
