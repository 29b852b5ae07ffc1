"""The budget pages in a real browser: the ministry reads the 2024 overview and compares two
distribution keys, the grant authority reads the controlling table; axe-core on every page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _two_keys() -> tuple[int, int]:
    from zielwerk.accounts.models import User
    from zielwerk.budgets.services import distribution_key_manual
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear

    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    ministry = User.objects.get(username="ministerium")
    wiesbaden = Region.objects.get(slug="wiesbaden")
    frankfurt = Region.objects.get(slug="frankfurt")
    key_a = distribution_key_manual(
        actor=ministry,
        programme_year=year,
        name="Szenario A",
        amounts={wiesbaden: Decimal("1000000"), frankfurt: Decimal("2000000")},
        reason="Browsertest",
    )
    key_b = distribution_key_manual(
        actor=ministry,
        programme_year=year,
        name="Szenario B",
        amounts={wiesbaden: Decimal("1250000"), frankfurt: Decimal("1800000")},
        reason="Browsertest",
    )
    return key_a.pk, key_b.pk


def test_ministry_reads_budget_and_compares_keys(page, login, assert_accessible):
    key_a, key_b = _two_keys()
    login(page, "ministerium")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Haushalt"
    ).click()
    # The navigation leads to the current programme year; the demo's allocations are 2024's.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Haushalt \d{4}$"))
    page.goto("/haushalt/2024/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Haushalt 2024")
    wiesbaden = page.get_by_role("row", name="Wiesbaden", exact=False).first
    expect(wiesbaden).to_contain_text("2.508.300 Euro")
    expect(page.locator(".kern-badge", has_text="erfunden").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"/haushalt/2024/vergleich/?a={key_a}&b={key_b}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schlüssel vergleichen 2024")
    row = page.get_by_role("row", name="Wiesbaden", exact=False).first
    expect(row).to_contain_text("+250.000 Euro")
    expect(page.get_by_role("img", name="Beträge je Gebietskörperschaft")).to_be_visible()
    assert_accessible(page)


def test_grant_authority_reads_controlling(page, login, assert_accessible):
    login(page, "rp-kassel")
    page.goto("/haushalt/2024/")
    page.get_by_role("link", name="Controlling 2024", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controlling 2024")
    table = page.get_by_role("table", name="Controlling 2024", exact=False)
    expect(table).to_be_visible()
    subtotal = table.get_by_role("row", name="Summe Wiesbaden", exact=False)
    expect(subtotal).to_contain_text("2.508.300,00 Euro")
    expect(table.get_by_role("row", name="Land Hessen gesamt", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Excel-Datei (XLSX)")).to_be_visible()
    assert_accessible(page)


def _indicators_and_computed_key() -> int:
    """Indicator values for every region of 2024 and a key computed from them."""
    from zielwerk.accounts.models import User
    from zielwerk.budgets.services import distribution_key_compute, indicator_values_store
    from zielwerk.programmes.models import ProgrammeYear

    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    ministry = User.objects.get(username="ministerium")
    regions = sorted(
        (p.region for p in year.participations.select_related("region") if p.region.ags),
        key=lambda region: region.ags,
    )
    table = {
        region.ags: {"sgb2": Decimal(1000 + index * 250), "sgb3": Decimal(10 + index)}
        for index, region in enumerate(regions)
    }
    indicator_values_store(actor=ministry, programme_year=year, table=table)
    key = distribution_key_compute(
        actor=ministry,
        programme_year=year,
        name="Indikatoren-Browsertest",
        total=Decimal("10000000"),
        weights={"sgb2": Decimal("0.7"), "sgb3": Decimal("0.3")},
        minimum=Decimal("100000"),
    )
    return key.pk


def test_ministry_reads_indicators_and_a_key(page, login, assert_accessible, tmp_path):
    key = _indicators_and_computed_key()
    login(page, "ministerium")
    page.goto("/haushalt/2024/indikatoren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatoren 2024")
    expect(page.get_by_role("table", name="Indikatorwerte 2024")).to_be_visible()
    assert_accessible(page)

    # A table with an unknown region: every error is listed, nothing is stored.
    upload = tmp_path / "indikatoren.csv"
    upload.write_text("ags;sgb2;sgb3\r\n06999;1;2\r\n", encoding="utf-8")
    page.get_by_label("Indikatortabelle").set_input_files(str(upload))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Es wurde nichts gespeichert.")
    expect(alert).to_contain_text("Zeile 2, Spalte A")
    assert_accessible(page)

    page.goto(f"/haushalt/schluessel/{key}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatoren-Browsertest")
    expect(page.locator("#summe-ergebnis")).to_have_text("10.000.000 Euro")
    assert_accessible(page)

    page.get_by_role("link", name="Veröffentlichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verteilungsschlüssel veröffentlichen"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Ja, veröffentlichen").click()
    expect(page.get_by_text("Der Verteilungsschlüssel wurde veröffentlicht.")).to_be_visible()

    page.goto("/haushalt/2024/schluessel/neu/")
    expect(page.get_by_label("Gewicht „sgb2“")).to_be_visible()
    assert_accessible(page)
    page.goto("/haushalt/2024/schluessel/manuell/")
    assert_accessible(page)
