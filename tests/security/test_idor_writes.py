"""IDOR through the API's write operations: another organisation's user sends a *valid* body to
an object of Wiesbaden's procedure by its id. The permission matrix requests these routes with
GET only (405); here every write is really sent, answered 404 exactly like a missing object,
and nothing changes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.grants.models import Application, Payment, PaymentRequest
from zielwerk.participants.models import Participant
from zielwerk.projects.models import Project

# The routes this module sends writes to; tests/security/test_idor_coverage.py relies on it.
WRITE_ROUTES = {
    "api:application_step",
    "api:payment_request_step",
    "api:payment_usage",
    "api:participant_exit_record",
    "api:participant_followup_record",
    "api:project_plan_put",
}


@pytest.fixture
def demo(demo_module, db):
    """The demo, seeded once for the module (tests/conftest.py)."""


def _state() -> dict[str, object]:
    """What any of the writes below would change."""
    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    fib = Project.objects.get(code="WI-2024-FIB")
    return {
        "application": (application.status, application.updated_at),
        "requests": sorted(PaymentRequest.objects.values_list("pk", "status", "decided_at")),
        "payments": sorted(Payment.objects.values_list("pk", "used_on")),
        "participants": sorted(
            Participant.objects.filter(project=fib).values_list(
                "pk", "exited_on", "exit_reason", "followup_on"
            )
        ),
        "costs": sorted(fib.cost_items.values_list("pk", "amount")),
        "funding": sorted(fib.funding_items.values_list("pk", "amount")),
    }


def _open_request() -> PaymentRequest:
    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    return PaymentRequest.objects.create(
        application=application,
        number=99,
        amount=Decimal("1.00"),
        period_start="2024-11-01",
        period_end="2024-12-31",
    )


def _fib_participant() -> Participant:
    return Participant.objects.filter(project__code="WI-2024-FIB").order_by("pk").first()


def _writes():
    """(route, kwargs, method, body) for each write, built when the test runs."""
    participant = _fib_participant()
    payment = Payment.objects.filter(request__application__region__slug="wiesbaden").first()
    return [
        (
            "api:application_step",
            {"year": 2024, "region_slug": "wiesbaden", "name": "submit"},
            "post",
            {"reason": "fremd"},
        ),
        ("api:payment_request_step", {"pk": _open_request().pk, "name": "approve"}, "post", {}),
        ("api:payment_usage", {"pk": payment.pk}, "post", {"used_on": "2024-12-31"}),
        (
            "api:participant_exit_record",
            {"participant_id": participant.pk},
            "post",
            {"exited_on": "30.06.2024", "exit_reason": "regulär"},
        ),
        (
            "api:participant_followup_record",
            {"participant_id": participant.pk},
            "post",
            {"followup_on": "30.12.2024", "followup_situation": "employed"},
        ),
        (
            "api:project_plan_put",
            {"code": "WI-2024-FIB"},
            "put",
            {"costs": {"personnel": "1.00"}, "funding": {}},
        ),
    ]


def test_the_module_sends_every_listed_route(demo):
    assert {route for route, *_ in _writes()} == WRITE_ROUTES


@pytest.mark.parametrize("username", ["frankfurt"])
def test_another_region_cannot_write_to_wiesbadens_objects(demo, client_for, username):
    client = client_for(username)
    writes = _writes()
    before = _state()
    for route, kwargs, method, body in writes:
        response = getattr(client, method)(
            reverse(route, kwargs=kwargs), json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 404, (route, response.status_code, response.content)
    assert _state() == before


def test_the_provider_cannot_move_the_procedure(demo, client_for):
    """The provider runs FIB but is no party to the application or the payments."""
    client = client_for("traeger-wiesbaden")
    writes = [w for w in _writes() if w[0].startswith(("api:application", "api:payment"))]
    before = _state()
    for route, kwargs, method, body in writes:
        response = getattr(client, method)(
            reverse(route, kwargs=kwargs), json.dumps(body), content_type="application/json"
        )
        assert response.status_code in {403, 404}, (route, response.status_code)
    assert _state() == before


def test_control_the_same_bodies_are_valid_for_someone_who_sees_the_objects(demo, client_for):
    """Without this, a 404 above could come from a malformed body or a wrong id: here the grant
    authority (which sees Wiesbaden's procedure) and the provider (who records FIB's
    participants) send the same writes and are neither told "not found" nor refused by the body
    validation (a business rule may still refuse the step: 403 or 422 with a message)."""
    who = {"api:participant_exit_record": "traeger-wiesbaden"}
    who |= {"api:participant_followup_record": "traeger-wiesbaden"}
    who |= {"api:project_plan_put": "wiesbaden"}
    answers = {}
    for route, kwargs, method, body in _writes():
        client = client_for(who.get(route, "rp-kassel"))
        response = getattr(client, method)(
            reverse(route, kwargs=kwargs), json.dumps(body), content_type="application/json"
        )
        detail = response.json().get("detail") if response.status_code == 422 else None
        # Request validation names a `loc`; a business rule names a `field` (core/api_errors.py).
        schema_error = isinstance(detail, list) and any("loc" in entry for entry in detail)
        answers[route] = (response.status_code, schema_error)
    assert all(status != 404 and not schema_error for status, schema_error in answers.values()), (
        answers
    )
