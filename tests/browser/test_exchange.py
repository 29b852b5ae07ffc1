"""Conferences and good practice in a real browser: axe-core (WCAG 2.1 AA) on every page of the
two apps, reflow at 320 px, and the main flows through the forms (a region registers a person,
the ministry finds an entry by search and sees its live figures).

The demo (`site`: seed() with the grant procedure, then seed_exchange until the lead hooks it into
data.py) has the held conference "Fachtag AQB 2024 (erfunden)" with registrations of Wiesbaden
(2) and Frankfurt (1), a PDF and two published entries linked to WI-2024-FIB and WI-2024-HIB. An
open conference is created for the registration pages.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NO_PERMISSION = "Keine Berechtigung"
CONFERENCE_H1 = "Fachtag AQB 2024 (erfunden)"
OPEN_H1 = "Fachtag Browser"

PAGES = [
    ("ministerium", "/konferenzen/", "Konferenzen", 200),
    ("ministerium", "/konferenzen/neu/", "Neue Konferenz", 200),
    ("ministerium", "/konferenzen/{conference}/", CONFERENCE_H1, 200),
    ("ministerium", "/konferenzen/{conference}/bearbeiten/", f"{CONFERENCE_H1} bearbeiten", 200),
    ("ministerium", "/konferenzen/{conference}/dokumente/neu/", "Dokument hochladen", 200),
    ("ministerium", "/konferenzen/{open}/", OPEN_H1, 200),
    ("ministerium", "/gute-praxis/", "Gute Praxis", 200),
    ("ministerium", "/gute-praxis/?q=Ausbildung", "Gute Praxis", 200),
    ("ministerium", "/gute-praxis/neu/", "Neues Beispiel guter Praxis", 200),
    ("ministerium", "/gute-praxis/{entry}/", "{entry_title}", 200),
    ("ministerium", "/gute-praxis/{entry}/bearbeiten/", "{entry_title} bearbeiten", 200),
    ("ministerium", "/gute-praxis/{draft}/", "Entwurf Browser", 200),
    ("wiesbaden", "/konferenzen/", "Konferenzen", 200),
    ("wiesbaden", "/konferenzen/{conference}/", CONFERENCE_H1, 200),
    ("wiesbaden", "/konferenzen/{open}/", OPEN_H1, 200),
    ("wiesbaden", "/konferenzen/{open}/anmelden/", "Person aus Wiesbaden anmelden", 200),
    (
        "wiesbaden",
        "/konferenzen/{open}/anmeldungen/{registration}/stornieren/",
        "Anmeldung stornieren",
        200,
    ),
    ("wiesbaden", "/gute-praxis/{entry}/", "{entry_title}", 200),
    ("frankfurt", "/konferenzen/{conference}/", CONFERENCE_H1, 200),
    ("rp-kassel", "/konferenzen/{conference}/", CONFERENCE_H1, 200),
    ("traeger-wiesbaden", "/konferenzen/", NO_PERMISSION, 403),
    ("traeger-wiesbaden", "/gute-praxis/", "Gute Praxis", 200),
    ("traeger-wiesbaden", "/gute-praxis/{entry}/", "{entry_title}", 200),
]

NARROW_PAGES = [
    ("ministerium", "/konferenzen/"),
    ("ministerium", "/konferenzen/{conference}/"),
    ("ministerium", "/konferenzen/{conference}/bearbeiten/"),
    ("ministerium", "/konferenzen/{conference}/dokumente/neu/"),
    ("ministerium", "/gute-praxis/"),
    ("ministerium", "/gute-praxis/{entry}/"),
    ("ministerium", "/gute-praxis/{entry}/bearbeiten/"),
    ("wiesbaden", "/konferenzen/{open}/anmelden/"),
    ("wiesbaden", "/konferenzen/{open}/anmeldungen/{registration}/stornieren/"),
]


@pytest.fixture
def objects(site) -> dict[str, object]:
    from zielwerk.accounts.models import User
    from zielwerk.conferences.models import Conference
    from zielwerk.conferences.services import ConferenceData, conference_save, registration_create
    from zielwerk.demo.exchange import CONFERENCE_TITLE, ENTRIES, seed_exchange
    from zielwerk.organisations.models import Region
    from zielwerk.practice.models import Entry
    from zielwerk.practice.services import EntryData, entry_save

    seed_exchange([])
    ministry = User.objects.get(username="ministerium")
    today = dt.date.today()  # noqa: DTZ011 – relative to the live server's date
    open_conference = conference_save(
        actor=ministry,
        data=ConferenceData(
            title=OPEN_H1,
            starts_on=today + dt.timedelta(days=60),
            place="Kassel",
            places_per_region=2,
            registration_until=today + dt.timedelta(days=30),
            description="Begrüßung\nArbeitsgruppen",
        ),
    )
    registration = registration_create(
        actor=User.objects.get(username="wiesbaden"),
        conference=open_conference,
        region=Region.objects.get(slug="wiesbaden"),
        name="Wiebke Browser",
        function="Koordination",
    )
    draft = entry_save(
        actor=ministry,
        data=EntryData(
            title="Entwurf Browser",
            summary="Noch nicht veröffentlicht.",
            region=Region.objects.get(slug="frankfurt"),
        ),
    )
    entry = Entry.objects.get(title=ENTRIES[0]["title"])
    return {
        "conference": Conference.objects.get(title=CONFERENCE_TITLE).pk,
        "open": open_conference.pk,
        "registration": registration.pk,
        "entry": entry.pk,
        "entry_title": entry.title,
        "draft": draft.pk,
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
def test_exchange_pages_have_no_axe_violations(page, login, assert_accessible, objects, username):
    sign_in(page, login, username)
    failures: list[str] = []
    for path, heading, status in _by_user(PAGES)[username]:
        try:
            response = page.goto(path.format(**objects))
            assert response is not None
            assert response.status == status, f"HTTP {response.status} statt {status}"
            expect(page.get_by_role("heading", level=1)).to_have_text(
                heading.format(**objects), timeout=2_000
            )
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("username", list(_by_user(NARROW_PAGES)))
def test_exchange_pages_on_a_narrow_screen(page, login, assert_accessible, objects, username):
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


def test_a_region_registers_and_the_limit_holds(page, login, assert_accessible, objects):
    sign_in(page, login, "wiesbaden")
    page.goto(f"/konferenzen/{objects['open']}/")
    expect(page.get_by_role("main")).to_contain_text("Für Wiesbaden sind noch 1 Plätze frei.")
    page.get_by_role("link", name="Person anmelden").click()
    page.get_by_label("Name").fill("Walter Browser")
    page.get_by_label("Funktion").fill("Sachbearbeitung")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OPEN_H1)
    expect(page.get_by_role("main")).to_contain_text("Walter Browser, Sachbearbeitung")
    expect(page.get_by_role("main")).to_contain_text("2 / 2")
    # The places are taken: the page says so instead of offering the form.
    expect(page.get_by_role("main")).to_contain_text("Für Wiesbaden sind noch 0 Plätze frei.")
    page.goto(f"/konferenzen/{objects['open']}/anmelden/")
    page.get_by_label("Name").fill("Zu viel")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Für Wiesbaden sind alle 2 Plätze vergeben.")
    assert_accessible(page)


def test_the_ministry_searches_and_sees_live_figures(page, login, objects):
    sign_in(page, login, "ministerium")
    page.goto("/gute-praxis/")
    page.get_by_label("Suchbegriff").fill("Ausbildung")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("link", name=objects["entry_title"]).click()
    from zielwerk.participants.models import Participant

    fib = Participant.objects.filter(project__code="WI-2024-FIB")
    entries, exits = fib.count(), fib.filter(exited_on__isnull=False).count()
    assert entries == 24  # the demo's FIB participants
    table = page.get_by_role("table", name="Ergebnisse der verknüpften Projekte")
    expect(table.locator("tbody tr")).to_have_count(2)  # FIB and the total
    first = table.locator("tbody tr").first
    expect(first.get_by_role("rowheader")).to_contain_text("WI-2024-FIB")
    expect(first.get_by_role("cell").first).to_have_text("24")
    expect(first.get_by_role("cell").nth(1)).to_have_text(str(exits) if exits >= 3 else "< 3")
