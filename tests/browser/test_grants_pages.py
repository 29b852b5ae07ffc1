"""The grant procedure's pages in a real browser, per role: HTTP status, h1 and axe-core (WCAG 2.1
AA) on every GET page of Wiesbaden 2024 in the full demo (plans to reclaim decision), plus reflow
of the wide tables on a 320 px wide screen.

Objects are named by placeholders ({grant}, {reclaim_decision}, ...) because primary keys differ
from test to test (the transactional database is flushed, its sequences are not reset)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

YEAR = "/zuwendung/2024/wiesbaden"
NEW_CODE = "WI-2026-NEU"  # created by the fixture below: 2024 is locked (decided)
NO_PERMISSION = "Keine Berechtigung"
NOT_FOUND = "Seite nicht gefunden"

# (user, path, expected h1, expected HTTP status) in the state the full demo leaves behind:
# grant decision issued, two tranches paid, proof of use reviewed, reclaim decision issued.
PAGES = [
    # projects
    ("wiesbaden", f"{YEAR}/projekte/", "Projekte Wiesbaden 2024", 200),
    ("rp-kassel", f"{YEAR}/projekte/", "Projekte Wiesbaden 2024", 200),
    ("ministerium", f"{YEAR}/projekte/", "Projekte Wiesbaden 2024", 200),
    ("traeger-wiesbaden", f"{YEAR}/projekte/", "Projekte Wiesbaden 2024", 200),
    (
        "wiesbaden",
        "/projekte/WI-2024-CBG/",
        "Coaching für die Bedarfsgemeinschaft (WI-2024-CBG)",
        200,
    ),
    (
        "rp-kassel",
        "/projekte/WI-2024-CBG/",
        "Coaching für die Bedarfsgemeinschaft (WI-2024-CBG)",
        200,
    ),
    ("ministerium", "/projekte/WI-2024-FIB/", "Fit für den Beruf (FIB) (WI-2024-FIB)", 200),
    ("traeger-wiesbaden", "/projekte/WI-2024-FIB/", "Fit für den Beruf (FIB) (WI-2024-FIB)", 200),
    ("traeger-wiesbaden", "/projekte/WI-2024-CBG/", NOT_FOUND, 404),  # another provider's
    ("wiesbaden", "/projekte/WI-2024-CBG/bearbeiten/", NO_PERMISSION, 403),  # application decided
    ("wiesbaden", "/projekte/WI-2024-CBG/finanzplan/", NO_PERMISSION, 403),
    ("wiesbaden", "/zuwendung/2026/wiesbaden/projekte/", "Projekte Wiesbaden 2026", 200),
    (
        "wiesbaden",
        "/zuwendung/2026/wiesbaden/projekte/neu/",
        "Projekt anlegen: Wiesbaden 2026",
        200,
    ),
    ("wiesbaden", f"/projekte/{NEW_CODE}/", re.compile(rf"\({NEW_CODE}\)$"), 200),
    ("wiesbaden", f"/projekte/{NEW_CODE}/bearbeiten/", f"{NEW_CODE} bearbeiten", 200),
    (
        "wiesbaden",
        f"/projekte/{NEW_CODE}/finanzplan/",
        f"Kosten- und Finanzierungsplan {NEW_CODE}",
        200,
    ),
    (
        "wiesbaden",
        "/zuwendung/2025/wiesbaden/projekte/uebernehmen/",
        "Projekte aus 2024 übernehmen",
        200,
    ),
    ("rp-kassel", "/zuwendung/2026/wiesbaden/projekte/neu/", NO_PERMISSION, 403),
    # applications
    ("rp-kassel", "/zuwendung/2024/", "Anträge 2024", 200),
    ("ministerium", "/zuwendung/2024/", "Anträge 2024", 200),
    ("wiesbaden", "/zuwendung/2024/", "Anträge 2024", 200),
    ("traeger-wiesbaden", "/zuwendung/2024/", NO_PERMISSION, 403),
    ("wiesbaden", f"{YEAR}/antrag/", "Antrag 2024 – Wiesbaden", 200),
    ("rp-kassel", f"{YEAR}/antrag/", "Antrag 2024 – Wiesbaden", 200),
    ("ministerium", f"{YEAR}/antrag/", "Antrag 2024 – Wiesbaden", 200),
    ("traeger-wiesbaden", f"{YEAR}/antrag/", NOT_FOUND, 404),
    ("rp-kassel", f"{YEAR}/antrag/pruefung/content/", NO_PERMISSION, 403),  # decided
    # decisions
    ("wiesbaden", f"{YEAR}/bescheide/", "Bescheide Wiesbaden 2024", 200),
    ("rp-kassel", f"{YEAR}/bescheide/", "Bescheide Wiesbaden 2024", 200),
    ("ministerium", f"{YEAR}/bescheide/", "Bescheide Wiesbaden 2024", 200),
    ("traeger-wiesbaden", f"{YEAR}/bescheide/", NO_PERMISSION, 403),
    ("wiesbaden", "/bescheide/{grant}/", "Zuwendungsbescheid Nr. 1", 200),
    ("rp-kassel", "/bescheide/{grant}/", "Zuwendungsbescheid Nr. 1", 200),
    ("ministerium", "/bescheide/{grant}/", "Zuwendungsbescheid Nr. 1", 200),
    ("traeger-wiesbaden", "/bescheide/{grant}/", NOT_FOUND, 404),
    ("wiesbaden", "/bescheide/{reclaim_decision}/", "Rückforderungsbescheid Nr. 2", 200),
    ("rp-kassel", "/bescheide/{reclaim_decision}/", "Rückforderungsbescheid Nr. 2", 200),
    ("rp-kassel", f"{YEAR}/bescheide/neu/amendment/", "Änderungsbescheid entwerfen", 200),
    ("rp-kassel", "/bescheidvorlagen/", "Bescheidvorlagen", 200),
    ("ministerium", "/bescheidvorlagen/", "Bescheidvorlagen", 200),
    ("wiesbaden", "/bescheidvorlagen/", NO_PERMISSION, 403),
    ("rp-kassel", "/bescheidvorlagen/{template}/", "Zuwendungsbescheid (gilt ab 2011)", 200),
    ("ministerium", "/bescheidvorlagen/{template}/", NO_PERMISSION, 403),
    # payments
    ("wiesbaden", f"{YEAR}/mittelabrufe/", "Mittelabrufe und Auszahlungen Wiesbaden 2024", 200),
    ("rp-kassel", f"{YEAR}/mittelabrufe/", "Mittelabrufe und Auszahlungen Wiesbaden 2024", 200),
    ("ministerium", f"{YEAR}/mittelabrufe/", "Mittelabrufe und Auszahlungen Wiesbaden 2024", 200),
    ("traeger-wiesbaden", f"{YEAR}/mittelabrufe/", NO_PERMISSION, 403),
    ("wiesbaden", f"{YEAR}/mittelabrufe/neu/", "Mittel abrufen", 200),
    ("rp-kassel", f"{YEAR}/mittelabrufe/neu/", NO_PERMISSION, 403),  # the region requests
    # proof of use and reclaim
    ("wiesbaden", f"{YEAR}/verwendungsnachweis/", "Verwendungsnachweis 2024 – Wiesbaden", 200),
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/", "Verwendungsnachweis 2024 – Wiesbaden", 200),
    ("ministerium", f"{YEAR}/verwendungsnachweis/", "Verwendungsnachweis 2024 – Wiesbaden", 200),
    ("traeger-wiesbaden", f"{YEAR}/verwendungsnachweis/", NO_PERMISSION, 403),
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/pruefung/", NO_PERMISSION, 403),  # concluded
    ("rp-kassel", "/rueckforderungen/{reclaim}/rueckzahlung/", "Rückzahlung erfassen", 200),
]

# The proof of use back in review (reclaim decision and reclaim removed): the authority's review
# page and the reclaim computation with its preview.
REVIEW_PAGES = [
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/pruefung/", "Positionen prüfen", 200),
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/rueckforderung/", "Rückforderung berechnen", 200),
    (
        "rp-kassel",
        f"{YEAR}/verwendungsnachweis/rueckforderung/?due_on=2025-09-30",
        "Rückforderung berechnen",
        200,
    ),
    ("wiesbaden", f"{YEAR}/verwendungsnachweis/pruefung/", NO_PERMISSION, 403),
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/", "Verwendungsnachweis 2024 – Wiesbaden", 200),
]

# Wide tables on a 320 px wide screen (WCAG 1.4.10): no sideways scrolling of the page.
NARROW_PAGES = [
    ("wiesbaden", f"{YEAR}/projekte/"),
    ("rp-kassel", "/zuwendung/2024/"),
    ("wiesbaden", f"{YEAR}/antrag/"),
    ("rp-kassel", "/bescheide/{grant}/"),
    ("wiesbaden", f"{YEAR}/mittelabrufe/"),
    ("rp-kassel", f"{YEAR}/verwendungsnachweis/"),
]

# Main pages photographed for a look by eye (test-output/screenshots/grants-*.png).
SCREENSHOT_PAGES = [
    ("projekte", f"{YEAR}/projekte/"),
    ("projekt", "/projekte/WI-2024-CBG/"),
    ("uebersicht", "/zuwendung/2024/"),
    ("antrag", f"{YEAR}/antrag/"),
    ("bescheide", f"{YEAR}/bescheide/"),
    ("zuwendungsbescheid", "/bescheide/{grant}/"),
    ("rueckforderungsbescheid", "/bescheide/{reclaim_decision}/"),
    ("mittelabrufe", f"{YEAR}/mittelabrufe/"),
    ("verwendungsnachweis", f"{YEAR}/verwendungsnachweis/"),
]


def _objects() -> dict[str, int]:
    from zielwerk.grants.models import Decision, DecisionTemplate, Reclaim

    objects = {
        "grant": Decision.objects.get(kind="grant", application__region__slug="wiesbaden").pk,
        "template": DecisionTemplate.objects.get(kind="grant").pk,
    }
    reclaim = Reclaim.objects.select_related("decision").first()
    if reclaim is not None:
        objects["reclaim"] = reclaim.pk
        objects["reclaim_decision"] = reclaim.decision_id
    return objects


@pytest.fixture
def procedure(site) -> dict[str, int]:
    """The full demo plus a 2026 project of Wiesbaden (its pages can still be edited); the primary
    keys of the demo's objects by placeholder name."""
    from zielwerk.accounts.models import User
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.projects.models import Project
    from zielwerk.projects.services import project_create

    old = Project.objects.get(code="WI-2024-CBG")
    project_create(
        actor=User.objects.get(username="wiesbaden"),
        region=Region.objects.get(slug="wiesbaden"),
        programme_year=ProgrammeYear.objects.get(year=2026),
        measure_type=old.measure_type,
        name="Neues Projekt",
        short_name="NEU",
    )
    return _objects()


