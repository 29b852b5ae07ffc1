"""Mittelabruf and Auszahlung: the services (ceiling, periods, payout, use, permissions).

Wiesbaden 2024 after the grant decision of the factories: the six projects' AQB amounts
612.400 + 498.700 + 356.200 + 402.000 + 150.000, CBG partly approved with 464.000 instead of
489.000, together 2.483.300,00 €.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zielwerk.core.models import AuditEntry
from zielwerk.grants.choices import (
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    PaymentRequestStatus,
    ProofStatus,
)
from zielwerk.grants.models import Decision, Payment, ProofOfUse
from zielwerk.grants.services.payments import (
    available_amount,
    can_report_use,
    late_payments,
    payment_mark_used,
    payment_request_create,
    payment_request_transition,
)
from zielwerk.grants.tests.factories import make_application, make_grant_decision
from zielwerk.notifications.models import Notification

APPROVED = Decimal("2483300.00")
MAY = dt.date(2024, 5, 1)
AUG_END = dt.date(2024, 8, 31)


@pytest.fixture
def application(demo):
    return make_grant_decision().application


def request_money(users, application, amount, *, start=MAY, end=AUG_END, on=None, who="wiesbaden"):
    return payment_request_create(
        actor=users[who],
        application=application,
        amount=Decimal(amount),
        period_start=start,
        period_end=end,
        on=on,
    )


def step(users, request, name, who="rp-kassel", **kwargs):
    return payment_request_transition(actor=users[who], request=request, name=name, **kwargs)


def test_requests_are_numbered_per_application_and_notify_the_authority(users, application):
    first = request_money(users, application, "1250000.00")
    second = request_money(users, application, "1000.00")
    assert (first.number, second.number) == (1, 2)
    assert first.status == PaymentRequestStatus.REQUESTED
    assert first.requested_by == users["wiesbaden"]
    assert Notification.objects.filter(
        recipient=users["rp-kassel"], title__contains="Mittelabruf 1"
    ).exists()
    assert AuditEntry.objects.filter(
        action="payment_request.create", object_id=str(first.pk)
    ).exists()


def test_the_requested_total_never_exceeds_the_approved_amount(users, application):
    request_money(users, application, "2000000.00")
    with pytest.raises(ValidationError) as exc:
        request_money(users, application, "483300.01")
    message = exc.value.message_dict["amount"][0]
    # approved, already requested and still available, in German money
    assert "Bewilligt: 2.483.300,00 Euro" in message
    assert "bereits abgerufen: 2.000.000,00 Euro" in message
    assert "noch verfügbar: 483.300,00 Euro" in message
    exact = request_money(users, application, "483300.00")
    assert exact.number == 2
    assert available_amount(application) == Decimal("0.00")


def test_a_rejected_request_frees_its_amount(users, application):
    everything = request_money(users, application, str(APPROVED))
    with pytest.raises(ValidationError):
        request_money(users, application, "0.01")
    with pytest.raises(ValidationError) as exc:
        step(users, everything, "reject")
    assert "reason" in exc.value.message_dict
    rejected = step(users, everything, "reject", reason="Zeitraum zu lang.")
    assert rejected.status == PaymentRequestStatus.REJECTED
    assert rejected.decision_note == "Zeitraum zu lang."
    assert rejected.decided_by == users["rp-kassel"]
    again = request_money(users, application, str(APPROVED))
    assert again.number == 2
    assert Notification.objects.filter(
        recipient=users["wiesbaden"], title__startswith="Mittelabruf abgelehnt"
    ).exists()


@pytest.mark.parametrize("amount", ["0.00", "0.004", "-5.00"])
def test_the_amount_must_be_positive(users, application, amount):
    with pytest.raises(ValidationError):
        request_money(users, application, amount)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2023, 12, 31), dt.date(2024, 3, 31), "period_start"),
        (dt.date(2024, 9, 1), dt.date(2025, 1, 1), "period_end"),
        (dt.date(2024, 9, 1), dt.date(2024, 8, 31), "period_end"),
    ],
)
def test_the_period_lies_within_the_programme_year_in_order(users, application, start, end, field):
    with pytest.raises(ValidationError) as exc:
        request_money(users, application, "1000.00", start=start, end=end)
    assert field in exc.value.message_dict
    assert not application.payment_requests.exists()


def test_a_period_on_the_years_first_and_last_day_is_accepted(users, application):
    request = request_money(
        users, application, "1000.00", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert request.period_end == dt.date(2024, 12, 31)


@pytest.mark.parametrize("who", ["rp-kassel", "ministerium", "frankfurt", "traeger-wiesbaden"])
def test_only_the_regions_coordination_requests_money(users, application, who):
    with pytest.raises(PermissionDenied):
        request_money(users, application, "1000.00", who=who)


def test_no_request_before_the_grant_decision(users, demo):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    with pytest.raises(PermissionDenied, match="erst nach dem Zuwendungsbescheid"):
        request_money(users, application, "1000.00")


@pytest.mark.parametrize("who", ["wiesbaden", "ministerium", "frankfurt"])
def test_only_the_authority_approves_rejects_and_pays(users, application, who):
    request = request_money(users, application, "1000.00")
    for name in ("approve", "reject"):
        with pytest.raises(PermissionDenied):
            step(users, request, name, who=who, reason="x")
    step(users, request, "approve")
    with pytest.raises(PermissionDenied):
        step(users, request, "pay", who=who, paid_on=dt.date(2024, 6, 3))


def test_admin_acts_for_the_authority(users, application):
    request = request_money(users, application, "1000.00")
    assert step(users, request, "approve", who="admin").status == PaymentRequestStatus.APPROVED


def test_pay_creates_the_payment_with_use_by_two_months_later(users, application):
    request = request_money(users, application, "1250000.00", on=dt.date(2024, 5, 21))
    request = step(users, request, "approve", on=dt.date(2024, 5, 28))
    with pytest.raises(ValidationError) as exc:
        step(users, request, "pay")
    assert "paid_on" in exc.value.message_dict
    paid = step(users, request, "pay", paid_on=dt.date(2024, 6, 3))
    assert paid.status == PaymentRequestStatus.PAID
    payment = Payment.objects.get(request=paid)
    assert payment.amount == Decimal("1250000.00")
    assert payment.paid_on == dt.date(2024, 6, 3)
    assert payment.use_by == dt.date(2024, 8, 3)
    assert payment.recorded_by == users["rp-kassel"]
    assert AuditEntry.objects.filter(action="payment_request.pay", object_id=str(paid.pk)).exists()
    assert AuditEntry.objects.filter(action="payment.create", object_id=str(payment.pk)).exists()
    assert Notification.objects.filter(
        recipient=users["wiesbaden"], title__startswith="Mittel ausgezahlt"
    ).exists()


def test_use_by_follows_the_configured_months(users, application):
    year = application.programme_year
    year.spend_within_months = 3
    year.save()
    request = request_money(users, application, "1000.00", on=dt.date(2024, 11, 1))
    step(users, request, "approve")
    step(users, request, "pay", paid_on=dt.date(2024, 11, 30))
    # 30 Nov + 3 months: there is no 30 Feb 2025, so the last day of February
    assert Payment.objects.get(request=request).use_by == dt.date(2025, 2, 28)


def test_pay_only_after_approval(users, application):
    request = request_money(users, application, "1000.00")
    with pytest.raises(PermissionDenied, match="beantragt"):
        step(users, request, "pay", paid_on=dt.date(2024, 6, 3))


def test_the_payout_day_is_neither_in_the_future_nor_before_the_request(users, application):
    request = request_money(users, application, "1000.00", on=dt.date(2024, 5, 21))
    step(users, request, "approve")
    with pytest.raises(ValidationError, match=r"vor dem Mittelabruf vom 21\.05\.2024"):
        step(users, request, "pay", paid_on=dt.date(2024, 5, 20))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="in der Zukunft"):
        step(users, request, "pay", paid_on=tomorrow)
    assert not Payment.objects.filter(request=request).exists()
    step(users, request, "pay", paid_on=dt.date(2024, 5, 21))


def _amend(application, total: str) -> Decision:
    return Decision.objects.create(
        application=application,
        kind=DecisionKind.AMENDMENT,
        number=2,
        status=DecisionStatus.ISSUED,
        reference="57-AQB-2024-WI-2",
        title="Änderungsbescheid",
        intro="Änderung",
        remedy="Klage",
        issued_on=dt.date(2024, 7, 1),
        total=Decimal(total),
    )


def test_an_amendment_that_lowers_the_amount_stops_approval_and_payout(users, application):
    first = request_money(users, application, "1500000.00")
    second = request_money(users, application, "900000.00")
    step(users, first, "approve")
    _amend(application, "2000000.00")
    # 1.500.000 approved before + 900.000 > 2.000.000
    with pytest.raises(ValidationError, match=r"noch möglich 500\.000,00 Euro"):
        step(users, second, "approve")
    _amend_lower = Decision.objects.get(application=application, number=2)
    _amend_lower.total = Decimal("1400000.00")
    _amend_lower.save()
    with pytest.raises(ValidationError, match=r"bewilligt 1\.400\.000,00 Euro"):
        step(users, first, "pay", paid_on=dt.date(2024, 7, 2))
    first.refresh_from_db()
    assert first.status == PaymentRequestStatus.APPROVED


def _paid(users, application, paid_on=dt.date(2024, 6, 3)) -> Payment:
    request = request_money(users, application, "1000.00", on=paid_on)
    step(users, request, "approve")
    step(users, request, "pay", paid_on=paid_on)
    return Payment.objects.get(request=request)


def test_late_use_is_flagged(users, application):
    payment = _paid(users, application)  # use by 3 Aug 2024
    assert late_payments(application, dt.date(2024, 8, 3)) == []
    assert late_payments(application, dt.date(2024, 8, 4)) == [payment]
    payment_mark_used(actor=users["wiesbaden"], payment=payment, used_on=dt.date(2024, 8, 3))
    assert late_payments(application, dt.date(2025, 1, 1)) == []
    payment_mark_used(actor=users["wiesbaden"], payment=payment, used_on=dt.date(2024, 8, 5))
    payment.refresh_from_db()
    assert payment.used_on == dt.date(2024, 8, 5)
    assert late_payments(application, dt.date(2024, 8, 5)) == [payment]
    assert (
        AuditEntry.objects.filter(action="payment.mark_used", object_id=str(payment.pk)).count()
        == 2
    )


def test_the_use_day_lies_between_payout_and_today(users, application):
    payment = _paid(users, application)
    with pytest.raises(ValidationError, match=r"vor der Auszahlung am 03\.06\.2024"):
        payment_mark_used(actor=users["wiesbaden"], payment=payment, used_on=dt.date(2024, 6, 2))
    with pytest.raises(ValidationError, match="in der Zukunft"):
        payment_mark_used(
            actor=users["wiesbaden"],
            payment=payment,
            used_on=timezone.localdate() + dt.timedelta(days=1),
        )
    payment.refresh_from_db()
    assert payment.used_on is None


@pytest.mark.parametrize("who", ["rp-kassel", "ministerium", "frankfurt", "traeger-wiesbaden"])
def test_only_the_regions_coordination_reports_use(users, application, who):
    payment = _paid(users, application)
    with pytest.raises(PermissionDenied):
        payment_mark_used(actor=users[who], payment=payment, used_on=dt.date(2024, 7, 1))


# Actions: ("request", cents) or ("reject", index of an earlier request).
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("request"), st.integers(min_value=1, max_value=300_000_000)),
        st.tuples(st.just("reject"), st.integers(min_value=0, max_value=5)),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
def test_any_sequence_of_requests_and_rejections_stays_within_the_approved_amount(
    users, application, actions
):
    """Whatever the region requests and the authority rejects: a request is accepted exactly when
    it fits what is approved minus what binding requests already hold."""
    with transaction.atomic():
        made = []
        bound = Decimal("0.00")  # the binding total, kept by hand
        for kind, value in actions:
            if kind == "request":
                amount = Decimal(value) / 100
                if bound + amount <= APPROVED:
                    made.append(request_money(users, application, str(amount)))
                    bound += amount
                else:
                    with pytest.raises(ValidationError):
                        request_money(users, application, str(amount))
            elif value < len(made) and made[value].status == PaymentRequestStatus.REQUESTED:
                made[value] = step(users, made[value], "reject", reason="abgelehnt")
                bound -= made[value].amount
            assert available_amount(application) == APPROVED - bound
            assert APPROVED - bound >= 0
        transaction.set_rollback(True)


def test_no_change_of_use_days_once_the_proof_of_use_is_submitted(users, application):
    payment = _paid(users, application)  # paid on 3 June 2024
    region = users["wiesbaden"]
    # A draft proof of use does not block: the dates may still be reported and corrected.
    proof = ProofOfUse.objects.create(application=application, status=ProofStatus.DRAFT)
    payment_mark_used(actor=region, payment=payment, used_on=dt.date(2024, 7, 25))
    for status in (
        ProofStatus.SUBMITTED,
        ProofStatus.IN_REVIEW,
        ProofStatus.CLOSED,
        ProofStatus.RECLAIM,
    ):
        ProofOfUse.objects.filter(pk=proof.pk).update(status=status)
        with pytest.raises(PermissionDenied, match="Verwendungsnachweis ist bereits eingereicht"):
            payment_mark_used(actor=region, payment=payment, used_on=dt.date(2024, 7, 1))
        assert not can_report_use(region, application)
    payment.refresh_from_db()
    assert payment.used_on == dt.date(2024, 7, 25)
    assert (
        AuditEntry.objects.filter(action="payment.mark_used", object_id=str(payment.pk)).count()
        == 1
    )
    # Returned for revision (back to draft): the region may correct the dates again.
    ProofOfUse.objects.filter(pk=proof.pk).update(status=ProofStatus.DRAFT)
    payment_mark_used(actor=region, payment=payment, used_on=dt.date(2024, 7, 1))
    payment.refresh_from_db()
    assert payment.used_on == dt.date(2024, 7, 1)
