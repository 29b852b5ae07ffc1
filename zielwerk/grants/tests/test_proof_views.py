"""The proof-of-use and reclaim pages in the browser's way: scope, permissions, forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zielwerk.grants.choices import DecisionStatus, ItemVerdict, ProofStatus
from zielwerk.grants.models import ProofOfUse, Reclaim
from zielwerk.grants.services.proof import (
    proof_create,
    proof_transition,
    proof_update,
    reclaim_create,
    statement_items_review,
)
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db

KW = {"year": 2024, "region": "wiesbaden"}


def url(view, **extra):
    return reverse(f"grants:{view}", kwargs={**KW, **extra})


@pytest.fixture
def application(demo):
    application = factories.make_grant_decision().application
    factories.make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    factories.make_payment(application, "1233300.00", dt.date(2024, 9, 23))
    return application


@pytest.fixture
def proof(application, users):
    return proof_create(actor=users["wiesbaden"], application=application)


@pytest.fixture
def reviewing(proof, users):
    proof = proof_update(
        actor=users["wiesbaden"],
        proof=proof,
        narrative="Bericht",
        actuals={item.pk: item.planned for item in proof.items.all()},
    )
    proof = proof_transition(actor=users["wiesbaden"], proof=proof, name="submit")
    return proof_transition(actor=users["rp-kassel"], proof=proof, name="start_review")


def _fib_material(proof):
    return proof.items.get(project__short_name="FIB", side="cost", category="material")


@pytest.fixture
def reviewed(reviewing, users):
    rows = {item.pk: (ItemVerdict.ACCEPTED, None, "") for item in reviewing.items.all()}
    rows[_fib_material(reviewing).pk] = (ItemVerdict.PARTLY, Decimal("80000"), "Folgejahr")
    statement_items_review(actor=users["rp-kassel"], proof=reviewing, findings=rows)
    return reviewing


# --- scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 200),
        ("ministerium", 200),
        ("rp-kassel", 200),
        ("wiesbaden", 200),
        ("frankfurt", 404),
        ("traeger-wiesbaden", 403),
    ],
)
def test_detail_per_role(proof, client_for, username, status):
    assert client_for(username).get(url("proof_detail")).status_code == status


def test_anonymous_is_sent_to_the_login(proof, client_for):
    response = client_for(None).get(url("proof_detail"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "anmelden" in response["Location"]


def test_provider_gets_the_reason(proof, client_for):
    response = client_for("traeger-wiesbaden").get(url("proof_detail"))
    assert "sehen das Ministerium" in response.content.decode()


def test_unknown_year_is_404(application, client_for):
    response = client_for("wiesbaden").get(
        reverse("grants:proof_detail", kwargs={"year": 1999, "region": "wiesbaden"})
    )
    assert response.status_code == 404


# --- creation ---------------------------------------------------------------------------------


def test_region_sees_the_create_button_and_creates(application, client_for):
    client = client_for("wiesbaden")
    page = client.get(url("proof_detail")).content.decode()
    assert "Verwendungsnachweis anlegen" in page
    assert "30.06.2025" in page  # the grant decision's proof_due_on
    response = client.post(url("proof_create"))
    assert response.status_code == 302
    assert ProofOfUse.objects.filter(application=application).exists()


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel"])
def test_others_cannot_create(application, client_for, username):
    page = client_for(username).get(url("proof_detail")).content.decode()
    assert "Verwendungsnachweis anlegen" not in page
    assert client_for(username).post(url("proof_create")).status_code == 403
    assert not ProofOfUse.objects.exists()


def test_create_is_post_only(application, client_for):
    assert client_for("wiesbaden").get(url("proof_create")).status_code == 405


# --- detail -----------------------------------------------------------------------------------


def test_detail_shows_statement_figures_and_explanation(reviewed, client_for):
    page = client_for("ministerium").get(url("proof_detail")).content.decode()
    assert "Zahlenmäßiger Nachweis" in page
    assert "Folgejahr" in page
    assert "80.000,00" in page
    assert "anerkannten Ausgaben abzüglich der Einnahmen" in page
    # eligible 2,470,900.00, paid 2,483,300.00, reclaim 12,400.00
    assert "2.470.900,00" in page
    assert "2.483.300,00" in page
    assert "12.400,00" in page
    # the ministry reads only
    assert "Rückforderung berechnen" not in page
    assert "Positionen prüfen" not in page


def test_authority_sees_review_and_reclaim_buttons(reviewed, client_for):
    page = client_for("rp-kassel").get(url("proof_detail")).content.decode()
    assert "Positionen prüfen" in page
    assert "Rückforderung berechnen" in page
    assert url("reclaim_create") in page


# --- editing ----------------------------------------------------------------------------------


def test_edit_with_german_amounts(proof, client_for):
    client = client_for("wiesbaden")
    assert client.get(url("proof_edit")).status_code == 200
    data = {"narrative": "Unser Bericht"}
    for item in proof.items.all():
        data[f"actual_{item.pk}"] = "0"
    material = _fib_material(proof)
    data[f"actual_{material.pk}"] = "92.400,00"
    response = client.post(url("proof_edit"), data)
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.actual == Decimal("92400.00")
    proof.refresh_from_db()
    assert proof.narrative == "Unser Bericht"


def test_edit_rejects_bad_numbers(proof, client_for):
    data = {"narrative": "x"}
    for item in proof.items.all():
        data[f"actual_{item.pk}"] = "0"
    data[f"actual_{_fib_material(proof).pk}"] = "-5"
    response = client_for("wiesbaden").post(url("proof_edit"), data)
    assert response.status_code == 400
    assert "negative" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "status"), [("ministerium", 403), ("rp-kassel", 403), ("frankfurt", 404)]
)
def test_edit_refused(proof, client_for, username, status):
    assert client_for(username).get(url("proof_edit")).status_code == status
    assert client_for(username).post(url("proof_edit"), {}).status_code == status


def test_edit_without_proof_is_404(application, client_for):
    assert client_for("wiesbaden").get(url("proof_edit")).status_code == 404


def test_redraft_asks_first_then_replaces(proof, client_for, users):
    proof_update(actor=users["wiesbaden"], proof=proof, narrative="eigener Text", actuals={})
    client = client_for("wiesbaden")
    page = client.get(url("proof_redraft")).content.decode()
    assert "ersetzt den jetzigen Text" in page
    proof.refresh_from_db()
    assert proof.narrative == "eigener Text"
    assert client.post(url("proof_redraft")).status_code == 302
    proof.refresh_from_db()
    assert proof.narrative.startswith("Sachbericht zum Verwendungsnachweis")
    assert client_for("ministerium").post(url("proof_redraft")).status_code == 403


# --- steps ------------------------------------------------------------------------------------


def test_submit_with_confirmation(proof, client_for):
    client = client_for("wiesbaden")
    page = client.get(url("proof_detail")).content.decode()
    assert url("proof_transition", name="submit") in page
    confirm = client.get(url("proof_transition", name="submit"))
    assert confirm.status_code == 200
    assert "Ja, Verwendungsnachweis einreichen" in confirm.content.decode()
    assert client.post(url("proof_transition", name="submit")).status_code == 302
    proof.refresh_from_db()
    assert proof.status == ProofStatus.SUBMITTED


def test_steps_refused_with_the_reason(proof, client_for):
    response = client_for("rp-kassel").post(url("proof_transition", name="submit"))
    assert response.status_code == 403
    assert "Koordination der Gebietskörperschaft" in response.content.decode()
    response = client_for("wiesbaden").post(url("proof_transition", name="unknown"))
    assert response.status_code == 403


def test_return_needs_a_reason(reviewing, client_for):
    client = client_for("rp-kassel")
    response = client.post(url("proof_transition", name="return"), {"reason": ""})
    assert response.status_code == 400
    response = client.post(url("proof_transition", name="return"), {"reason": "Belege fehlen"})
    assert response.status_code == 302
    reviewing.refresh_from_db()
    assert reviewing.status == ProofStatus.DRAFT


def test_close_refused_with_the_figures(reviewed, client_for):
    response = client_for("rp-kassel").post(url("proof_transition", name="close"), {})
    assert response.status_code == 400
    assert "12.400,00" in response.content.decode()
    reviewed.refresh_from_db()
    assert reviewed.status == ProofStatus.IN_REVIEW


# --- review -----------------------------------------------------------------------------------


def _review_data(proof, **override):
    data = {}
    for item in proof.items.all():
        data[f"verdict_{item.pk}"] = "accepted"
        data[f"recognised_{item.pk}"] = ""
        data[f"reason_{item.pk}"] = ""
    data.update(override)
    return data


def test_review_form_for_all_lines(reviewing, client_for):
    client = client_for("rp-kassel")
    assert client.get(url("proof_review")).status_code == 200
    material = _fib_material(reviewing)
    data = _review_data(
        reviewing,
        **{
            f"verdict_{material.pk}": "partly",
            f"recognised_{material.pk}": "80.000,00",
            f"reason_{material.pk}": "Anschaffungen für das Folgejahr",
        },
    )
    assert client.post(url("proof_review"), data).status_code == 302
    material.refresh_from_db()
    assert material.verdict == ItemVerdict.PARTLY
    assert material.recognised == Decimal("80000.00")
    assert not reviewing.items.filter(verdict=ItemVerdict.OPEN).exists()


def test_review_errors_name_the_line(reviewing, client_for):
    material = _fib_material(reviewing)
    data = _review_data(reviewing, **{f"verdict_{material.pk}": "rejected"})
    response = client_for("rp-kassel").post(url("proof_review"), data)
    assert response.status_code == 400
    assert "WI-2024-FIB, Sachausgaben" in response.content.decode()
    assert not reviewing.items.exclude(verdict=ItemVerdict.OPEN).exists()


@pytest.mark.parametrize(
    ("username", "status"), [("wiesbaden", 403), ("ministerium", 403), ("frankfurt", 404)]
)
def test_review_refused(reviewing, client_for, username, status):
    assert client_for(username).get(url("proof_review")).status_code == status


# --- reclaim ----------------------------------------------------------------------------------


def test_reclaim_preview_and_draft(reviewed, client_for):
    client = client_for("rp-kassel")
    page = client.get(url("reclaim_create")).content.decode()
    assert "fällig am" in page
    today = timezone.localdate()
    due = today + dt.timedelta(days=20)
    preview = client.get(url("reclaim_create"), {"due_on": due.isoformat()}).content.decode()
    # 12,400.00 attributed to the payout of 23.9.2024
    assert "23.09.2024" in preview
    assert "12.400,00" in preview
    assert "Ja, Rückforderungsbescheid entwerfen" in preview
    response = client.post(url("reclaim_create"), {"due_on": due.isoformat()})
    assert response.status_code == 302
    reclaim = Reclaim.objects.get()
    assert response["Location"] == f"/bescheide/{reclaim.decision.pk}/"
    assert reclaim.principal == Decimal("12400.00")
    days = (due - dt.date(2024, 9, 23)).days
    expected = (Decimal("12400") * 5 / 100 * days / 365).quantize(Decimal("0.01"))
    assert reclaim.interest == expected
    detail = client.get(url("proof_detail")).content.decode()
    assert "Rückforderungsbescheid" in detail
    assert f"/bescheide/{reclaim.decision.pk}/" in detail


@pytest.mark.parametrize(
    ("username", "status"),
    [("wiesbaden", 403), ("ministerium", 403), ("frankfurt", 404), ("traeger-wiesbaden", 403)],
)
def test_reclaim_refused(reviewed, client_for, username, status):
    assert client_for(username).get(url("reclaim_create")).status_code == status
    assert (
        client_for(username).post(url("reclaim_create"), {"due_on": "2030-01-01"}).status_code
        == status
    )
    assert not Reclaim.objects.exists()


@pytest.fixture
def issued(reviewed, users):
    reclaim = reclaim_create(
        actor=users["rp-kassel"],
        proof=reviewed,
        due_on=dt.date(2025, 9, 30),
        on=dt.date(2025, 9, 1),
    )
    reclaim.decision.status = DecisionStatus.ISSUED
    reclaim.decision.issued_on = dt.date(2025, 9, 1)
    reclaim.decision.save()
    return reclaim


def test_repayment_form(issued, client_for):
    client = client_for("rp-kassel")
    repaid = reverse("grants:reclaim_repaid", kwargs={"pk": issued.pk})
    assert client.get(repaid).status_code == 200
    response = client.post(repaid, {"repaid_on": "15.10.2025"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.repaid_on == dt.date(2025, 10, 15)
    page = client.get(url("proof_detail")).content.decode()
    # 387 days: 12,400 × 0.05 × 387 / 365 = 657.37; the decision's 631.89 stays
    assert "657,37" in page
    assert "631,89" in page
    assert "Rückzahlung am 15.10.2025" in page


@pytest.mark.parametrize(
    ("username", "status"),
    [("wiesbaden", 403), ("ministerium", 403), ("frankfurt", 404), ("traeger-wiesbaden", 403)],
)
def test_repayment_refused(issued, client_for, username, status):
    repaid = reverse("grants:reclaim_repaid", kwargs={"pk": issued.pk})
    assert client_for(username).get(repaid).status_code == status
    assert client_for(username).post(repaid, {"repaid_on": "15.10.2025"}).status_code == status


def test_repayment_refused_while_the_decision_is_a_draft(reviewed, client_for, users):
    reclaim = reclaim_create(
        actor=users["rp-kassel"],
        proof=reviewed,
        due_on=dt.date(2025, 9, 30),
        on=dt.date(2025, 9, 1),
    )
    repaid = reverse("grants:reclaim_repaid", kwargs={"pk": reclaim.pk})
    response = client_for("rp-kassel").get(repaid)
    assert response.status_code == 403
    assert "Erlass" in response.content.decode()
