"""Demo stage M: two tranches for Wiesbaden 2024, from the state after the grant decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zielwerk.core.models import AuditEntry
from zielwerk.demo import grants_payments
from zielwerk.grants.choices import PaymentRequestStatus
from zielwerk.grants.models import PaymentRequest
from zielwerk.grants.services.payments import late_payments
from zielwerk.grants.tests.factories import make_grant_decision


def test_two_tranches_are_requested_paid_and_used_in_time(users):
    application = make_grant_decision().application
    report: list[str] = []
    grants_payments.seed(report)

    requests = list(PaymentRequest.objects.filter(application=application).order_by("number"))
    assert [(r.number, r.amount, r.status) for r in requests] == [
        (1, Decimal("1250000.00"), PaymentRequestStatus.PAID),
        (2, Decimal("1233300.00"), PaymentRequestStatus.PAID),
    ]
    first, second = requests
    assert (first.period_start, first.period_end) == (dt.date(2024, 5, 1), dt.date(2024, 8, 31))
    assert (second.period_start, second.period_end) == (dt.date(2024, 9, 1), dt.date(2024, 12, 31))
    assert first.requested_by == users["wiesbaden"]
    assert first.decided_by == users["rp-kassel"]
    assert first.requested_at.date() < dt.date(2024, 6, 3)
    # paid on 3 June and 23 Sept 2024, to be used within two months, used on 25 July and 20 Nov
    assert (first.payment.paid_on, first.payment.use_by, first.payment.used_on) == (
        dt.date(2024, 6, 3),
        dt.date(2024, 8, 3),
        dt.date(2024, 7, 25),
    )
    assert (second.payment.paid_on, second.payment.use_by, second.payment.used_on) == (
        dt.date(2024, 9, 23),
        dt.date(2024, 11, 23),
        dt.date(2024, 11, 20),
    )
    assert first.payment.recorded_by == users["rp-kassel"]
    # the two tranches use the whole approved 2.483.300,00 €
    assert first.amount + second.amount == application.decisions.get(number=1).total
    assert late_payments(application, dt.date(2026, 1, 1)) == []
    assert len(report) == 8
    assert AuditEntry.objects.filter(action="payment.mark_used").count() == 2


def test_seed_is_idempotent(users):
    make_grant_decision()
    grants_payments.seed([])
    audit_rows = AuditEntry.objects.count()
    report: list[str] = []
    grants_payments.seed(report)
    assert report == []
    assert AuditEntry.objects.count() == audit_rows
    assert PaymentRequest.objects.count() == 2


def test_seed_waits_for_the_grant_decision(demo):
    report: list[str] = []
    grants_payments.seed(report)
    assert PaymentRequest.objects.count() == 0
    assert report and "übersprungen" in report[0]
