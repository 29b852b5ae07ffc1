"""Two payment requests at the same moment cannot together exceed the approved amount: the
application row is locked, so the second waits and then sees the first. Needs real row locks
(PostgreSQL); SQLite serialises whole transactions and is skipped."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from zielwerk.grants.models import Application, PaymentRequest
from zielwerk.grants.services.payments import payment_request_create
from zielwerk.grants.tests.factories import make_grant_decision


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_above_the_approved_amount_one_wins(users):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are tested on PostgreSQL")
    application_pk = make_grant_decision().application.pk
    actor = users["wiesbaden"]
    assert actor.roles  # computed once here, not raced for in the threads
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def press_request(amount: str) -> None:
        try:
            application = Application.objects.get(pk=application_pk)
            barrier.wait()
            created = payment_request_create(
                actor=actor,
                application=application,
                amount=Decimal(amount),
                period_start=dt.date(2024, 5, 1),
                period_end=dt.date(2024, 8, 31),
            )
            outcomes.append(created.amount)
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    # each fits the approved 2.483.300,00 € alone; together (3.000.000,00 €) they do not
    threads = [
        threading.Thread(target=press_request, args=(amount,))
        for amount in ("1500000.00", "1500000.00")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = [o for o in outcomes if isinstance(o, Decimal)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(created) == 1 and len(refused) == 1, outcomes
    assert "bereits abgerufen: 1.500.000,00 Euro" in refused[0]
    assert "noch verfügbar: 983.300,00 Euro" in refused[0]
    assert list(
        PaymentRequest.objects.filter(application_id=application_pk).values_list("number", "amount")
    ) == [(1, Decimal("1500000.00"))]
