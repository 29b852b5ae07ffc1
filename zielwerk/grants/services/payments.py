"""Mittelabruf and Auszahlung: the region requests money for a period, the authority approves or
rejects the request and records the payout, the region reports when the money was used.

Every step locks the application row first (`select_for_update`), so that two requests made at the
same moment cannot together exceed the approved amount: the second waits for the first and then
sees its amount in `requested_total`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import User
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import apply_changes, audit_record, snapshot
from zielwerk.core.dates import add_months
from zielwerk.core.formats import format_date, format_euro
from zielwerk.core.permissions import Verdict, allow, deny
from zielwerk.notifications.services import notification_send

from .. import money, permissions, selectors
from ..choices import PaymentRequestStatus, ProofStatus
from ..models import Application, Payment, PaymentRequest, ProofOfUse
from ..workflows import PAYMENT_REQUEST

TITLE_LENGTH = 200  # Notification.title


def _euro(value: Decimal) -> str:
    return format_euro(value, cents="always")


def _stamp(on: dt.date | None) -> dt.datetime:
    """A timestamp on the given day (at the current time of day), or now."""
    now = timezone.now()
    if on is None or on == timezone.localdate():
        return now
    local = timezone.localtime(now)
    return timezone.make_aware(dt.datetime.combine(on, local.time().replace(tzinfo=None)))


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("programme_year", "region")
        .get(pk=application.pk)
    )


def _lock_request(request: PaymentRequest) -> tuple[Application, PaymentRequest]:
    application = _lock_application(request.application)
    locked = PaymentRequest.objects.select_for_update().get(pk=request.pk)
    locked.application = application
    return application, locked


# --- notifications --------------------------------------------------------------------------


def authority_staff(*, actor=None) -> QuerySet[User]:
    return people_with_role(Role.AUTHORITY_STAFF, exclude=actor)


def region_coordinators(application: Application, *, actor=None) -> QuerySet[User]:
    return people_with_role(
        Role.REGION_COORDINATOR, organisation_id=application.region.administration_id, exclude=actor
    )


def payment_list_url(application: Application) -> str:
    return reverse(
        "grants:payment_list",
        kwargs={"year": application.programme_year.year, "region": application.region.slug},
    )


def _notify(recipients: QuerySet[User], *, headline: str, request: PaymentRequest, body: str):
    application = request.application
    title = _("%(headline)s: Mittelabruf %(number)s – %(region)s %(year)s") % {
        "headline": headline,
        "number": request.number,
        "region": application.region.name,
        "year": application.programme_year.year,
    }
    for recipient in recipients:
        notification_send(
            recipient=recipient,
            title=title[:TITLE_LENGTH],
            body=body,
            link=payment_list_url(application),
        )


# --- reads ----------------------------------------------------------------------------------


def available_amount(application: Application) -> Decimal:
    """What the region may still request: approved minus every binding request."""
    return selectors.approved_total(application) - selectors.requested_total(application)


def late_payments(application: Application, today: dt.date) -> list[Payment]:
    """Payouts whose money was used after the period, or is not reported as used although the
    period is over."""
    payments = Payment.objects.filter(
        request__application=application, request__status=PaymentRequestStatus.PAID
    ).order_by("paid_on", "pk")
    return [payment for payment in payments if payment.is_late_use(today)]


# --- writes ---------------------------------------------------------------------------------


def _check_period(application: Application, period_start, period_end) -> None:
    year = application.programme_year
    errors: dict[str, list[str]] = {}
    if period_start is None:
        errors.setdefault("period_start", []).append(_("Bitte geben Sie den Beginn an."))
    if period_end is None:
        errors.setdefault("period_end", []).append(_("Bitte geben Sie das Ende an."))
    if errors:
        raise ValidationError(errors)
    if period_end < period_start:
        errors.setdefault("period_end", []).append(
            _("Das Ende des Zeitraums (%(end)s) liegt vor dem Beginn (%(start)s).")
            % {"end": format_date(period_end), "start": format_date(period_start)}
        )
    for field, day in (("period_start", period_start), ("period_end", period_end)):
        if not year.first_day <= day <= year.last_day:
            errors.setdefault(field, []).append(
                _(
                    "Der Zeitraum muss im Programmjahr %(year)s liegen "
                    "(%(first)s bis %(last)s); %(day)s liegt außerhalb."
                )
                % {
                    "year": year.year,
                    "first": format_date(year.first_day),
                    "last": format_date(year.last_day),
                    "day": format_date(day),
                }
            )
    if errors:
        raise ValidationError(errors)


def _check_ceiling(application: Application, amount: Decimal) -> None:
    approved = selectors.approved_total(application)
    requested = selectors.requested_total(application)
    if requested + amount > approved:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Der Abruf von %(amount)s übersteigt die bewilligten Mittel. Bewilligt: "
                        "%(approved)s, bereits abgerufen: %(requested)s, noch verfügbar: "
                        "%(available)s."
                    )
                    % {
                        "amount": _euro(amount),
                        "approved": _euro(approved),
                        "requested": _euro(requested),
                        "available": _euro(max(approved - requested, Decimal("0.00"))),
                    }
                ]
            }
        )


def payment_request_create(
    *,
    actor,
    application: Application,
    amount: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    note: str = "",
    on: dt.date | None = None,
) -> PaymentRequest:
    """Mittelabruf by the region's coordination: at most what is approved and not yet requested."""
    permissions.can_request_payment(actor, application).enforce()
    amount = money.cents(Decimal(amount if amount is not None else 0))
    if amount <= 0:
        raise ValidationError({"amount": [_("Der Betrag muss größer als 0,00 Euro sein.")]})
    with transaction.atomic():
        application = _lock_application(application)
        permissions.can_request_payment(actor, application).enforce()
        _check_period(application, period_start, period_end)
        _check_ceiling(application, amount)
        last = PaymentRequest.objects.filter(application=application).aggregate(n=Max("number"))
        request = PaymentRequest(
            application=application,
            number=(last["n"] or 0) + 1,
            amount=amount,
            period_start=period_start,
            period_end=period_end,
            note=note.strip(),
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        request.full_clean()
        request.save()
        if on is not None:
            # requested_at is auto_now_add: the demo replays 2024, so set the day afterwards.
            request.requested_at = _stamp(on)
            PaymentRequest.objects.filter(pk=request.pk).update(requested_at=request.requested_at)
        audit_record(
            actor=actor,
            action="payment_request.create",
            obj=request,
            changes=snapshot(
                request, ["number", "amount", "period_start", "period_end", "status", "note"]
            ),
        )
        _notify(
            authority_staff(actor=actor),
            headline=_("Neuer Mittelabruf"),
            request=request,
            body=_("%(region)s ruft %(amount)s für %(start)s bis %(end)s ab.")
            % {
                "region": application.region.name,
                "amount": _euro(request.amount),
                "start": format_date(period_start),
                "end": format_date(period_end),
            },
        )
    return request


def _committed_total(application: Application, statuses) -> Decimal:
    total = PaymentRequest.objects.filter(application=application, status__in=statuses).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal("0.00")


def _check_still_approved(application: Application, request: PaymentRequest, name: str) -> None:
    """An amendment may have lowered the approved amount since the request was made."""
    approved = selectors.approved_total(application)
    statuses: tuple[str, ...]
    if name == "approve":
        statuses = (PaymentRequestStatus.APPROVED, PaymentRequestStatus.PAID)
    else:
        statuses = (PaymentRequestStatus.PAID,)
    before = _committed_total(application, statuses)
    if before + request.amount > approved:
        raise ValidationError(
            _(
                "Mittelabruf %(number)s (%(amount)s) übersteigt den jetzt bewilligten Betrag: "
                "bewilligt %(approved)s, bereits freigegeben oder ausgezahlt %(before)s, "
                "noch möglich %(available)s."
            )
            % {
                "number": request.number,
                "amount": _euro(request.amount),
                "approved": _euro(approved),
                "before": _euro(before),
                "available": _euro(max(approved - before, Decimal("0.00"))),
            }
        )


def _check_paid_on(request: PaymentRequest, paid_on: dt.date | None) -> None:
    if paid_on is None:
        raise ValidationError({"paid_on": [_("Bitte geben Sie den Auszahlungstag an.")]})
    today = timezone.localdate()
    if paid_on > today:
        raise ValidationError(
            {
                "paid_on": [
                    _("Der Auszahlungstag %(day)s liegt in der Zukunft.")
                    % {"day": format_date(paid_on)}
                ]
            }
        )
    requested_on = timezone.localtime(request.requested_at).date()
    if paid_on < requested_on:
        raise ValidationError(
            {
                "paid_on": [
                    _("Der Auszahlungstag %(day)s liegt vor dem Mittelabruf vom %(requested)s.")
                    % {"day": format_date(paid_on), "requested": format_date(requested_on)}
                ]
            }
        )


def _pay(actor, application: Application, request: PaymentRequest, paid_on: dt.date) -> Payment:
    payment = Payment(
        request=request,
        amount=request.amount,
        paid_on=paid_on,
        use_by=add_months(paid_on, application.programme_year.spend_within_months),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    payment.full_clean()
    payment.save()
    audit_record(
        actor=actor,
        action="payment.create",
        obj=payment,
        changes=snapshot(payment, ["amount", "paid_on", "use_by"]),
    )
    return payment


STEP_HEADLINES = {
    "approve": gettext_lazy("Mittelabruf freigegeben"),
    "reject": gettext_lazy("Mittelabruf abgelehnt"),
    "pay": gettext_lazy("Mittel ausgezahlt"),
}


def _step_body(request: PaymentRequest, name: str) -> str:
    if name == "reject":
        return _("Der Mittelabruf über %(amount)s wurde abgelehnt: %(reason)s") % {
            "amount": _euro(request.amount),
            "reason": request.decision_note,
        }
    if name == "pay":
        payment = request.payment
        return _(
            "%(amount)s wurden am %(paid_on)s ausgezahlt und sind bis zum %(use_by)s zu verwenden."
        ) % {
            "amount": _euro(payment.amount),
            "paid_on": format_date(payment.paid_on),
            "use_by": format_date(payment.use_by),
        }
    return _("Der Mittelabruf über %(amount)s wurde zur Auszahlung freigegeben.") % {
        "amount": _euro(request.amount)
    }


def payment_request_transition(
    *,
    actor,
    request: PaymentRequest,
    name: str,
    reason: str = "",
    paid_on: dt.date | None = None,
    on: dt.date | None = None,
) -> PaymentRequest:
    """approve, reject (with a reason; the amount is free again) or pay (with the payout day;
    creates the Payment). `on` dates the decision (default today) for the demo's replay."""
    reason = (reason or "").strip()
    with transaction.atomic():
        application, request = _lock_request(request)
        transition = PAYMENT_REQUEST.check(actor, request, name)
        changes: dict = {}
        if name == "reject":
            if not reason:
                raise ValidationError({"reason": [_("Bitte begründen Sie die Ablehnung.")]})
            changes |= apply_changes(request, {"decision_note": reason})
        if name in ("approve", "pay"):
            _check_still_approved(application, request, name)
        if name == "pay":
            _check_paid_on(request, paid_on)
        if name in ("approve", "reject"):
            changes |= apply_changes(
                request,
                {
                    "decided_at": _stamp(on),
                    "decided_by": actor if getattr(actor, "pk", None) else None,
                },
            )
            if reason and name == "approve":
                changes |= apply_changes(request, {"decision_note": reason})
        changes |= apply_changes(request, {"status": transition.target})
        request.full_clean()
        request.save()
        if name == "pay":
            assert paid_on is not None
            payment = _pay(actor, application, request, paid_on)
            changes["paid_on"] = [None, payment.paid_on.isoformat()]
        audit_record(
            actor=actor,
            action=f"payment_request.{name}",
            obj=request,
            changes=changes,
            reason=reason,
        )
        _notify(
            region_coordinators(application, actor=actor),
            headline=str(STEP_HEADLINES[name]),
            request=request,
            body=_step_body(request, name),
        )
    return request


def can_report_use(user, application: Application, *, lock: bool = False) -> Verdict:
    """Reporting or correcting the day a payout was used: the region's coordination, until the
    proof of use of the application is submitted (it rests on those dates). `lock` locks the
    proof's row, so that a submission at the same moment waits for the report."""
    verdict = permissions.acts_for_region(user, application)
    if not verdict:
        return verdict
    proofs = ProofOfUse.objects.filter(application_id=application.pk)
    if lock:
        proofs = proofs.select_for_update()
    status = proofs.values_list("status", flat=True).first()
    if status is not None and status != ProofStatus.DRAFT:
        return deny(
            _(
                "Der Verwendungsnachweis ist bereits eingereicht (Status: %(status)s); die "
                "Verwendungsdaten der Auszahlungen können nicht mehr geändert werden."
            )
            % {"status": ProofStatus(status).label}
        )
    return allow()


def payment_mark_used(*, actor, payment: Payment, used_on: dt.date) -> Payment:
    """The region reports the day the payout was used (spent); may be corrected later, until the
    proof of use is submitted (see can_report_use)."""
    with transaction.atomic():
        locked = (
            Payment.objects.select_for_update()
            .select_related("request__application__region", "request__application__programme_year")
            .get(pk=payment.pk)
        )
        can_report_use(actor, locked.request.application, lock=True).enforce()
        if used_on is None:
            raise ValidationError({"used_on": [_("Bitte geben Sie das Verwendungsdatum an.")]})
        if used_on < locked.paid_on:
            raise ValidationError(
                {
                    "used_on": [
                        _("Das Verwendungsdatum %(day)s liegt vor der Auszahlung am %(paid_on)s.")
                        % {"day": format_date(used_on), "paid_on": format_date(locked.paid_on)}
                    ]
                }
            )
        if used_on > timezone.localdate():
            raise ValidationError(
                {
                    "used_on": [
                        _("Das Verwendungsdatum %(day)s liegt in der Zukunft.")
                        % {"day": format_date(used_on)}
                    ]
                }
            )
        changes = apply_changes(locked, {"used_on": used_on})
        if changes:
            locked.save(update_fields=["used_on"])
            audit_record(actor=actor, action="payment.mark_used", obj=locked, changes=changes)
    return locked
