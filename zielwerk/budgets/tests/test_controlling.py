"""Controlling per region × measure type: exact sums at every level, the demo's figures, the
exports (CSV, XLSX) with the same numbers, access and the audit entry of every export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zielwerk.budgets.controlling import (
    COLUMNS,
    Amounts,
    ControllingTable,
    RowKind,
    controlling_table,
)
from zielwerk.budgets.models import Allocation
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import Participation, ProgrammeYear

pytestmark = pytest.mark.django_db

PAGE = reverse("budgets:controlling", kwargs={"year": 2024})
CSV = reverse("budgets:controlling_csv", kwargs={"year": 2024})
XLSX = reverse("budgets:controlling_xlsx", kwargs={"year": 2024})
ZERO_COLUMNS = ("applied", "approved", "paid", "proven", "reclaimed")
CENT = Decimal("0.01")


def _year() -> ProgrammeYear:
    return ProgrammeYear.objects.get(programme__code="aqb", year=2024)


def _block(table: ControllingTable, slug: str):
    return next(block for block in table.regions if block.region.slug == slug)


def _add(items) -> Amounts:
    total = Amounts()
    for item in items:
        total = total + item
    return total


def _assert_levels_match(table: ControllingTable) -> None:
    for block in table.regions:
        for name, _heading in COLUMNS:
            rows_sum = sum((getattr(row.amounts, name) for row in block.rows), Decimal(0))
            assert rows_sum == getattr(block.subtotal.amounts, name), (block.region, name)
    for name, _heading in COLUMNS:
        subtotal_sum = sum((getattr(b.subtotal.amounts, name) for b in table.regions), Decimal(0))
        rows_sum = sum(
            (getattr(row.amounts, name) for b in table.regions for row in b.rows), Decimal(0)
        )
        assert subtotal_sum == rows_sum == getattr(table.total.amounts, name), name


def test_levels_match_to_the_cent(demo):
    table = controlling_table(_year())
    _assert_levels_match(table)
    allocated = sum(
        (a.current.amount for a in Allocation.objects.filter(programme_year__year=2024)),
        Decimal(0),
    )
    assert table.total.amounts.allocated == allocated
    for row in table.all_rows():
        for value in row.amounts.values():
            assert isinstance(value, Decimal)
            assert value == value.quantize(CENT)


def test_levels_match_with_cents_and_a_signed_amount(demo):
    """Odd cents in several regions still add up exactly (no float anywhere)."""
    from zielwerk.accounts.models import User
    from zielwerk.budgets.services import allocation_revise

    ministry = User.objects.get(username="ministerium")
    for slug, amount in (("wiesbaden", "1000000.01"), ("frankfurt", "2000000.10")):
        allocation = Allocation.objects.get(programme_year__year=2024, region__slug=slug)
        allocation_revise(
            actor=ministry,
            allocation=allocation,
            amount=Decimal(amount),
            effective_on=allocation.current.effective_on,
            reason="Test",
        )
    table = controlling_table(_year())
    _assert_levels_match(table)
    assert _block(table, "wiesbaden").subtotal.amounts.allocated == Decimal("1000000.01")
    assert _block(table, "frankfurt").subtotal.amounts.allocated == Decimal("2000000.10")


def test_demo_figures_2024(demo_with_grants):
    table = controlling_table(_year())
    wiesbaden = _block(table, "wiesbaden")
    assert wiesbaden.subtotal.amounts.allocated == Decimal("2508300.00")
    assert wiesbaden.subtotal.amounts.agreed == Decimal("2508300.00")
    # The demo's grant procedure (zielwerk/demo/grants_data.py): all six plans applied for,
    # CBG approved with 25,000 less, both tranches paid, FIB's material costs recognised with
    # 12,400 less, which is reclaimed.
    assert wiesbaden.subtotal.amounts.applied == Decimal("2508300.00")
    assert wiesbaden.subtotal.amounts.approved == Decimal("2483300.00")
    assert wiesbaden.subtotal.amounts.available == Decimal("25000.00")
    assert wiesbaden.subtotal.amounts.paid == Decimal("2483300.00")
    assert wiesbaden.subtotal.amounts.proven == Decimal("2470900.00")
    assert wiesbaden.subtotal.amounts.reclaimed == Decimal("12400.00")
    unassigned = wiesbaden.rows[-1]
    assert unassigned.kind == RowKind.UNASSIGNED
    assert unassigned.amounts.allocated == Decimal("2508300.00")
    assert all(row.kind == RowKind.MEASURE for row in wiesbaden.rows[:-1])

    frankfurt = _block(table, "frankfurt")
    assert frankfurt.subtotal.amounts.agreed == Decimal(0)
    assert frankfurt.subtotal.amounts.allocated > 0

    for row in table.all_rows():
        if row.region is not None and row.region.slug != "wiesbaden":
            for name in ZERO_COLUMNS:
                assert getattr(row.amounts, name) == Decimal(0)
    # Wiesbaden is the only region with a grant procedure: the state total equals its subtotal.
    for name in ZERO_COLUMNS:
        assert getattr(table.total.amounts, name) == getattr(wiesbaden.subtotal.amounts, name)
        assert row.amounts.available == row.amounts.allocated - row.amounts.approved


def test_rows_cover_participants_in_ags_order(demo):
    table = controlling_table(_year())
    regions = [block.region for block in table.regions]
    participants = set(
        Participation.objects.filter(programme_year=_year()).values_list("region_id", flat=True)
    )
    assert participants <= {region.pk for region in regions}
    with_ags = [region.ags for region in regions if region.ags]
    assert with_ags == sorted(with_ags)
    for block in table.regions:
        numbers = [row.measure_type.number for row in block.rows if row.measure_type]
        assert numbers == sorted(numbers)


def test_measure_type_rows_come_from_current_agreement_version(demo):
    from zielwerk.agreements.models import Agreement

    agreement = Agreement.objects.get(programme_year__year=2024, region__slug="wiesbaden")
    current = agreement.versions.order_by("-number").first()
    expected = sorted({vp.project.measure_type.number for vp in current.version_projects.all()})
    block = _block(controlling_table(_year()), "wiesbaden")
    assert [row.measure_type.number for row in block.rows if row.measure_type] == expected
    assert expected, "the demo's Wiesbaden agreement names projects"


def test_query_count_does_not_grow_with_regions(demo, django_assert_max_num_queries):
    year = _year()
    with CaptureQueriesContext(connection) as before:
        controlling_table(year)
    # One more participating region must not cost another query.
    district = Region.objects.first().district
    region = Region.objects.create(
        name="Testkreis",
        official_name="Landkreis Testkreis",
        code="TESTK",
        slug="testkreis",
        kind=Region.objects.first().kind,
        district=district,
    )
    Participation.objects.create(programme_year=year, region=region)
    with CaptureQueriesContext(connection) as after:
        table = controlling_table(year)
    assert len(after.captured_queries) == len(before.captured_queries)
    # 6 for participations, allocations and agreements, 8 for the grant figures (grant_figures.py).
    assert len(before.captured_queries) <= 14
    assert table.regions[-1].region == region  # no AGS: last
    _assert_levels_match(table)


def test_page_shows_table_and_definition(demo, client_for):
    response = client_for("ministerium").get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2.508.300,00 Euro" in html
    assert "ohne Zuordnung zur Maßnahmenart" in html
    assert "verfügbar = zugewiesen − bewilligt" in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "<caption" in html
    assert reverse("budgets:controlling_xlsx", kwargs={"year": 2024}) in html


def test_overview_links_to_controlling(demo, client_for):
    response = client_for("ministerium").get(reverse("budgets:overview", kwargs={"year": 2024}))
    assert PAGE in response.content.decode()


@pytest.mark.parametrize("url", [PAGE, CSV, XLSX])
def test_region_user_is_refused(demo, client_for, url):
    assert client_for("wiesbaden").get(url).status_code == 403
    assert client_for("traeger-wiesbaden").get(url).status_code == 403


@pytest.mark.parametrize("name", ["controlling", "controlling_csv", "controlling_xlsx"])
def test_unknown_year_404(demo, client_for, name):
    url = reverse(f"budgets:{name}", kwargs={"year": 2023})
    assert client_for("rp-kassel").get(url).status_code == 404


def _expected_rows(table: ControllingTable) -> list[list[object]]:
    return [
        [row.region_label, row.ags, row.measure_label, *row.amounts.values()]
        for row in table.all_rows()
    ]


def test_csv_export_has_same_numbers(demo, client_for):
    response = client_for("ministerium").get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "controlling-2024.csv" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Gebietskörperschaft", "AGS", "Maßnahmenart"]
    assert lines[0][3:] == [str(heading) for _name, heading in COLUMNS]
    parsed = [
        [*line[:3], *(Decimal(cell.replace(",", ".")) for cell in line[3:])] for line in lines[1:]
    ]
    assert parsed == _expected_rows(controlling_table(_year()))
    wiesbaden = next(line for line in lines if line[0] == "Wiesbaden" and line[3] != "0,00")
    assert wiesbaden[3:5] == ["2508300,00", "2508300,00"]
    assert lines[-1][0] == "Land Hessen gesamt"


def test_xlsx_export_has_same_numbers(demo, client_for):
    response = client_for("rp-kassel").get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    sheet = workbook.get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["Gebietskörperschaft", "AGS", "Maßnahmenart"]
    for cell in sheet[1][3:]:
        assert isinstance(cell, float)
    parsed = [
        [*row[:3], *(Decimal(repr(cell)).quantize(CENT) for cell in row[3:])] for row in sheet[1:]
    ]
    assert parsed == _expected_rows(controlling_table(_year()))
    assert sheet[-1][0] == "Land Hessen gesamt"


@pytest.mark.parametrize(("url", "fmt"), [(CSV, "csv"), (XLSX, "xlsx")])
def test_export_writes_audit_entry(demo, client_for, users, url, fmt):
    before = AuditEntry.objects.filter(action="controlling.export").count()
    client_for("ministerium").get(url)
    entries = AuditEntry.objects.filter(action="controlling.export")
    assert entries.count() == before + 1
    entry = entries.order_by("-pk").first()
    assert entry.actor == users["ministerium"]
    assert entry.changes == {"format": [None, fmt]}
    assert entry.object_id == str(_year().pk)


def test_page_view_writes_no_audit_entry(demo, client_for):
    client_for("ministerium").get(PAGE)
    assert not AuditEntry.objects.filter(action="controlling.export").exists()


def test_grant_procedure_figures_per_measure_type(demo):
    import datetime as dt

    from zielwerk.grants.tests import factories

    decision = factories.make_grant_decision()
    factories.make_payment(decision.application, "1000000.00", dt.date(2024, 6, 3))
    table = controlling_table(_year())
    wiesbaden = _block(table, "wiesbaden")
    by_number = {row.measure_type.number: row.amounts for row in wiesbaden.rows[:-1]}
    # Measure type 1: FIB 612,400 + HIB 498,700 + DIK 356,200 (all approved as applied).
    assert by_number[1].applied == by_number[1].approved == Decimal("1467300.00")
    # Measure type 3: STM 402,000 + CBG 489,000 applied; CBG approved with 464,000 only.
    assert by_number[3].applied == Decimal("891000.00")
    assert by_number[3].approved == Decimal("866000.00")
    assert by_number[4].approved == Decimal("150000.00")
    unassigned = wiesbaden.rows[-1].amounts
    assert unassigned.paid == Decimal("1000000.00")
    assert wiesbaden.subtotal.amounts.approved == Decimal("2483300.00")
    assert wiesbaden.subtotal.amounts.available == Decimal("2508300.00") - Decimal("2483300.00")
    _assert_levels_match(table)
