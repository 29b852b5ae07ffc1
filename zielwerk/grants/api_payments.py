"""API of Mittelabruf and Auszahlung. Reads are filtered to the person's scope; writes call the
same services as the pages (PermissionDenied → 403, ValidationError → 422, see zielwerk/api.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from zielwerk.core.api_errors import errors

from . import permissions
from .models import Application, Payment, PaymentRequest
from .services.payments import payment_mark_used, payment_request_create, payment_request_transition
from .workflows import PAYMENT_REQUEST

router = Router(tags=["Zuwendungsverfahren"])

AMOUNT_PATTERN = re.compile(r"\d{1,10}(\.\d{1,2})?")


class PaymentOut(Schema):
    id: int
    amount: Decimal
    paid_on: dt.date
    use_by: dt.date
    used_on: dt.date | None
    late_use: bool

    @staticmethod
    def resolve_late_use(obj) -> bool:
        return obj.is_late_use(timezone.localdate())


class PaymentRequestOut(Schema):
    id: int
    number: int
    year: int
    region: str
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    note: str
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str
    payment: PaymentOut | None = None

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.application.programme_year.year

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.application.region.slug

    @staticmethod
    def resolve_payment(obj):
        return getattr(obj, "payment", None)


class PaymentRequestIn(Schema):
    year: int
    region: str
    amount: str
    period_start: dt.date
    period_end: dt.date
    note: str = ""


class TransitionIn(Schema):
    reason: str = ""
    paid_on: dt.date | None = None


class UsageIn(Schema):
    used_on: dt.date


def _requests_for(user):
    return PaymentRequest.objects.visible_to(user).select_related(
        "application__programme_year", "application__region", "payment"
    )


def _request_get(user, pk: int) -> PaymentRequest:
    found = _requests_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Diesen Mittelabruf gibt es nicht oder er ist nicht sichtbar."))
    return found


def _amount(text: str) -> Decimal:
    if not AMOUNT_PATTERN.fullmatch(text.strip()):
        raise ValidationError(
            {"amount": [_("Bitte den Betrag als Dezimalzahl mit Punkt angeben, z. B. 1250000.00.")]}
        )
    return Decimal(text.strip())


@router.get(
    "/payment-requests",
    response={200: list[PaymentRequestOut], **errors(403)},
    summary="Mittelabrufe mit ihren Auszahlungen",
)
def payment_request_list(request, year: int | None = None, region: str = ""):
    permissions.can_view_grants(request.user).enforce()
    requests = _requests_for(request.user)
    if year is not None:
        requests = requests.filter(application__programme_year__year=year)
    if region:
        requests = requests.filter(application__region__slug=region)
    return list(requests.order_by("application__programme_year__year", "application_id", "number"))


@router.post(
    "/payment-requests",
    response={201: PaymentRequestOut, **errors(403, 404, 422)},
    summary="Mittel abrufen (Koordination der Gebietskörperschaft)",
)
def payment_request_post(request, payload: PaymentRequestIn):
    permissions.can_view_grants(request.user).enforce()
    application = (
        Application.objects.visible_to(request.user)
        .filter(programme_year__year=payload.year, region__slug=payload.region)
        .order_by("programme_year__programme__code")
        .first()
    )
    if application is None:
        raise Http404(_("Zu dieser Gebietskörperschaft und diesem Jahr gibt es keinen Antrag."))
    created = payment_request_create(
        actor=request.user,
        application=application,
        amount=_amount(payload.amount),
        period_start=payload.period_start,
        period_end=payload.period_end,
        note=payload.note,
    )
    return Status(201, _request_get(request.user, created.pk))


@router.post(
    "/payment-requests/{pk}/transitions/{name}",
    response={200: PaymentRequestOut, **errors(403, 404, 422)},
    summary="Mittelabruf freigeben, ablehnen oder Auszahlung erfassen (Bewilligungsbehörde)",
)
def payment_request_step(request, pk: int, name: str, payload: TransitionIn | None = None):
    payment_request = _request_get(request.user, pk)
    if PAYMENT_REQUEST.get(name) is None:
        raise Http404(_("Diesen Schritt gibt es nicht."))
    payload = payload or TransitionIn()
    payment_request_transition(
        actor=request.user,
        request=payment_request,
        name=name,
        reason=payload.reason,
        paid_on=payload.paid_on,
    )
    return _request_get(request.user, pk)


@router.post(
    "/payments/{pk}/usage",
    response={200: PaymentOut, **errors(403, 404, 422)},
    summary="Verwendung einer Auszahlung melden (Koordination der Gebietskörperschaft)",
)
def payment_usage(request, pk: int, payload: UsageIn):
    payment = (
        Payment.objects.filter(request__in=PaymentRequest.objects.visible_to(request.user))
        .filter(pk=pk)
        .first()
    )
    if payment is None:
        raise Http404(_("Diese Auszahlung gibt es nicht oder sie ist nicht sichtbar."))
    return payment_mark_used(actor=request.user, payment=payment, used_on=payload.used_on)
