"""Issue 5 "Done when" in a real browser: Wiesbaden plans its six 2024 projects and applies, the
grant authority (RP Kassel) reviews, decides with one partial approval and pays two tranches,
Wiesbaden submits the proof of use, the authority recognises one item only partly and issues a
reclaim decision with interest. axe-core on every kind of page the procedure passes through.

The procedure is replayed on its real days (March 2024 to September 2025): the server's clock
(`django.utils.timezone.now`, which the live server thread shares with the test) is set to the
day of each step. Payouts cannot be dated before their request, and the pages stamp requests and
submissions with "today", so only a replayed clock lets the browser record 2024 payouts.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

# The invented plans of zielwerk/demo/grants_data.py, typed the German way. Per short name:
# (costs by field label, funding by field label).
STAFF, FEES, MATERIAL = "Personalausgaben", "Honorare", "Sachausgaben"
AQB, OWN, SGB2 = (
    "Zuwendung AQB (Landesmittel)",
    "Eigenmittel der Gebietskörperschaft",
    "Mittel nach SGB II (Jobcenter)",
)
PLANS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "FIB": (
        {STAFF: "520.000,00", FEES: "60.000,00", MATERIAL: "92.400,00"},
        {AQB: "612.400,00", OWN: "60.000,00"},
    ),
    "HIB": (
        {STAFF: "430.000,00", FEES: "50.000,00", MATERIAL: "93.700,00"},
        {AQB: "498.700,00", OWN: "45.000,00", SGB2: "30.000,00"},
    ),
    "DIK": (
        {STAFF: "300.000,00", FEES: "26.200,00", MATERIAL: "50.000,00"},
        {AQB: "356.200,00", OWN: "20.000,00"},
    ),
    "STM": (
        {STAFF: "250.000,00", FEES: "150.000,00", MATERIAL: "40.000,00"},
        {AQB: "402.000,00", OWN: "38.000,00"},
    ),
    "CBG": (
        {STAFF: "450.000,00", FEES: "20.000,00", MATERIAL: "74.000,00"},
        {AQB: "489.000,00", SGB2: "55.000,00"},
    ),
    "AAB": (
        {FEES: "120.000,00", MATERIAL: "30.000,00"},
        {AQB: "150.000,00"},
    ),
}
# Sum of the costs per project, by hand: FIB 520.000 + 60.000 + 92.400 = 672.400, ...
COST_TOTALS = {
    "FIB": "672.400,00",
    "HIB": "573.700,00",
    "DIK": "376.200,00",
    "STM": "440.000,00",
    "CBG": "544.000,00",
    "AAB": "150.000,00",
}
# (provider slug, planned places, planned participants)
PROJECT_DATA = {
    "FIB": ("demo-traeger-wiesbaden", "24", "48"),
    "HIB": ("demo-traeger-wiesbaden", "20", "40"),
    "DIK": ("browsertest-werkstatt-wiesbaden", "60", "90"),
    "STM": ("browsertest-werkstatt-wiesbaden", "30", "45"),
    "CBG": ("browsertest-werkstatt-wiesbaden", "35", "70"),
    "AAB": ("browsertest-werkstatt-wiesbaden", "15", "120"),
}
# AQB applied: 612.400 + 498.700 + 356.200 + 402.000 + 489.000 + 150.000 = 2.508.300,00;
# approved: CBG 464.000 instead of 489.000, so 2.508.300 - 25.000 = 2.483.300,00.
APPLIED = "2.508.300,00"
APPROVED = "2.483.300,00"
CBG_REASON = "Die Ausstattung (25.000,00 €) wird über das Programmjahr hinaus genutzt."
FIB_REASON = "Belege über 12.400,00 € betreffen Anschaffungen nach Ende der Maßnahme."

# Days of the replay.
PLANNED_ON = dt.date(2024, 3, 20)
DECIDED_ON = dt.date(2024, 5, 15)
REQUESTED_ON = dt.date(2024, 5, 20)
FIRST_PAYOUT = dt.date(2024, 6, 3)
SECOND_PAYOUT = dt.date(2024, 9, 23)
PROOF_ON = dt.date(2025, 5, 30)
RECLAIM_ON = dt.date(2025, 9, 1)
DUE_ON = dt.date(2025, 9, 30)

# The reclaim by hand. Eligible for FIB: recognised costs 520.000 + 60.000 + 80.000 = 660.000
# minus income (own funds) 60.000 = 600.000, approved 612.400, so 12.400,00 too much was paid.
# Every other project is eligible for exactly its approved amount. The 12.400,00 belong to the
# latest payout (23.09.2024, 1.233.300,00 ≥ 12.400,00); days = 30.09.2025 - 23.09.2024
# = 7 + 365 = 372; interest = 12.400 × 5 % × 372 / 365 = 620 × 372 / 365 = 631,8904… → 631,89.
PRINCIPAL = Decimal("12400.00")
INTEREST_DAYS = 372
INTEREST = Decimal("631.89")


class Clock:
    """Sets the server's "now" to a given day (09:00 Berlin time, then running on)."""

    def __init__(self, monkeypatch):
        self._real_now = timezone.now
        self._offset = dt.timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: self._real_now() + self._offset)

    def set(self, day: dt.date) -> None:
        target = dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
        self._offset = target - self._real_now()
        assert timezone.localdate() == day


