"""The read-only API of proofs of use: /api/v1/proofs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zielwerk.grants.choices import ItemVerdict
from zielwerk.grants.services.proof import (
    proof_create,
    proof_transition,
    proof_update,
    reclaim_create,
    statement_items_review,
)
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db

BASE = "/api/v1/proofs"


@pytest.fixture
def reclaimed(demo, users):
    application = factories.make_grant_decision().application
    factories.make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    factories.make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    proof = proof_create(actor=users["wiesbaden"], application=application)
    proof = proof_update(
        actor=users["wiesbaden"],
        proof=proof,
        narrative="Bericht",
        actuals={item.pk: item.planned for item in proof.items.all()},
    )
    proof = proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    proof = proof_transition(actor=users["rp-kassel"], proof=proof, name="start_review")
    rows = {item.pk: (ItemVerdict.ACCEPTED, None, "") for item in proof.items.all()}
    material = proof.items.get(project__short_name="FIB", side="cost", category="material")
    rows[material.pk] = (ItemVerdict.PARTLY, Decimal("80000"), "Folgejahr")
    statement_items_review(actor=users["rp-kassel"], proof=proof, findings=rows)
    reclaim_create(
        actor=users["rp-kassel"], proof=proof, due_on=dt.date(2025, 9, 30), on=dt.date(2025, 9, 1)
    )
    return proof


@pytest.mark.parametrize(
    ("username", "count"),
    [
        ("ministerium", 1),
        ("rp-kassel", 1),
        ("wiesbaden", 1),
        ("frankfurt", 0),
        ("traeger-wiesbaden", 0),
    ],
)
def test_list_per_role(reclaimed, client_for, username, count):
    response = client_for(username).get(BASE)
    assert response.status_code == 200
    assert len(response.json()) == count


def test_list_filters(reclaimed, client_for):
    client = client_for("ministerium")
    assert len(client.get(BASE, {"year": 2024, "region": "wiesbaden"}).json()) == 1
    assert client.get(BASE, {"year": 2025}).json() == []
    assert client.get(BASE, {"region": "frankfurt"}).json() == []
    row = client.get(BASE).json()[0]
    assert row["status"] == "in_review"
    assert row["deadline"] == "2025-06-30"


def test_anonymous_is_refused(reclaimed, client_for):
    assert client_for(None).get(BASE).status_code == 401


def test_detail_with_items_and_figures(reclaimed, client_for):
    data = client_for("wiesbaden").get(f"{BASE}/2024/wiesbaden").json()
    assert len(data["items"]) == 23
    material = next(
        i for i in data["items"] if i["project"] == "WI-2024-FIB" and i["category"] == "material"
    )
    assert material["verdict"] == "partly"
    assert Decimal(material["recognised"]) == Decimal("80000.00")
    figures = data["figures"]
    assert Decimal(figures["eligible"]) == Decimal("2470900.00")
    assert Decimal(figures["paid"]) == Decimal("2483300.00")
    assert Decimal(figures["reclaim"]) == Decimal("12400.00")
    fib = next(p for p in figures["projects"] if p["project"] == "WI-2024-FIB")
    assert Decimal(fib["eligible"]) == Decimal("600000.00")
    assert Decimal(data["reclaim"]["interest"]) == Decimal("631.89")
    assert data["reclaim"]["decision_status"] == "draft"


@pytest.mark.parametrize("username", ["frankfurt", "traeger-wiesbaden"])
def test_detail_out_of_scope_is_404(reclaimed, client_for, username):
    assert client_for(username).get(f"{BASE}/2024/wiesbaden").status_code == 404


def test_no_writes(reclaimed, client_for):
    assert client_for("rp-kassel").post(f"{BASE}/2024/wiesbaden").status_code == 405
