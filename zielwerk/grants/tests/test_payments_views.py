"""Pages and API of Mittelabruf and Auszahlung: who sees and does what, German money and dates,
the late-use flag in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.grants.choices import PaymentRequestStatus, ProofStatus
from zielwerk.grants.models import Payment, PaymentRequest, ProofOfUse
from zielwerk.grants.services.payments import payment_request_create, payment_request_transition
from zielwerk.grants.tests.factories import make_grant_decision

LIST_URL = reverse("grants:payment_list", kwargs={"year": 2024, "region": "wiesbaden"})
CREATE_URL = reverse("grants:payment_request_create", kwargs={"year": 2024, "region": "wiesbaden"})
API = "/api/v1/payment-requests"


@pytest.fixture
def application(demo):
    return make_grant_decision().application


def make_request(users, application, amount="1250000.00", on=dt.date(2024, 5, 21)):
    return payment_request_create(
        actor=users["wiesbaden"],
        application=application,
        amount=Decimal(amount),
        period_start=dt.date(2024, 5, 1),
        period_end=dt.date(2024, 8, 31),
        on=on,
    )


def make_paid(users, application, paid_on=dt.date(2024, 6, 3), amount="1250000.00") -> Payment:
    request = make_request(users, application, amount=amount, on=paid_on)
    payment_request_transition(actor=users["rp-kassel"], request=request, name="approve")
    payment_request_transition(
        actor=users["rp-kassel"], request=request, name="pay", paid_on=paid_on
    )
    return Payment.objects.get(request=request)


def transition_url(request, name):
    return reverse("grants:payment_request_transition", kwargs={"pk": request.pk, "name": name})


# --- the list --------------------------------------------------------------------------------


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
def test_list_answers_per_role(client_for, application, username, status):
    assert client_for(username).get(LIST_URL).status_code == status


def test_list_asks_anonymous_people_to_sign_in(client_for, application):
    response = client_for(None).get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].endswith("?next=" + LIST_URL)


def test_list_without_application_is_404(client_for, demo):
    assert client_for("rp-kassel").get(LIST_URL).status_code == 404


def test_list_shows_the_summary_in_german_money(client_for, users, application):
    make_paid(users, application, amount="1250000.00")
    make_request(users, application, amount="200000.00", on=dt.date(2024, 7, 1))
    html = client_for("ministerium").get(LIST_URL).content.decode()
    assert "2.483.300,00 Euro" in html  # approved
    assert "1.450.000,00 Euro" in html  # requested: 1.250.000 + 200.000
    assert "1.250.000,00 Euro" in html  # paid
    assert "1.033.300,00 Euro" in html  # still available: 2.483.300 − 1.450.000
    assert "01.05.2024 – 31.08.2024" in html
    assert "03.08.2024" in html  # use by: 3 June + 2 months


def test_list_flags_late_use_in_words(client_for, users, application):
    not_reported = make_paid(users, application, paid_on=dt.date(2024, 6, 3), amount="1000.00")
    used_late = make_paid(users, application, paid_on=dt.date(2024, 7, 1), amount="2000.00")
    used_late.used_on = dt.date(2024, 9, 2)  # use by 1 Sept 2024
    used_late.save()
    in_time = make_paid(users, application, paid_on=dt.date(2024, 8, 1), amount="3000.00")
    in_time.used_on = dt.date(2024, 9, 1)
    in_time.save()
    html = client_for("wiesbaden").get(LIST_URL).content.decode()
    assert html.count("Frist abgelaufen, Verwendung nicht gemeldet") == 1
    assert html.count("Verwendung verspätet") == 1
    assert "fristgerecht verwendet" in html
    assert reverse("grants:payment_used", kwargs={"pk": not_reported.pk}) in html


def test_the_region_gets_the_request_button_the_authority_the_steps(client_for, users, application):
    request = make_request(users, application)
    region_html = client_for("wiesbaden").get(LIST_URL).content.decode()
    assert CREATE_URL in region_html
    assert transition_url(request, "approve") not in region_html
    authority_html = client_for("rp-kassel").get(LIST_URL).content.decode()
    assert CREATE_URL not in authority_html
    assert transition_url(request, "approve") in authority_html
    assert transition_url(request, "reject") in authority_html


# --- a new request ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 403),
        ("ministerium", 403),
        ("rp-kassel", 403),
        ("wiesbaden", 200),
        ("frankfurt", 404),
        ("traeger-wiesbaden", 403),
    ],
)
def test_create_page_answers_per_role(client_for, application, username, status):
    assert client_for(username).get(CREATE_URL).status_code == status


def test_create_page_shows_the_available_amount(client_for, users, application):
    make_request(users, application, amount="1250000.00")
    html = client_for("wiesbaden").get(CREATE_URL).content.decode()
    assert "1.233.300,00 Euro" in html  # 2.483.300 − 1.250.000


def test_region_requests_money_with_german_input(client_for, application):
    response = client_for("wiesbaden").post(
        CREATE_URL,
        {
            "amount": "1.250.000,00",
            "period_start": "01.05.2024",
            "period_end": "31.08.2024",
            "note": "erste Tranche",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    request = PaymentRequest.objects.get(application=application)
    assert request.amount == Decimal("1250000.00")
    assert request.period_start == dt.date(2024, 5, 1)
    assert request.note == "erste Tranche"


def test_request_above_the_available_amount_is_refused_on_the_form(client_for, application):
    response = client_for("wiesbaden").post(
        CREATE_URL,
        {"amount": "2.483.300,01", "period_start": "2024-05-01", "period_end": "2024-08-31"},
    )
    assert response.status_code == 400
    assert "noch verfügbar: 2.483.300,00 Euro" in response.content.decode()
    assert not PaymentRequest.objects.exists()


def test_request_outside_the_year_is_refused_on_the_form(client_for, application):
    response = client_for("wiesbaden").post(
        CREATE_URL,
        {"amount": "1.000,00", "period_start": "2024-12-01", "period_end": "2025-01-31"},
    )
    assert response.status_code == 400
    assert "im Programmjahr 2024" in response.content.decode()


# --- the authority's steps --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 200),
        ("ministerium", 403),
        ("rp-kassel", 200),
        ("wiesbaden", 403),
        ("frankfurt", 404),
        ("traeger-wiesbaden", 404),
    ],
)
def test_step_pages_answer_per_role(client_for, users, application, username, status):
    request = make_request(users, application)
    for name in ("approve", "reject"):
        assert client_for(username).get(transition_url(request, name)).status_code == status


def test_unknown_step_is_404(client_for, users, application):
    request = make_request(users, application)
    assert client_for("rp-kassel").get(transition_url(request, "delete")).status_code == 404


def test_approve_asks_for_confirmation_then_approves(client_for, users, application):
    request = make_request(users, application)
    client = client_for("rp-kassel")
    page = client.get(transition_url(request, "approve")).content.decode()
    assert "Ja, freigeben" in page
    request.refresh_from_db()
    assert request.status == PaymentRequestStatus.REQUESTED  # GET changes nothing
    response = client.post(transition_url(request, "approve"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PaymentRequestStatus.APPROVED
    # approving twice is refused with the reason
    assert client.post(transition_url(request, "approve")).status_code == 403


def test_reject_needs_a_reason(client_for, users, application):
    request = make_request(users, application)
    client = client_for("rp-kassel")
    assert client.post(transition_url(request, "reject"), {"reason": ""}).status_code == 400
    response = client.post(transition_url(request, "reject"), {"reason": "Belege fehlen."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PaymentRequestStatus.REJECTED
    assert "Belege fehlen." in client_for("wiesbaden").get(LIST_URL).content.decode()


def test_pay_records_the_payout_day(client_for, users, application):
    request = make_request(users, application)
    payment_request_transition(actor=users["rp-kassel"], request=request, name="approve")
    client = client_for("rp-kassel")
    assert client.post(transition_url(request, "pay"), {"paid_on": ""}).status_code == 400
    refused = client.post(transition_url(request, "pay"), {"paid_on": "20.05.2024"})
    assert refused.status_code == 400
    assert "vor dem Mittelabruf vom 21.05.2024" in refused.content.decode()
    response = client.post(transition_url(request, "pay"), {"paid_on": "03.06.2024"})
    assert response.status_code == 302
    payment = Payment.objects.get(request=request)
    assert (payment.paid_on, payment.use_by) == (dt.date(2024, 6, 3), dt.date(2024, 8, 3))


# --- reporting use ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 403),
        ("ministerium", 403),
        ("rp-kassel", 403),
        ("wiesbaden", 200),
        ("frankfurt", 404),
        ("traeger-wiesbaden", 404),
    ],
)
def test_used_page_answers_per_role(client_for, users, application, username, status):
    payment = make_paid(users, application)
    url = reverse("grants:payment_used", kwargs={"pk": payment.pk})
    assert client_for(username).get(url).status_code == status


def test_region_reports_use(client_for, users, application):
    payment = make_paid(users, application)
    url = reverse("grants:payment_used", kwargs={"pk": payment.pk})
    client = client_for("wiesbaden")
    refused = client.post(url, {"used_on": "01.06.2024"})
    assert refused.status_code == 400
    assert "vor der Auszahlung am 03.06.2024" in refused.content.decode()
    assert client.post(url, {"used_on": "25.07.2024"}).status_code == 302
    payment.refresh_from_db()
    assert payment.used_on == dt.date(2024, 7, 25)


# --- API --------------------------------------------------------------------------------------


def test_api_lists_what_the_person_may_see(client_for, users, application):
    payment = make_paid(users, application)
    rows = client_for("wiesbaden").get(API, {"year": 2024, "region": "wiesbaden"}).json()
    assert len(rows) == 1
    row = rows[0]
    assert (row["number"], row["year"], row["region"], row["status"]) == (
        1,
        2024,
        "wiesbaden",
        "paid",
    )
    assert Decimal(row["amount"]) == Decimal("1250000.00")
    assert row["payment"]["use_by"] == "2024-08-03"
    assert row["payment"]["id"] == payment.pk
    assert row["payment"]["late_use"] is True  # not reported, period long over
    assert client_for("frankfurt").get(API).json() == []
    assert len(client_for("ministerium").get(API).json()) == 1
    assert client_for("ministerium").get(API, {"year": 2023}).json() == []
    assert client_for("traeger-wiesbaden").get(API).status_code == 403
    assert client_for(None).get(API).status_code == 401


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


BODY = {
    "year": 2024,
    "region": "wiesbaden",
    "amount": "1250000.00",
    "period_start": "2024-05-01",
    "period_end": "2024-08-31",
}


def test_api_region_requests_money(client_for, application):
    response = _post(client_for("wiesbaden"), API, BODY)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "requested"
    assert PaymentRequest.objects.get(application=application).amount == Decimal("1250000.00")
    too_much = _post(client_for("wiesbaden"), API, {**BODY, "amount": "1233300.01"})
    assert too_much.status_code == 422
    assert "noch verfügbar: 1.233.300,00 Euro" in too_much.json()["detail"][0]["message"]
    german = _post(client_for("wiesbaden"), API, {**BODY, "amount": "1.000,00"})
    assert german.status_code == 422


@pytest.mark.parametrize(
    ("username", "status"),
    [("rp-kassel", 403), ("ministerium", 403), ("frankfurt", 404), ("traeger-wiesbaden", 403)],
)
def test_api_others_cannot_request_money(client_for, application, username, status):
    response = _post(client_for(username), API, BODY)
    assert response.status_code == status
    assert not PaymentRequest.objects.exists()


def test_api_authority_approves_and_pays(client_for, users, application):
    request = make_request(users, application)
    url = f"{API}/{request.pk}/transitions"
    assert _post(client_for("wiesbaden"), f"{url}/approve", {}).status_code == 403
    assert _post(client_for("frankfurt"), f"{url}/approve", {}).status_code == 404
    assert _post(client_for("rp-kassel"), f"{url}/nonsense", {}).status_code == 404
    client = client_for("rp-kassel")
    approved = client.generic("POST", f"{url}/approve")  # no body at all
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert _post(client, f"{url}/pay", {}).status_code == 422
    paid = _post(client, f"{url}/pay", {"paid_on": "2024-06-03"}).json()
    assert paid["status"] == "paid"
    assert paid["payment"]["use_by"] == "2024-08-03"
    usage = _post(
        client_for("wiesbaden"),
        f"/api/v1/payments/{paid['payment']['id']}/usage",
        {"used_on": "2024-07-25"},
    )
    assert usage.status_code == 200
    assert usage.json()["late_use"] is False


def test_api_reject_needs_a_reason(client_for, users, application):
    request = make_request(users, application)
    url = f"{API}/{request.pk}/transitions/reject"
    refused = _post(client_for("rp-kassel"), url, {})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "reason"
    done = _post(client_for("rp-kassel"), url, {"reason": "Belege fehlen."}).json()
    assert (done["status"], done["decision_note"]) == ("rejected", "Belege fehlen.")


@pytest.mark.parametrize("username", ["rp-kassel", "wiesbaden"])
def test_list_query_count_does_not_grow_with_the_requests(client_for, users, application, username):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_paid(users, application, amount="1000.00")
    client = client_for(username)
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as before:
        assert client.get(LIST_URL).status_code == 200
    make_paid(users, application, amount="2000.00")
    make_request(users, application, amount="3000.00")
    with CaptureQueriesContext(connection) as after:
        response = client.get(LIST_URL)
    assert len(response.context["request_rows"]) == 3
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def test_no_request_button_once_everything_is_requested(client_for, users, application):
    make_request(users, application, amount="2483300.00")
    html = client_for("wiesbaden").get(LIST_URL).content.decode()
    assert CREATE_URL not in html
    assert "vollständig abgerufen" in html


def test_no_use_link_once_the_proof_of_use_is_submitted(client_for, users, application):
    payment = make_paid(users, application)
    used_url = reverse("grants:payment_used", kwargs={"pk": payment.pk})
    client = client_for("wiesbaden")
    proof = ProofOfUse.objects.create(application=application, status=ProofStatus.DRAFT)
    page = client.get(LIST_URL).content.decode()
    assert used_url in page and "Verwendung melden" in page

    ProofOfUse.objects.filter(pk=proof.pk).update(status=ProofStatus.SUBMITTED)
    page = client.get(LIST_URL).content.decode()
    assert used_url not in page
    assert "Verwendungsnachweis ist bereits eingereicht" in page
    for response in (client.get(used_url), client.post(used_url, {"used_on": "25.07.2024"})):
        assert response.status_code == 403
        assert "Verwendungsnachweis ist bereits eingereicht" in response.content.decode()
    payment.refresh_from_db()
    assert payment.used_on is None
