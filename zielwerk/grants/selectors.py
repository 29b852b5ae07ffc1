"""Read-side figures of the grant procedure, shared by the pages, the API and controlling."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from zielwerk.budgets.models import AllocationVersion

from .choices import APPROVING_KINDS, DecisionStatus, PaymentRequestStatus
from .models import Application, Decision, Payment, PaymentRequest

ZERO = Decimal("0.00")


def effective_decision(application: Application) -> Decision | None:
    """The newest issued grant, amendment or revocation decision: it sets the approved amounts."""
    return (
        Decision.objects.filter(
            application=application, status=DecisionStatus.ISSUED, kind__in=APPROVING_KINDS
        )
        .order_by("-number")
        .first()
    )


def approved_total(application: Application) -> Decimal:
    decision = effective_decision(application)
    return decision.total if decision is not None else ZERO


def approved_by_project(application: Application) -> dict[int, Decimal]:
    decision = effective_decision(application)
    if decision is None:
        return {}
    return {item.project_id: item.approved for item in decision.items.all()}


def requested_total(application: Application) -> Decimal:
    """Requests that bind money: requested, approved or paid (rejected ones do not count)."""
    total = (
        PaymentRequest.objects.filter(application=application)
        .binding()
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


def paid_total(application: Application) -> Decimal:
    total = Payment.objects.filter(
        request__application=application, request__status=PaymentRequestStatus.PAID
    ).aggregate(total=Sum("amount"))["total"]
    return total or ZERO


def allocation_amount(application: Application) -> Decimal | None:
    """The region's current allocation for the year (None when there is none)."""
    version = (
        AllocationVersion.objects.filter(
            allocation__region_id=application.region_id,
            allocation__programme_year_id=application.programme_year_id,
        )
        .order_by("-number")
        .first()
    )
    return version.amount if version is not None else None


def approved_totals(programme_year) -> dict[int, Decimal]:
    """Approved total per application id of a year (the effective decisions), in one query."""
    newest: dict[int, tuple[int, Decimal]] = {}
    for application_id, number, total in Decision.objects.filter(
        application__programme_year=programme_year,
        status=DecisionStatus.ISSUED,
        kind__in=APPROVING_KINDS,
    ).values_list("application_id", "number", "total"):
        if application_id not in newest or number > newest[application_id][0]:
            newest[application_id] = (number, total)
    return {application_id: total for application_id, (_number, total) in newest.items()}


def paid_totals(programme_year) -> dict[int, Decimal]:
    """Paid out per application id of a year, in one query (summed exactly in Python)."""
    totals: dict[int, Decimal] = {}
    for application_id, amount in Payment.objects.filter(
        request__application__programme_year=programme_year,
        request__status=PaymentRequestStatus.PAID,
    ).values_list("request__application_id", "amount"):
        totals[application_id] = totals.get(application_id, ZERO) + amount
    return totals