@pytest.fixture
def site(transactional_db, live_server) -> str:
    """The demo without the grant procedure: Wiesbaden's six 2024 projects exist (from the
    agreement) without plans, application, decision, payments or proof; a second provider works
    for Wiesbaden (reference data, created directly as the demo does). The decision templates
    come from a data migration, which the flush after a transactional test removes: load them."""
    from zielwerk.demo.data import seed
    from zielwerk.grants import reference
    from zielwerk.organisations.choices import OrganisationKind
    from zielwerk.organisations.models import Organisation, Region

    reference.load()
    seed(grants=False)
    workshop = Organisation.objects.create(
        kind=OrganisationKind.PROVIDER,
        name="Browsertest-Jugendwerkstatt Wiesbaden e.V. (erfunden)",
        short_name="Browsertest-Werkstatt",
        slug="browsertest-werkstatt-wiesbaden",
    )
    workshop.regions.add(Region.objects.get(slug="wiesbaden"))
    return live_server.url


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def sign_in(page, login, clock: Clock, day: dt.date, username: str) -> None:
    """The next step's day and person: a fresh sign-in (the session belongs to the old day)."""
    clock.set(day)
    page.context.clear_cookies()
    login(page, username)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def field(scope, label: str):
    """An input by its label, which for optional fields ends in "– optional"."""
    return scope.get_by_label(re.compile("^" + re.escape(label) + "( – optional)?$"))


def expect_message(page, text: str) -> None:
    expect(page.locator(".zw-messages")).to_contain_text(text)


def definition(page, term: str):
    """The <dd> of a description list entry by its term."""
    return page.locator(
        f"xpath=//dt[normalize-space(.)={xpath_literal(term)}]/following-sibling::dd[1]"
    ).first


def xpath_literal(text: str) -> str:
    return f'"{text}"' if '"' not in text else f"'{text}'"


def screenshot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"grants-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def project_codes() -> dict[str, str]:
    from zielwerk.projects.models import Project

    projects = Project.objects.filter(
        region__slug="wiesbaden", programme_year__year=2024
    ).values_list("short_name", "code")
    codes = dict(projects)
    assert sorted(codes) == sorted(PLANS), codes
    return codes


def provider_names() -> dict[str, str]:
    from zielwerk.organisations.models import Organisation

    slugs = {slug for slug, _, _ in PROJECT_DATA.values()}
    return dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "name"))