@pytest.fixture
def in_review(procedure) -> dict[str, int]:
    """Wiesbaden 2024's proof of use back in review, before the reclaim was drafted."""
    from zielwerk.grants.choices import ProofStatus
    from zielwerk.grants.models import Decision, ProofOfUse, Reclaim

    Reclaim.objects.all().delete()
    Decision.objects.filter(kind="reclaim").delete()
    ProofOfUse.objects.update(status=ProofStatus.IN_REVIEW)
    return _objects()


def _visit(page, path: str, objects: dict[str, int]):
    response = page.goto(path.format(**objects))
    assert response is not None
    return response


def _by_user(pages) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = {}
    for username, *rest in pages:
        grouped.setdefault(username, []).append(tuple(rest))
    return grouped


def _check_pages(page, assert_accessible, pages, objects) -> None:
    """Visits the pages one after the other (one seeded database and one login per role keep the
    run short) and reports every page that fails, not only the first."""
    failures: list[str] = []
    for path, heading, status in pages:
        try:
            response = _visit(page, path, objects)
            assert response.status == status, f"HTTP {response.status} statt {status}"
            expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=2_000)
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("username", list(_by_user(PAGES)))
def test_grant_pages_have_no_axe_violations(page, login, assert_accessible, procedure, username):
    login(page, username)
    _check_pages(page, assert_accessible, _by_user(PAGES)[username], procedure)


@pytest.mark.parametrize("username", list(_by_user(REVIEW_PAGES)))
def test_proof_review_pages_have_no_axe_violations(
    page, login, assert_accessible, in_review, username
):
    login(page, username)
    _check_pages(page, assert_accessible, _by_user(REVIEW_PAGES)[username], in_review)


@pytest.mark.parametrize(
    ("username", "path"), NARROW_PAGES, ids=[f"{user}:{path}" for user, path in NARROW_PAGES]
)
def test_grant_page_on_narrow_screen(page, login, assert_accessible, procedure, username, path):
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, username)
    response = _visit(page, path, procedure)
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "Seite scrollt seitlich"
    assert_accessible(page)


@pytest.mark.parametrize("username", ["wiesbaden", "rp-kassel"])
def test_grant_page_screenshots(page, login, procedure, username):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    login(page, username)
    for name, path in SCREENSHOT_PAGES:
        assert _visit(page, path, procedure).status == 200, path
        target = SCREENSHOT_DIR / f"grants-{username}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
