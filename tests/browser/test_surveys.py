"""Surveys (§ 7) in a real browser: axe-core (WCAG 2.1 AA) on every survey page, reflow at
320 px, and a region answering through the form (draft, confirmation, submit, PDF).

The full demo (`site`: seed() with the grant procedure) plus zielwerk/demo/surveys.py: the closed
"Umfrage zur Umsetzung 2024" answered by Wiesbaden, Frankfurt am Main and the Landkreis Kassel.
The fixture adds an open survey with one question of every kind, sent to Wiesbaden and Frankfurt
am Main with the deadline ten days ahead, and a draft with one question.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NO_PERMISSION = "Keine Berechtigung"
NOT_FOUND = "Seite nicht gefunden"
DEMO = "Umfrage zur Umsetzung 2024"
OPEN = "Zwischenstand Herbst"
SCREENSHOTS = Path("/tmp")  # noqa: S108 – screenshots for a look by eye

PAGES = [
    ("ministerium", "/umfragen/", "Befragungen", 200),
    ("ministerium", "/umfragen/neu/", "Neue Befragung", 200),
    ("ministerium", "/umfragen/{demo}/", DEMO, 200),
    ("ministerium", "/umfragen/{draft}/", "Entwurf Frühjahr", 200),
    ("ministerium", "/umfragen/{draft}/bearbeiten/", "Befragung bearbeiten", 200),
    ("ministerium", "/umfragen/{draft}/fragen/neu/", "Frage hinzufügen", 200),
    ("ministerium", "/umfragen/fragen/{draft_question}/", "Frage bearbeiten", 200),
    ("ministerium", "/umfragen/fragen/{draft_question}/loeschen/", "Frage löschen", 200),
    ("ministerium", "/umfragen/{draft}/versenden/", "„Entwurf Frühjahr“ versenden", 200),
    ("ministerium", "/umfragen/{open}/", OPEN, 200),
    ("ministerium", "/umfragen/{open}/abschliessen/", f"„{OPEN}“ abschließen", 200),
    ("ministerium", "/umfragen/{demo}/ergebnisse/", f"Ergebnisse: {DEMO}", 200),
    ("ministerium", "/umfragen/{open}/ergebnisse/", f"Ergebnisse: {OPEN}", 200),
    (
        "ministerium",
        "/umfragen/{demo}/antworten/wiesbaden/",
        f"{DEMO}: Antworten von Wiesbaden",
        200,
    ),
    ("rp-kassel", "/umfragen/{demo}/ergebnisse/", f"Ergebnisse: {DEMO}", 200),
    ("wiesbaden", "/umfragen/", "Befragungen", 200),
    ("wiesbaden", "/umfragen/{demo}/", DEMO, 200),
    ("wiesbaden", "/umfragen/{open}/antworten/wiesbaden/", f"{OPEN}: Antworten von Wiesbaden", 200),
    (
        "wiesbaden",
        "/umfragen/{open}/antworten/wiesbaden/absenden/",
        "Antworten von Wiesbaden absenden",
        200,
    ),
    ("wiesbaden", "/umfragen/{demo}/antworten/wiesbaden/", f"{DEMO}: Antworten von Wiesbaden", 200),
    ("wiesbaden", "/umfragen/{demo}/ergebnisse/", NO_PERMISSION, 403),
    ("frankfurt", "/umfragen/{demo}/antworten/wiesbaden/", NOT_FOUND, 404),
    ("traeger-wiesbaden", "/umfragen/", NO_PERMISSION, 403),
]

NARROW_PAGES = [
    ("ministerium", "/umfragen/"),
    ("ministerium", "/umfragen/{demo}/"),
    ("ministerium", "/umfragen/{draft}/fragen/neu/"),
    ("ministerium", "/umfragen/{draft}/versenden/"),
    ("ministerium", "/umfragen/{demo}/ergebnisse/"),
    ("wiesbaden", "/umfragen/"),
    ("wiesbaden", "/umfragen/{open}/antworten/wiesbaden/"),
    ("wiesbaden", "/umfragen/{open}/antworten/wiesbaden/absenden/"),
    ("wiesbaden", "/umfragen/{demo}/antworten/wiesbaden/"),
]


@pytest.fixture
def objects(site) -> dict[str, object]:
    from django.utils import timezone

    from zielwerk.accounts.models import User
    from zielwerk.demo.surveys import seed_surveys
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.surveys.models import Survey
    from zielwerk.surveys.services import question_save, survey_save, survey_send

    seed_surveys([])
    ministry = User.objects.get(username="ministerium")
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    deadline = timezone.localdate() + dt.timedelta(days=10)
    made = {}
    for title in (OPEN, "Entwurf Frühjahr"):
        survey = survey_save(actor=ministry, programme_year=year, title=title, deadline=deadline)
        made[title] = survey
    survey = made[OPEN]
    common = {"actor": ministry, "survey": survey}
    question_save(
        **common,
        kind="text",
        text="Was möchten Sie uns mitteilen?",
        required=False,
        help_text="Freier Text, gern ausführlich.",
    )
    question_save(**common, kind="number", text="Wie viele Fachkräfte arbeiten im Projekt?")
    question_save(**common, kind="single", text="Stand der Umsetzung", options=["gut", "mittel"])
    question_save(
        **common, kind="multiple", text="Schwierigkeiten", options=["Personal", "Räume", "keine"]
    )
    question_save(
        **common,
        kind="scale",
        text="Zufriedenheit",
        scale_min_label="gar nicht",
        scale_max_label="sehr",
    )
    survey_send(
        actor=ministry,
        survey=survey,
        regions=list(Region.objects.filter(slug__in=["wiesbaden", "frankfurt"])),
    )
    draft_question = question_save(
        actor=ministry, survey=made["Entwurf Frühjahr"], kind="number", text="Wie viele?"
    )
    return {
        "demo": Survey.objects.get(title=DEMO).pk,
        "open": survey.pk,
        "draft": made["Entwurf Frühjahr"].pk,
        "draft_question": draft_question.pk,
    }


def sign_in(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def _by_user(pages) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = {}
    for username, *rest in pages:
        grouped.setdefault(username, []).append(tuple(rest))
    return grouped


@pytest.mark.parametrize("username", list(_by_user(PAGES)))
def test_survey_pages_have_no_axe_violations(page, login, assert_accessible, objects, username):
    sign_in(page, login, username)
    failures: list[str] = []
    for path, heading, status in _by_user(PAGES)[username]:
        try:
            response = page.goto(path.format(**objects))
            assert response is not None
            assert response.status == status, f"HTTP {response.status} statt {status}"
            expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=2_000)
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("username", list(_by_user(NARROW_PAGES)))
def test_survey_pages_on_a_narrow_screen(page, login, assert_accessible, objects, username):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, login, username)
    failures: list[str] = []
    for (path,) in _by_user(NARROW_PAGES)[username]:
        try:
            page.goto(path.format(**objects))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"Seite scrollt seitlich ({width} px breit)"
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
    assert not failures, "\n\n".join(failures)


def test_wiesbaden_answers_saves_a_draft_and_submits(page, login, assert_accessible, objects):
    sign_in(page, login, "wiesbaden")
    # the start page names the open survey
    page.goto("/")
    page.get_by_role("link", name=f"Befragung beantworten: {OPEN}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{OPEN}: Antworten von Wiesbaden")

    # every kind of question, the groups as fieldsets with their legends
    expect(page.get_by_role("group", name="3. Stand der Umsetzung")).to_be_visible()
    expect(page.get_by_role("group", name="4. Schwierigkeiten")).to_be_visible()
    expect(page.get_by_role("group", name="5. Zufriedenheit")).to_be_visible()
    page.get_by_label("2. Wie viele Fachkräfte arbeiten im Projekt?").fill("zwölf")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "„Wie viele Fachkräfte arbeiten im Projekt?“: Bitte geben Sie eine Zahl an"
    )
    assert_accessible(page)  # the page with its error summary

    page.get_by_label("2. Wie viele Fachkräfte arbeiten im Projekt?").fill("12,5")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_text("Ihre Antworten sind als Entwurf gespeichert.")).to_be_visible()
    expect(page.get_by_label("2. Wie viele Fachkräfte arbeiten im Projekt?")).to_have_value("12,5")

    # on to submitting: three required answers are missing and listed
    page.get_by_role("button", name="Speichern und weiter zum Absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antworten von Wiesbaden absenden")
    missing = page.get_by_role("alert")
    expect(missing).to_contain_text("3. Stand der Umsetzung")
    expect(missing).to_contain_text("5. Zufriedenheit")
    expect(page.get_by_role("button", name="Ja, verbindlich absenden")).to_have_count(0)
    missing.get_by_role("link", name="5. Zufriedenheit").click()

    page.get_by_role("group", name="3. Stand der Umsetzung").get_by_label("gut").check()
    group = page.get_by_role("group", name="4. Schwierigkeiten")
    group.get_by_label("Personal").check()
    group.get_by_label("Räume").check()
    page.get_by_role("group", name="5. Zufriedenheit").get_by_label("4").check()
    page.get_by_label("1. Was möchten Sie uns mitteilen?").fill("Es läuft gut.")
    page.get_by_role("button", name="Speichern und weiter zum Absenden").click()
    expect(page.get_by_role("main")).to_contain_text("Personal; Räume")
    page.screenshot(path=str(SCREENSHOTS / "surveys_confirm.png"), full_page=True)
    page.get_by_role("button", name="Ja, verbindlich absenden").click()
    expect(page.get_by_text("Ihre Antworten sind abgesendet.")).to_be_visible()
    expect(page.get_by_role("button", name="Entwurf speichern")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Abgesendet am")

    # the PDF copy
    response = page.request.get(
        page.get_by_role("link", name="Ihre Antworten als PDF").get_attribute("href") or ""
    )
    assert response.ok and response.body().startswith(b"%PDF")


def test_ministry_sees_the_results(page, login, objects):
    from zielwerk.surveys.models import SurveyRecipient

    sign_in(page, login, "ministerium")
    page.goto(f"/umfragen/{objects['demo']}/ergebnisse/")
    recipients = SurveyRecipient.objects.filter(survey_id=objects["demo"]).count()
    expect(page.get_by_role("main")).to_contain_text(f"3 von {recipients} Gebietskörperschaften")
    chart = page.get_by_role("img", name=re.compile("^Frage 1: Wie ist der Stand"))
    expect(chart).to_have_count(1)
    table = page.get_by_role("table", name="Frage 1: Anzahl je Antwort")
    expect(table.get_by_role("row", name=re.compile("^planmäßig"))).to_contain_text("66,7 %")
    expect(page.get_by_role("table", name=re.compile("^Frage 2: Minimum"))).to_contain_text("12,83")
    page.screenshot(path=str(SCREENSHOTS / "surveys_results.png"), full_page=True)
