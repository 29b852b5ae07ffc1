"""Pages of the application per role: the year overview, the application page, creating,
editing, the workflow steps and the reviews. The demo year 2024's deadline (31.03.2024) has
passed, so submitting in the browser is late and needs a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from zielwerk.grants.choices import ApplicationStatus, ReviewResult
from zielwerk.grants.models import Application
from zielwerk.grants.tests import factories

from .test_applications_support import complete_plans, draft_application

pytestmark = pytest.mark.django_db

OVERVIEW = "/zuwendung/2024/"
DETAIL = "/zuwendung/2024/wiesbaden/antrag/"


def step(name: str) -> str:
    return f"{DETAIL}schritt/{name}/"


def text(response) -> str:
    return response.content.decode()


# --- overview ------------------------------------------------------------------------------------


def test_overview_answers_per_role(client_for):
    assert client_for(None).get(OVERVIEW).status_code == 302
    for username in ("admin", "ministerium", "rp-kassel"):
        page = client_for(username).get(OVERVIEW)
        assert page.status_code == 200, username
        assert "Wiesbaden" in text(page) and "Frankfurt am Main" in text(page)
    own = text(client_for("wiesbaden").get(OVERVIEW))
    assert "Wiesbaden" in own and "Frankfurt am Main" not in own
    other = text(client_for("frankfurt").get(OVERVIEW))
    assert "Frankfurt am Main" in other and "Wiesbaden</a>" not in other
    provider = client_for("traeger-wiesbaden").get(OVERVIEW)
    assert provider.status_code == 403
    assert "Bewilligungsbehörde" in text(provider)
    assert client_for("ministerium").get("/zuwendung/1999/").status_code == 404


def test_overview_shows_applied_approved_paid_and_late_flag(client_for):
    application = factories.make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    application.is_late = True
    application.late_reason = "Gremienbeschluss verspätet"
    application.save()
    factories.make_grant_decision(application)
    factories.make_payment(application, "1250000.00", dt.date(2024, 6, 3))
    page = text(client_for("rp-kassel").get(OVERVIEW))
    # applied: the six AQB amounts add up to 2.508.300,00; approved: minus 25.000,00 for CBG.
    assert "2.508.300,00 Euro" in page
    assert "2.483.300,00 Euro" in page
    assert "1.250.000,00 Euro" in page
    assert "verspätet" in page and "Gremienbeschluss verspätet" in page
    csv = client_for("ministerium").get(OVERVIEW + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    line = next(row for row in text(csv).splitlines() if row.startswith("Wiesbaden;"))
    assert "2.483.300,00" in line and "ja" in line and "Gremienbeschluss" in line


# --- the application page ------------------------------------------------------------------------


def test_before_an_application_exists(client_for):
    complete_plans()
    own = client_for("wiesbaden").get(DETAIL)
    assert own.status_code == 200
    assert "Antrag anlegen" in text(own)
    assert "Tagen überschritten (31.03.2024)" in text(own)
    authority = text(client_for("rp-kassel").get(DETAIL))
    assert "noch kein Antrag" in authority and "Antrag anlegen" not in authority
    assert client_for("frankfurt").get(DETAIL).status_code == 404
    assert client_for("traeger-wiesbaden").get(DETAIL).status_code == 404
    assert client_for(None).get(DETAIL).status_code == 302


def test_create_by_post(client_for):
    complete_plans()
    assert client_for("frankfurt").post(DETAIL + "anlegen/").status_code == 404
    assert client_for("ministerium").post(DETAIL + "anlegen/").status_code == 403
    assert client_for("wiesbaden").get(DETAIL + "anlegen/").status_code == 405
    assert not Application.objects.exists()
    response = client_for("wiesbaden").post(DETAIL + "anlegen/")
    assert response.status_code == 302 and response["Location"] == DETAIL
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_draft_lists_plan_problems_and_totals(client_for):
    application = draft_application()
    hib = application.projects().get(short_name="HIB")
    hib.planned_participants = 0
    hib.save()
    page = text(client_for("wiesbaden").get(DETAIL))
    assert "WI-2024-HIB: Die geplanten Teilnehmenden fehlen." in page
    assert "2.508.300,00 Euro" in page  # applied and allocation
    assert "Antrag einreichen" in page
    # Read-only roles see the page without steps.
    ministry = text(client_for("ministerium").get(DETAIL))
    assert "Antrag einreichen" not in ministry


def test_edit_early_start(client_for):
    draft_application()
    assert client_for("rp-kassel").get(DETAIL + "bearbeiten/").status_code == 403
    assert client_for("frankfurt").get(DETAIL + "bearbeiten/").status_code == 404
    client = client_for("wiesbaden")
    assert client.get(DETAIL + "bearbeiten/").status_code == 200
    bad = client.post(DETAIL + "bearbeiten/", {"early_start": "on", "early_start_on": "2023-12-01"})
    assert bad.status_code == 400 and "frühesten Beginn" in text(bad)
    ok = client.post(
        DETAIL + "bearbeiten/",
        {"note": "Bitte um Bewilligung", "early_start": "on", "early_start_on": "2024-01-01"},
    )
    assert ok.status_code == 302
    assert Application.objects.get().early_start_on == dt.date(2024, 1, 1)
    assert "beantragt ab 01.01.2024" in text(client.get(DETAIL))


def test_late_submission_in_the_browser(client_for):
    draft_application()
    assert client_for("ministerium").get(step("submit")).status_code == 403
    assert client_for("traeger-wiesbaden").get(step("submit")).status_code == 404
    client = client_for("wiesbaden")
    page = client.get(step("submit"))
    assert page.status_code == 200 and "Begründung der Verspätung" in text(page)
    refused = client.post(step("submit"), {"reason": ""})
    assert refused.status_code == 400
    assert Application.objects.get().status == ApplicationStatus.DRAFT
    done = client.post(step("submit"), {"reason": "Haushaltssperre bis April"})
    assert done.status_code == 302
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.is_late and application.late_reason == "Haushaltssperre bis April"
    detail = text(client.get(DETAIL))
    assert "verspätet" in detail and "Haushaltssperre bis April" in detail


def test_submit_refused_lists_problems(client_for):
    application = draft_application()
    hib = application.projects().get(short_name="HIB")
    hib.planned_participants = 0
    hib.save()
    response = client_for("wiesbaden").post(step("submit"), {"reason": "spät"})
    assert response.status_code == 400
    assert "WI-2024-HIB: Die geplanten Teilnehmenden fehlen." in text(response)


def test_review_and_return_by_the_authority(client_for):
    factories.make_application(ApplicationStatus.SUBMITTED)
    complete_plans()
    assert client_for("ministerium").post(step("start_review")).status_code == 403
    assert client_for("wiesbaden").post(step("start_review")).status_code == 403
    assert client_for("rp-kassel").post(step("decide")).status_code == 404
    authority = client_for("rp-kassel")
    assert authority.post(step("start_review")).status_code == 302
    assert Application.objects.get().status == ApplicationStatus.IN_REVIEW
    page = text(authority.get(DETAIL))
    assert "inhaltliche Prüfung speichern" in page and "finanzielle Prüfung speichern" in page
    review_url = DETAIL + "pruefung/content/"
    assert client_for("ministerium").get(review_url).status_code == 403
    assert client_for("wiesbaden").post(review_url, {}).status_code == 403
    assert authority.get(DETAIL + "pruefung/other/").status_code == 404
    saved = authority.post(
        review_url, {"content-result": ReviewResult.APPROVED, "content-notes": "in Ordnung"}
    )
    assert saved.status_code == 302
    review = Application.objects.get().reviews.get(kind="content")
    assert review.result == ReviewResult.APPROVED and review.notes == "in Ordnung"
    region_view = text(client_for("wiesbaden").get(DETAIL))
    assert "in Ordnung" in region_view and "inhaltliche Prüfung speichern" not in region_view
    # Return needs a reason.
    form = authority.get(step("return"))
    assert form.status_code == 200 and "Begründung für die Gebietskörperschaft" in text(form)
    assert authority.post(step("return"), {"reason": ""}).status_code == 400
    assert (
        authority.post(step("return"), {"reason": "CBG-Ausstattung erläutern"}).status_code == 302
    )
    assert Application.objects.get().status == ApplicationStatus.DRAFT
    assert "CBG-Ausstattung erläutern" in text(client_for("wiesbaden").get(DETAIL))


def test_totals_against_the_allocation(client_for):
    from decimal import Decimal

    from zielwerk.projects.models import CostCategory, CostItem, FinancingSource, FundingItem

    application = draft_application()
    aab = application.projects().get(short_name="AAB")
    CostItem.objects.filter(project=aab, category=CostCategory.FEES).update(
        amount=Decimal("120100.00")
    )
    FundingItem.objects.filter(project=aab, source=FinancingSource.AQB).update(
        amount=Decimal("150100.00")
    )
    page = text(client_for("wiesbaden").get(DETAIL))
    # 2.508.400,00 applied against 2.508.300,00 allocated: 100,00 too much.
    assert "2.508.400,00 Euro" in page
    assert "über der Mittelzuweisung" in page
    assert ">100,00 Euro<" in page


# --- links to the next step ----------------------------------------------------------------------

DECISIONS = "/zuwendung/2024/wiesbaden/bescheide/"
PAYMENTS = "/zuwendung/2024/wiesbaden/mittelabrufe/"
PROOF = "/zuwendung/2024/wiesbaden/verwendungsnachweis/"


def next_links(page: str) -> dict[str, str]:
    """The page's links to the next step by id (the procedure bar above links every step
    anyway, so only these ids tell the next step)."""
    found = {}
    for link_id in ("weiter-bescheide", "weiter-mittelabrufe", "weiter-verwendungsnachweis"):
        marker = f'id="{link_id}" href="'
        if marker in page:
            start = page.index(marker) + len(marker)
            found[link_id] = page[start : page.index('"', start)]
    return found


def test_next_step_links_while_in_review(client_for):
    factories.make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    for username in ("rp-kassel", "admin", "ministerium"):
        assert next_links(text(client_for(username).get(DETAIL))) == {"weiter-bescheide": DECISIONS}
    # the region waits for the decision: nothing to go on to yet
    assert next_links(text(client_for("wiesbaden").get(DETAIL))) == {}


def test_next_step_links_once_decided(client_for):
    factories.make_grant_decision()
    authority = next_links(text(client_for("rp-kassel").get(DETAIL)))
    assert authority == {"weiter-bescheide": DECISIONS, "weiter-mittelabrufe": PAYMENTS}
    region_page = text(client_for("wiesbaden").get(DETAIL))
    assert next_links(region_page) == {
        "weiter-mittelabrufe": PAYMENTS,
        "weiter-verwendungsnachweis": PROOF,
    }
    assert "Nächste Schritte" in region_page


def test_no_next_step_links_on_a_draft(client_for):
    factories.make_application(ApplicationStatus.DRAFT)
    for username in ("rp-kassel", "wiesbaden"):
        assert next_links(text(client_for(username).get(DETAIL))) == {}