def test_wiesbaden_2024_from_plans_to_reclaim(page, login, clock, assert_accessible):
    codes = project_codes()
    providers = provider_names()
    base = "/zuwendung/2024/wiesbaden"

    # --- 20.03.2024: Wiesbaden plans the six projects and submits the application ----------
    sign_in(page, login, clock, PLANNED_ON, "wiesbaden")
    page.goto(f"{base}/projekte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projekte Wiesbaden 2024")
    expect(page.locator("#summe-zuwendung")).to_have_text("0,00 Euro")
    assert_accessible(page)
    first = True
    for short_name, (costs, funding) in PLANS.items():
        code = codes[short_name]
        provider, places, participants = PROJECT_DATA[short_name]
        if first:
            page.locator(f'a[href="/projekte/{code}/"]').click()
            page.get_by_role("link", name="Projektdaten bearbeiten").click()
        else:
            page.goto(f"/projekte/{code}/bearbeiten/")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{code} bearbeiten")
        if first:
            assert_accessible(page)
        page.get_by_label("Träger").select_option(label=providers[provider])
        page.get_by_label("Geplante Plätze").fill(places)
        page.get_by_label("Geplante Teilnehmende").fill(participants)
        field(page, "Beginn").fill("2024-01-01")
        field(page, "Ende").fill("2024-12-31")
        page.get_by_role("button", name="Speichern").click()
        expect_message(page, f"Das Projekt {code} wurde gespeichert.")
        if first:
            expect(definition(page, "Zeitraum")).to_have_text("01.01.2024 – 31.12.2024")
            assert_accessible(page)

        page.get_by_role("link", name="Finanzplan bearbeiten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Kosten- und Finanzierungsplan {code}"
        )
        for label, amount in {**costs, **funding}.items():
            field(page, label).fill(amount)
        page.get_by_role("button", name="Finanzplan speichern").click()
        expect_message(
            page,
            "Der Finanzplan wurde gespeichert und ist ausgeglichen "
            f"({COST_TOTALS[short_name]} Euro).",
        )
        expect(page.locator("#kosten-gesamt")).to_have_text(f"{COST_TOTALS[short_name]} Euro")
        expect(page.locator("#finanzierung-gesamt")).to_have_text(f"{COST_TOTALS[short_name]} Euro")
        if first:
            assert_accessible(page)
            screenshot(page, "finanzplan")
        first = False

    page.goto(f"{base}/projekte/")
    expect(page.locator("#summe-zuwendung")).to_have_text(f"{APPLIED} Euro")
    expect(page.get_by_role("table")).to_contain_text("alle ausgeglichen")

    page.goto(f"{base}/antrag/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag 2024 – Wiesbaden")
    page.get_by_role("button", name="Antrag anlegen").click()
    expect_message(page, "Der Antrag wurde als Entwurf angelegt.")
    expect(page.locator("#summe-beantragt")).to_have_text(f"{APPLIED} Euro")
    expect(page.locator("#planmaengel")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Antrag einreichen …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antrag einreichen")
    expect(page.get_by_text("So kann der Antrag noch nicht eingereicht werden:")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Antrag einreichen").click()
    expect_message(page, "„Antrag einreichen“ ist erledigt.")
    expect(definition(page, "Status")).to_have_text("eingereicht")
    expect(definition(page, "eingereicht")).to_contain_text("20.03.2024")
    expect(definition(page, "eingereicht")).to_contain_text("fristgerecht")

    # --- 15.05.2024: RP Kassel reviews and decides, CBG only partly -----------------------
    sign_in(page, login, clock, DECIDED_ON, "rp-kassel")
    page.goto(f"{base}/antrag/")
    page.get_by_role("button", name="Prüfung beginnen").click()
    expect_message(page, "„Prüfung beginnen“ ist erledigt.")
    expect(definition(page, "Status")).to_have_text("in Prüfung")
    page.goto(f"{base}/antrag/pruefung/content/")
    expect(page.get_by_role("heading", level=1)).to_have_text("inhaltliche Prüfung")
    assert_accessible(page)
    page.get_by_label("Ergebnis").select_option(label="ohne Beanstandung")
    page.get_by_label("Vermerk").fill("Maßnahmen entsprechen der Zielvereinbarung.")
    page.get_by_role("button", name="Speichern").click()
    expect_message(page, "inhaltliche Prüfung gespeichert.")
    # The finance review through the form on the application's page.
    finance = page.locator("form", has=page.get_by_role("button", name="finanzielle Prüfung"))
    finance.get_by_label("Ergebnis").select_option(label="mit Einschränkungen")
    finance.get_by_label("Vermerk").fill(f"CBG: {CBG_REASON}")
    finance.get_by_role("button", name="finanzielle Prüfung speichern").click()
    expect_message(page, "finanzielle Prüfung gespeichert.")
    expect(page.locator("#pruefung")).to_contain_text("mit Einschränkungen")

    page.goto(f"{base}/bescheide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bescheide Wiesbaden 2024")
    assert_accessible(page)
    page.get_by_role("link", name="Zuwendungsbescheid", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid entwerfen")
    assert_accessible(page)
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect_message(page, "Der Entwurf (Zuwendungsbescheid Nr. 1) wurde angelegt.")
    expect(definition(page, "bewilligt insgesamt")).to_have_text(f"{APPLIED} Euro")
    page.get_by_role("link", name="Entwurf bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid bearbeiten")
    assert_accessible(page)
    cbg = page.get_by_role("group", name=re.compile(re.escape(codes["CBG"])))
    cbg.get_by_label("bewilligt in Euro").fill("464.000,00")
    cbg.get_by_label("Begründung").fill(CBG_REASON)
    page.get_by_label("Verwendungsnachweis bis").fill("2025-06-30")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect_message(page, "Der Entwurf wurde gespeichert.")
    expect(definition(page, "bewilligt insgesamt")).to_have_text(f"{APPROVED} Euro")
    cbg_row = page.get_by_role("row", name=re.compile(re.escape(codes["CBG"])))
    expect(cbg_row).to_contain_text("464.000,00 Euro")
    expect(cbg_row).to_contain_text("Teilbewilligung")
    expect(page.get_by_text("Vor dem Erlass zu klären")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Bescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuwendungsbescheid erlassen")
    assert_accessible(page)
    page.get_by_role("button", name="Endgültig erlassen").click()
    expect_message(page, "Der Zuwendungsbescheid wurde am 15.05.2024 erlassen.")
    expect(definition(page, "Status")).to_contain_text("erlassen am 15.05.2024")
    assert_accessible(page)
    screenshot(page, "zuwendungsbescheid")
    pdf_url = page.get_by_role("link", name="PDF/A").get_attribute("href")
    pdf = page.request.get(pdf_url)
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.goto(f"{base}/antrag/")
    expect(definition(page, "Status")).to_have_text("beschieden")
    expect(definition(page, "bewilligt")).to_have_text(f"{APPROVED} Euro")

    # --- 20.05.2024: Wiesbaden requests two tranches ------------------------------------
    sign_in(page, login, clock, REQUESTED_ON, "wiesbaden")
    page.goto(f"{base}/mittelabrufe/")
    expect(definition(page, "noch verfügbar")).to_have_text(f"{APPROVED} Euro")
    for amount, start, end in (
        ("1.250.000,00", "2024-05-01", "2024-08-31"),
        ("1.233.300,00", "2024-09-01", "2024-12-31"),
    ):
        page.get_by_role("link", name="Mittel abrufen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mittel abrufen")
        if amount.startswith("1.250"):
            assert_accessible(page)
        page.get_by_label("Betrag in Euro").fill(amount)
        page.get_by_label("Zeitraum von").fill(start)
        page.get_by_label("Zeitraum bis").fill(end)
        page.get_by_role("button", name="Mittel abrufen").click()
        expect_message(page, f"über {amount} Euro wurde an die Bewilligungsbehörde gesandt.")
    expect(definition(page, "abgerufen (ohne abgelehnte Abrufe)")).to_have_text(f"{APPROVED} Euro")
    expect(page.get_by_text("Die bewilligten Mittel sind vollständig abgerufen.")).to_be_visible()
    assert_accessible(page)

    # --- 03.06.2024: RP Kassel approves both and pays the first tranche -----------------
    sign_in(page, login, clock, FIRST_PAYOUT, "rp-kassel")
    page.goto(f"{base}/mittelabrufe/")
    for number in (1, 2):
        page.get_by_role("link", name=re.compile(rf"^Freigeben … \(Mittelabruf {number}\)")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Freigeben: Mittelabruf {number}"
        )
        if number == 1:
            assert_accessible(page)
        page.get_by_role("button", name="Ja, freigeben").click()
        expect_message(page, f"Mittelabruf {number}: „Freigeben“ ist erledigt.")
    page.get_by_role("link", name=re.compile(r"^Auszahlung erfassen … \(Mittelabruf 1\)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auszahlung erfassen: Mittelabruf 1")
    assert_accessible(page)
    page.get_by_label("Auszahlungstag").fill(FIRST_PAYOUT.isoformat())
    page.get_by_role("button", name="Auszahlung erfassen").click()
    expect_message(page, "Mittelabruf 1: „Auszahlung erfassen“ ist erledigt.")

    # --- 23.09.2024: the second tranche is paid out -------------------------------------
    sign_in(page, login, clock, SECOND_PAYOUT, "rp-kassel")
    page.goto(f"{base}/mittelabrufe/")
    page.get_by_role("link", name=re.compile(r"^Auszahlung erfassen … \(Mittelabruf 2\)")).click()
    page.get_by_label("Auszahlungstag").fill(SECOND_PAYOUT.isoformat())
    page.get_by_role("button", name="Auszahlung erfassen").click()
    expect_message(page, "Mittelabruf 2: „Auszahlung erfassen“ ist erledigt.")
    expect(definition(page, "ausgezahlt")).to_have_text(f"{APPROVED} Euro")
    payouts = page.get_by_role("table", name="Auszahlungen Wiesbaden 2024")
    expect(payouts).to_contain_text("03.06.2024")
    expect(payouts).to_contain_text("23.09.2024")
    expect(payouts).to_contain_text("1.233.300,00 Euro")
    assert_accessible(page)
    screenshot(page, "mittelabrufe")

    # --- 30.05.2025: Wiesbaden submits the proof of use (actual = plan) -------------------
    sign_in(page, login, clock, PROOF_ON, "wiesbaden")
    page.goto(f"{base}/verwendungsnachweis/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verwendungsnachweis 2024 – Wiesbaden"
    )
    page.get_by_role("button", name="Verwendungsnachweis anlegen").click()
    expect_message(page, "Der Verwendungsnachweis ist angelegt.")
    expect(definition(page, "Status")).to_have_text("Entwurf")
    assert_accessible(page)
    page.get_by_role("link", name="Ist-Beträge und Sachbericht bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ist-Beträge und Sachbericht bearbeiten"
    )
    assert_accessible(page)
    rows = page.get_by_role("table", name="Ist-Beträge je Projekt und Position").locator("tbody tr")
    # 17 cost lines (AAB has no staff costs) and 6 lines of other funds (not AQB).
    expect(rows).to_have_count(23)
    for index in range(rows.count()):
        row = rows.nth(index)
        planned = row.locator("td").nth(3).inner_text().removesuffix(" Euro").strip()
        row.locator("input").fill(planned)
    page.get_by_role("button", name="Speichern").click()
    expect_message(page, "Der Verwendungsnachweis ist gespeichert.")
    expect(definition(page, "förderfähige Zuwendung")).to_have_text(f"{APPROVED} Euro")
    page.get_by_role("link", name="Verwendungsnachweis einreichen …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwendungsnachweis einreichen")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Verwendungsnachweis einreichen").click()
    expect_message(page, "Erledigt: Verwendungsnachweis einreichen.")
    expect(definition(page, "Status")).to_have_text("eingereicht")

    # --- 01.09.2025: RP Kassel finds FIB's material costs partly ineligible --------------
    sign_in(page, login, clock, RECLAIM_ON, "rp-kassel")
    page.goto(f"{base}/verwendungsnachweis/")
    page.get_by_role("button", name="Prüfung beginnen").click()
    expect_message(page, "Erledigt: Prüfung beginnen.")
    expect(definition(page, "Status")).to_have_text("in Prüfung")
    page.get_by_role("link", name="Positionen prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Positionen prüfen")
    assert_accessible(page)
    verdicts = page.locator("select[name^='verdict_']")
    expect(verdicts).to_have_count(23)
    for index in range(verdicts.count()):
        verdicts.nth(index).select_option(label="anerkannt")
    fib = f"{codes['FIB']}, {MATERIAL}"
    page.get_by_label(f"Prüfergebnis {fib}").select_option(label="teilweise anerkannt")
    page.get_by_label(f"anerkannter Betrag {fib}").fill("80.000,00")
    page.get_by_label(f"Begründung {fib}").fill(FIB_REASON)
    screenshot(page, "positionen-pruefen")
    page.get_by_role("button", name="Prüfergebnisse speichern").click()
    expect_message(page, "23 Positionen geprüft.")
    expect(definition(page, "förderfähige Zuwendung")).to_have_text("2.470.900,00 Euro")
    expect(definition(page, "zurückzufordern (ohne Zinsen)")).to_have_text("12.400,00 Euro")
    assert_accessible(page)

    page.get_by_role("link", name="Rückforderung berechnen …").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rückforderung berechnen")
    assert_accessible(page)
    page.get_by_label("fällig am").fill(DUE_ON.isoformat())
    page.get_by_role("button", name="Berechnen").click()
    preview = page.get_by_role("table", name="Zinsen zu 5,00 % p. a. je Auszahlung")
    # Only the latest payout carries the reclaim: one line, 372 days.
    expect(preview.get_by_role("row", name="03.06.2024")).to_have_count(0)
    expect(preview.get_by_role("row", name="23.09.2024").get_by_role("cell")).to_have_text(
        ["23.09.2024", "12.400,00 Euro", str(INTEREST_DAYS), "631,89 Euro"]
    )
    expect(preview.get_by_role("row", name="Erstattungsbetrag")).to_contain_text("12.400,00 Euro")
    expect(preview.get_by_role("row", name="zu erstatten insgesamt")).to_contain_text(
        "13.031,89 Euro"
    )
    assert_accessible(page)
    screenshot(page, "rueckforderung")
    page.get_by_role("button", name="Ja, Rückforderungsbescheid entwerfen").click()
    expect_message(page, "Rückforderungsbescheids über 13.031,89 Euro ist angelegt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rückforderungsbescheid Nr. 2")
    expect(definition(page, "Erstattungsbetrag")).to_have_text("12.400,00 Euro")
    expect(definition(page, "Zinsen")).to_have_text("631,89 Euro")
    assert_accessible(page)
    page.get_by_role("link", name="Bescheid erlassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rückforderungsbescheid erlassen")
    page.get_by_role("button", name="Endgültig erlassen").click()
    expect_message(page, "Der Rückforderungsbescheid wurde am 01.09.2025 erlassen.")
    expect(definition(page, "zu erstatten (mit Zinsen)")).to_have_text("13.031,89 Euro")

    page.goto(f"{base}/verwendungsnachweis/")
    expect(definition(page, "Status")).to_have_text("Rückforderung")
    expect(page.get_by_role("table", name="Zinsberechnung laut Bescheid")).to_contain_text(
        "631,89 Euro"
    )
    assert_accessible(page)

    assert_database(codes)


def assert_database(codes: dict[str, str]) -> None:
    from zielwerk.grants.models import Application, Decision, Payment, ProofOfUse, Reclaim

    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    assert application.status == "decided"
    assert application.submitted_at is not None
    assert timezone.localtime(application.submitted_at).date() == PLANNED_ON
    assert not application.is_late

    decisions = {d.kind: d for d in Decision.objects.filter(application=application)}
    assert sorted(decisions) == ["grant", "reclaim"]
    grant, reclaim_decision = decisions["grant"], decisions["reclaim"]
    assert grant.status == "issued" and grant.issued_on == DECIDED_ON
    assert grant.total == Decimal("2483300.00")
    items = {item.project.short_name: item for item in grant.items.select_related("project")}
    assert items["CBG"].applied == Decimal("489000.00")
    assert items["CBG"].approved == Decimal("464000.00")
    assert items["CBG"].reason == CBG_REASON
    assert [s for s, item in items.items() if item.approved != item.applied] == ["CBG"]

    payments = Payment.objects.filter(request__application=application).order_by("paid_on")
    assert [(p.paid_on, p.amount) for p in payments] == [
        (FIRST_PAYOUT, Decimal("1250000.00")),
        (SECOND_PAYOUT, Decimal("1233300.00")),
    ]

    proof = ProofOfUse.objects.get(application=application)
    assert proof.status == "reclaim"
    fib_material = proof.items.get(project__code=codes["FIB"], category="material")
    assert (fib_material.verdict, fib_material.recognised) == ("partly", Decimal("80000.00"))

    reclaim = Reclaim.objects.get(decision=reclaim_decision)
    assert reclaim.principal == PRINCIPAL
    assert reclaim.interest_percent == Decimal("5.00")
    assert reclaim.interest_until == DUE_ON
    assert reclaim.interest == INTEREST > 0
    assert reclaim_decision.status == "issued" and reclaim_decision.issued_on == RECLAIM_ON
    assert reclaim_decision.total == PRINCIPAL + INTEREST
