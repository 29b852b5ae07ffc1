"""Pages and API of decisions, per demo role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.grants.choices import ApplicationStatus, DecisionKind, DecisionStatus
from zielwerk.grants.models import Decision, DecisionTemplate
from zielwerk.grants.services.decisions import decision_draft
from zielwerk.grants.tests.factories import make_application, make_grant_decision

pytestmark = pytest.mark.django_db

LIST = reverse("grants:decision_list", kwargs={"year": 2024, "region": "wiesbaden"})


@pytest.fixture
def grant(demo):
    return make_grant_decision()


@pytest.fixture
def draft(demo, users):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    return decision_draft(
        actor=users["rp-kassel"], application=application, kind=DecisionKind.GRANT
    )


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
def test_list_per_role(grant, client_for, username, status):
    response = client_for(username).get(LIST)
    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "Zuwendungsbescheid" in content
        assert "2.483.300,00 Euro" in content


def test_list_needs_login(grant, client_for):
    response = client_for(None).get(LIST)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 200),
        ("ministerium", 200),
        ("rp-kassel", 200),
        ("wiesbaden", 200),
        ("frankfurt", 404),
        ("traeger-wiesbaden", 404),
    ],
)
def test_detail_and_documents_per_role(grant, client_for, username, status):
    client = client_for(username)
    detail = client.get(reverse("grants:decision_detail", kwargs={"pk": grant.pk}))
    assert detail.status_code == status
    for fmt in ("pdf", "docx"):
        url = reverse("grants:decision_document", kwargs={"pk": grant.pk, "fmt": fmt})
        assert client.get(url).status_code == status
    url = reverse("grants:decision_document", kwargs={"pk": grant.pk, "fmt": "odt"})
    assert client.get(url).status_code == 404


def test_document_download(grant, client_for):
    url = reverse("grants:decision_document", kwargs={"pk": grant.pk, "fmt": "pdf"})
    response = client_for("wiesbaden").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "bescheid-2024-wiesbaden-1.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("username", ["ministerium", "wiesbaden"])
def test_issued_decision_cannot_be_edited(grant, client_for, username):
    client = client_for(username)
    for name in ("decision_edit", "decision_issue", "decision_delete"):
        response = client.get(
            reverse(f"grants:decision_{name.split('_')[1]}", kwargs={"pk": grant.pk})
        )
        assert response.status_code == 403


def test_issued_decision_refuses_edit_with_reason(grant, client_for):
    response = client_for("rp-kassel").get(reverse("grants:decision_edit", kwargs={"pk": grant.pk}))
    assert response.status_code == 403
    assert "Änderungsbescheid" in response.content.decode()


def test_authority_drafts_edits_and_issues_in_the_browser(demo, client_for):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    client = client_for("rp-kassel")
    create = reverse(
        "grants:decision_create", kwargs={"year": 2024, "region": "wiesbaden", "kind": "grant"}
    )
    assert client.get(create).status_code == 200
    response = client.post(create)
    decision = Decision.objects.get(application=application)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:decision_detail", kwargs={"pk": decision.pk})
    assert "Vor dem Erlass" not in client.get(response["Location"]).content.decode()

    edit = reverse("grants:decision_edit", kwargs={"pk": decision.pk})
    page = client.get(edit)
    assert page.status_code == 200
    assert "{total}" in page.content.decode()
    items = list(decision.items.select_related("project").order_by("project__code"))
    data = {
        "projekte-TOTAL_FORMS": str(len(items)),
        "projekte-INITIAL_FORMS": str(len(items)),
        "bescheid-proof_due_on": "30.06.2025",
        "bescheid-issued_on": "15.05.2024",
    }
    for field in ("title", "intro", "conditions", "reasons", "remedy", "closing"):
        data[f"bescheid-{field}"] = getattr(decision, field)
    for index, item in enumerate(items):
        cbg = item.project.short_name == "CBG"
        data[f"projekte-{index}-approved"] = (
            "464.000,00" if cbg else f"{item.applied:.2f}".replace(".", ",")
        )
        data[f"projekte-{index}-reason"] = ""
    # partial approval without a reason: saved, but issuing is refused and names the project
    assert client.post(edit, data).status_code == 302
    decision.refresh_from_db()
    assert decision.total == Decimal("2483300.00")
    issue = reverse("grants:decision_issue", kwargs={"pk": decision.pk})
    assert "WI-2024-CBG" in client.get(issue).content.decode()
    refused = client.post(issue)
    assert refused.status_code == 400
    assert "WI-2024-CBG" in refused.content.decode()

    cbg_index = next(i for i, item in enumerate(items) if item.project.short_name == "CBG")
    data[f"projekte-{cbg_index}-reason"] = "Ausstattung ist nicht zuwendungsfähig."
    data["bescheid-closing"] = "Gruß {unbekannt}"
    invalid = client.post(edit, data)
    assert invalid.status_code == 400
    assert "{unbekannt}" in invalid.content.decode()
    data["bescheid-closing"] = decision.closing
    assert client.post(edit, data).status_code == 302

    assert client.post(issue).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert decision.issued_on == dt.date(2024, 5, 15)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECIDED


@pytest.mark.parametrize(
    ("username", "status"),
    [("ministerium", 403), ("wiesbaden", 403), ("frankfurt", 404), ("traeger-wiesbaden", 403)],
)
def test_others_cannot_draft(demo, client_for, username, status):
    make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    create = reverse(
        "grants:decision_create", kwargs={"year": 2024, "region": "wiesbaden", "kind": "grant"}
    )
    client = client_for(username)
    assert client.get(create).status_code == status
    assert client.post(create).status_code == status
    assert not Decision.objects.exists()


def test_reclaim_is_not_drafted_on_this_page(demo, client_for):
    make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    create = reverse(
        "grants:decision_create", kwargs={"year": 2024, "region": "wiesbaden", "kind": "reclaim"}
    )
    assert client_for("rp-kassel").get(create).status_code == 404


def test_delete_draft(draft, client_for):
    url = reverse("grants:decision_delete", kwargs={"pk": draft.pk})
    assert client_for("wiesbaden").post(url).status_code == 403
    client = client_for("rp-kassel")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Decision.objects.filter(pk=draft.pk).exists()


def test_amendment_detail_shows_the_difference(grant, users, client_for):
    from zielwerk.grants.services.decisions import decision_update

    authority = users["rp-kassel"]
    amendment = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.AMENDMENT
    )
    fib = amendment.items.get(project__short_name="FIB")
    decision_update(
        actor=authority,
        decision=amendment,
        items={fib.project_id: (Decimal("600000.00"), "weniger Plätze")},
        texts={"reasons": "Neue Begründung der Änderung."},
    )
    content = (
        client_for("wiesbaden")
        .get(reverse("grants:decision_detail", kwargs={"pk": amendment.pk}))
        .content.decode()
    )
    assert "bisher bewilligt" in content
    assert "612.400,00 Euro" in content
    assert "600.000,00 Euro" in content
    assert "−12.400 Euro" in content
    assert "Geänderte Texte" in content
    assert "Neue Begründung der Änderung." in content


@pytest.mark.parametrize(
    ("username", "list_status", "edit_status"),
    [
        ("admin", 200, 200),
        ("ministerium", 200, 403),
        ("rp-kassel", 200, 200),
        ("wiesbaden", 403, 403),
        ("frankfurt", 403, 403),
        ("traeger-wiesbaden", 403, 403),
    ],
)
def test_template_pages_per_role(demo, client_for, username, list_status, edit_status):
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    client = client_for(username)
    assert client.get(reverse("grants:template_list")).status_code == list_status
    url = reverse("grants:template_edit", kwargs={"pk": template.pk})
    assert client.get(url).status_code == edit_status


def test_template_edit_refuses_unknown_placeholders(demo, client_for):
    template = DecisionTemplate.objects.get(kind=DecisionKind.GRANT, valid_from_year=2011)
    url = reverse("grants:template_edit", kwargs={"pk": template.pk})
    data = {
        field: getattr(template, field)
        for field in ("title", "intro", "conditions", "reasons", "remedy", "closing")
    }
    data["intro"] = "Betrag {betrag}"
    client = client_for("rp-kassel")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "{betrag}" in response.content.decode()
    data["intro"] = "Betrag {total}"
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.intro == "Betrag {total}"


# --- API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "count"),
    [("admin", 1), ("ministerium", 1), ("rp-kassel", 1), ("wiesbaden", 1), ("frankfurt", 0)],
)
def test_api_list(grant, client_for, username, count):
    response = client_for(username).get("/api/v1/decisions", {"year": 2024, "region": "wiesbaden"})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == count
    if count:
        assert body[0]["kind"] == "grant"
        assert Decimal(body[0]["total"]) == Decimal("2483300.00")


def test_api_list_refused_for_providers(grant, client_for):
    assert client_for("traeger-wiesbaden").get("/api/v1/decisions").status_code == 403
    assert client_for(None).get("/api/v1/decisions").status_code == 401


@pytest.mark.parametrize(
    ("username", "status"),
    [("rp-kassel", 200), ("wiesbaden", 200), ("frankfurt", 404), ("traeger-wiesbaden", 404)],
)
def test_api_detail(grant, client_for, username, status):
    response = client_for(username).get(f"/api/v1/decisions/{grant.pk}")
    assert response.status_code == status
    if status == 200:
        items = {item["project"]: item for item in response.json()["items"]}
        assert Decimal(items["WI-2024-CBG"]["approved"]) == Decimal("464000.00")
        assert Decimal(items["WI-2024-CBG"]["applied"]) == Decimal("489000.00")
        assert len(items) == 6
