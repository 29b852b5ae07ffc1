"""Every demo role in a real browser: login, start page, main pages, axe-core on each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

# username -> (h1 of the start page, text only this role's start page shows)
START_PAGES = {
    "admin": ("Willkommen in Zielwerk", "Protokoll prüfen"),
    "ministerium": ("Ministerium: Steuerung des AQB", "Zielvereinbarungsgespräche"),
    "rp-kassel": ("Bewilligungsbehörde: Antragsverfahren", "Antragsfrist"),
    "wiesbaden": ("Ihre Gebietskörperschaft im AQB", "Wiesbaden"),
    "frankfurt": ("Ihre Gebietskörperschaft im AQB", "Frankfurt am Main"),
    "traeger-wiesbaden": ("Träger: Ihre Projekte im AQB", "Tätig für"),
}

# (user or None for anonymous, path, expected h1, expected HTTP status)
PAGES = [
    (None, "/anmelden/", "Anmelden", 200),
    ("ministerium", "/programme/", "Programmjahre", 200),
    ("rp-kassel", "/programme/aqb/2024/", re.compile(r"2024$"), 200),
    ("admin", "/organisationen/", "Organisationen", 200),
    ("wiesbaden", "/organisationen/", "Organisationen", 200),
    (
        "wiesbaden",
        "/organisationen/verwaltung-wiesbaden/",
        re.compile("Wiesbaden"),
        200,
    ),
    ("wiesbaden", "/organisationen/verwaltung-wiesbaden/kontakt/", "Kontaktdaten ändern", 200),
    ("frankfurt", "/gebietskoerperschaften/", "Gebietskörperschaften", 200),
    ("wiesbaden", "/gebietskoerperschaften/?on=2026-01-01", "Gebietskörperschaften", 200),
    ("wiesbaden", "/benachrichtigungen/", "Benachrichtigungen", 200),
    ("admin", "/protokoll/", "Protokoll", 200),
    ("traeger-wiesbaden", "/organisationen/gibt-es-nicht/", "Seite nicht gefunden", 404),
]

# Pages with wide tables, checked again on a 320 px wide screen (WCAG 1.4.10 reflow): the tables
# scroll sideways there, and their scrolling wrapper must be reachable by keyboard.
NARROW_PAGES = [
    ("wiesbaden", "/"),
    ("rp-kassel", "/programme/aqb/2024/"),
    ("wiesbaden", "/organisationen/verwaltung-wiesbaden/"),
    ("admin", "/protokoll/"),
]


def test_axe_check_reports_violations(browser, assert_accessible):
    """The check itself must not be a no-op: a page with known faults fails it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
        with pytest.raises(AssertionError) as failure:
            assert_accessible(page)
    finally:
        context.close()
    for rule in ("html-has-lang", "image-alt", "label"):
        assert rule in str(failure.value)


@pytest.mark.parametrize("username", list(START_PAGES))
def test_login_leads_to_start_page(page, site, login, assert_accessible, username):
    heading, role_text = START_PAGES[username]
    login(page, username)

    expect(page).to_have_url(f"{site}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main")).to_contain_text(role_text)
    expect(page.get_by_role("banner")).to_contain_text("Angemeldet als")
    assert_accessible(page)


def test_start_pages_show_only_own_region(page, login):
    login(page, "wiesbaden")
    regions = page.get_by_role("region", name="Ihre Gebietskörperschaft")
    expect(regions).to_contain_text("Wiesbaden")
    expect(regions).not_to_contain_text("Frankfurt")
    expect(page.get_by_role("link", name="Protokoll")).to_have_count(0)


def test_start_page_screenshots(page, site, login, assert_accessible):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for username, (heading, _) in START_PAGES.items():
        login(page, username)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        path = SCREENSHOT_DIR / f"{username}-start.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
        page.get_by_role("button", name="Abmelden").click()
        expect(page).to_have_url(f"{site}/anmelden/")
        assert_accessible(page)


@pytest.mark.parametrize(
    ("username", "path", "heading", "status"),
    PAGES,
    ids=[f"{user or 'anonym'}:{path}" for user, path, _, _ in PAGES],
)
def test_page_has_no_axe_violations(
    page, login, assert_accessible, username, path, heading, status
):
    if username is not None:
        login(page, username)
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: HTTP {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


@pytest.mark.parametrize(("username", "path"), NARROW_PAGES, ids=[p for _, p in NARROW_PAGES])
def test_narrow_screen_has_no_axe_violations(page, login, assert_accessible, username, path):
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, username)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "Seite scrollt seitlich"
    assert_accessible(page)


def test_wrong_password_shows_error(page, site, login, assert_accessible):
    login(page, "wiesbaden", "falsches-passwort", check=True)

    expect(page).to_have_url(re.compile(r"/anmelden/$"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Anmeldung fehlgeschlagen")
    expect(alert).to_contain_text("Benutzername oder Passwort ist falsch.")
    expect(page.get_by_label("Benutzername")).to_have_value("wiesbaden")
    assert_accessible(page)


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, login, assert_accessible):
    login(page, "wiesbaden")
    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_accessible(page)  # with the skip link shown

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")


def test_contact_form_errors_and_success(page, login, assert_accessible):
    login(page, "wiesbaden")
    page.goto("/organisationen/verwaltung-wiesbaden/kontakt/")
    assert_accessible(page)

    email = page.get_by_label("E-Mail")
    email.fill("keine-adresse")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie die markierten Felder.")
    expect(page.get_by_text("Bitte gültige E-Mail-Adresse eingeben.")).to_be_visible()
    expect(email).to_have_value("keine-adresse")
    assert_accessible(page)

    email.fill("aqb@wiesbaden.example")
    page.get_by_label("Anlass der Änderung").fill("Neues Funktionspostfach")
    page.get_by_role("button", name="Speichern").click()

    expect(page).to_have_url(re.compile(r"/organisationen/verwaltung-wiesbaden/$"))
    expect(page.get_by_role("status")).to_contain_text("Die Kontaktdaten wurden gespeichert.")
    expect(page.get_by_role("link", name="aqb@wiesbaden.example")).to_be_visible()
    assert_accessible(page)
