"""The budget pages in a real browser: the ministry reads the 2024 overview and compares two
distribution keys; axe-core on both pages."""

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
