"""The statewide steering table (dashboard.py) and its pages: rows and totals to the cent against
a small fixture with hand-computed values, the cut-off day, sorting, exports and scope.

The fixture (`steering_fixture`, also used by test_api_steering.py and the query-count test) puts
on top of the demo without grants:

* allocations: Wiesbaden 2.500.000,01 €, Frankfurt 600.000,55 € (a newer allocation version each);
  Wiesbaden's binding agreement version 1 agrees 2.400.000,10 €; Frankfurt's is a draft (0,00 €).
* the grant decision of the demo (2.483.300,00 € approved) and two payouts: 1.250.000,00 € on
  03.06.2024 and 1.233.300,00 € on 23.09.2024.
* five participants in WI-2024-DIK entering 15.01., 01.03., 30.06., 01.07. and 01.12.2024, and one
  that entered on 01.12.2023 (not an entry of the year).
* targets of Wiesbaden's version 1: „Eintritte DIK“ 10 persons (project DIK) and „Ausgaben“
  2.483.300,00 € (whole region), both linear over 2024; one rule 80 %–120 % after 60 days.
  As of 30.06.2024 (182 of 366 days): entries plan 10 × 182/366 = 4,97, actual 3 → 60,4 % →
  below; spending plan 2.483.300 × 182/366 = 1.234.865,03, actual 1.250.000,00 → 101,2 % → in
  plan. As of 31.12.2024: entries 5 of 10 → below, spending 2.483.300 of 2.483.300 → in plan.
* one open and one accepted deviation of Wiesbaden → 1 open.
* a final assessment of Wiesbaden: entries not attained (0), spending attained (100) → 50,0 %.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from zielwerk.steering.dashboard import Band, Status, attainment_band, statewide_table

pytestmark = pytest.mark.django_db

D = Decimal
JUNE_30 = dt.date(2024, 6, 30)
DEC_31 = dt.date(2024, 12, 31)


def add_participant(project, number: int, entered_on: dt.date):
    from zielwerk.participants.models import Participant
    from zielwerk.participants.pseudonyms import pseudonym, reference_hash

    digest = reference_hash(project.pk, f"SD-{number}")
    return Participant.objects.create(
        project=project,
        reference_hash=digest,
        pseudonym=pseudonym(digest),
        entered_on=entered_on,
        gender="female",
        birth_year=2003,
        residence_region=project.region,
        first_residence_hessen=True,
        entitlement="sgb2",
        via_household=False,
        employment_status="unemployed",
        education_level="isced_0_2",
        disability="no",
        foreign_background="not_stated",
        third_country_national="no",
        followup_consent=True,
    )


def add_target(version, key: str, metric: str, value: str, *, project=None, position: int = 0):
    from zielwerk.steering.choices import TargetScope
    from zielwerk.steering.models import Target

    return Target.objects.create(
        version=version,
        position=position,
        key=key,
        label=key.replace("-", " ").title(),
        metric=metric,
        scope=TargetScope.PROJECT if project is not None else TargetScope.REGION,
        project=project,
        value=D(value),
        period_from=dt.date(2024, 1, 1),
        period_to=DEC_31,
    )


def build_fixture() -> dict:
    from zielwerk.agreements.models import AgreementVersion
    from zielwerk.budgets.choices import AllocationStatus
    from zielwerk.budgets.models import Allocation, AllocationVersion
    from zielwerk.grants.tests.factories import make_grant_decision, make_payment
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.projects.models import Project
    from zielwerk.steering.choices import (
        AssessmentStatus,
        Attainment,
        DeviationStatus,
        Direction,
        Metric,
    )
    from zielwerk.steering.models import (
        Assessment,
        Deviation,
        DeviationRule,
        TargetAssessment,
    )

    programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    wiesbaden = Region.objects.get(slug="wiesbaden")
    frankfurt = Region.objects.get(slug="frankfurt")
    for region, amount in ((wiesbaden, "2500000.01"), (frankfurt, "600000.55")):
        allocation = Allocation.objects.get(region=region, programme_year=programme_year)
        AllocationVersion.objects.create(
            allocation=allocation,
            number=99,
            status=AllocationStatus.REVISED,
            amount=D(amount),
            effective_on=dt.date(2024, 7, 1),
            reason="Test",
        )
    version = AgreementVersion.objects.get(
        agreement__region=wiesbaden, agreement__programme_year=programme_year, number=1
    )
    AgreementVersion.objects.filter(pk=version.pk).update(amount=D("2400000.10"))

    decision = make_grant_decision()
    make_payment(decision.application, "1250000.00", dt.date(2024, 6, 3))
    make_payment(decision.application, "1233300.00", dt.date(2024, 9, 23))

    dik = Project.objects.get(code="WI-2024-DIK")
    days = [(1, 15), (3, 1), (6, 30), (7, 1), (12, 1)]
    for number, (month, day) in enumerate(days):
        add_participant(dik, number, dt.date(2024, month, day))
    add_participant(dik, 99, dt.date(2023, 12, 1))

    entries = add_target(version, "eintritte-dik", Metric.ENTRIES, "10", project=dik)
    spending = add_target(version, "ausgaben", Metric.SPENDING, "2483300.00", position=1)
    rule = DeviationRule.objects.create(
        programme=programme_year.programme,
        name="80 bis 120 %",
        lower_percent=D("80.0"),
        upper_percent=D("120.0"),
        min_elapsed_days=60,
    )
    common = {
        "agreement": version.agreement,
        "rule": rule,
        "detected_on": JUNE_30,
        "checked_on": JUNE_30,
        "as_of": JUNE_30,
        "planned_to_date": D("4.97"),
        "actual": D("3.00"),
        "ratio_percent": D("60.4"),
    }
    Deviation.objects.create(
        target=entries, target_key=entries.key, direction=Direction.BELOW, **common
    )
    Deviation.objects.create(
        target=spending,
        target_key=spending.key,
        direction=Direction.ABOVE,
        status=DeviationStatus.ACCEPTED,
        **common,
    )
    assessment = Assessment.objects.create(
        agreement=version.agreement, version=version, as_of=DEC_31, status=AssessmentStatus.FINAL
    )
    for target, result in ((entries, Attainment.NOT_ATTAINED), (spending, Attainment.ATTAINED)):
        TargetAssessment.objects.create(
            assessment=assessment,
            target=target,
            planned=target.value,
            actual=D("0"),
            ratio_percent=D("0"),
            proposed=result,
            result=result,
        )
    return {
        "programme_year": programme_year,
        "wiesbaden": wiesbaden,
        "frankfurt": frankfurt,
        "version": version,
        "entries": entries,
        "spending": spending,
    }


@pytest.fixture
def steering_fixture(demo):
    return build_fixture()


def _rows(fx, as_of):
    ids = [fx["wiesbaden"].pk, fx["frankfurt"].pk]
    table = statewide_table(fx["programme_year"], as_of, region_ids=ids)
    return table, {row.region.slug: row for row in table.rows}


def test_rows_and_totals_as_of_mid_year(steering_fixture):
    table, rows = _rows(steering_fixture, JUNE_30)
    wi, fr = rows["wiesbaden"], rows["frankfurt"]
    assert wi.budget == D("2500000.01")
    assert wi.agreed == D("2400000.10")
    assert wi.approved == D("2483300.00")
    assert wi.paid == D("1250000.00")  # the September payout comes later
    assert wi.participants == 3  # 15.01., 01.03., 30.06.; not the one of 2023
    assert (wi.targets, wi.on_track, wi.below, wi.above) == (2, 1, 1, 0)
    assert wi.attainment == D("50.0")
    assert wi.band == Band.LOW
    assert wi.open_deviations == 1
    assert (wi.entries_planned_to_date, wi.entries_actual) == (D("4.97"), D("3.00"))

    assert fr.budget == D("600000.55")
    assert (fr.agreed, fr.approved, fr.paid) == (D("0.00"), D("0.00"), D("0.00"))
    assert (fr.participants, fr.targets, fr.attainment, fr.open_deviations) == (0, 0, None, 0)
    assert fr.band == Band.NONE

    total = table.total
    assert total.budget == D("3100000.56")
    assert total.agreed == D("2400000.10")
    assert total.approved == D("2483300.00")
    assert total.paid == D("1250000.00")
    assert (total.participants, total.targets, total.on_track, total.open_deviations) == (
        3,
        2,
        1,
        1,
    )
    assert total.attainment == D("50.0")  # the mean of the assessed regions


def test_year_end_counts_every_payout_and_entry(steering_fixture):
    table, rows = _rows(steering_fixture, DEC_31)
    wi = rows["wiesbaden"]
    assert wi.paid == D("2483300.00")
    assert wi.participants == 5
    assert (wi.on_track, wi.below) == (1, 1)  # spending 100 %, entries 5 of 10
    assert table.total.paid == D("2483300.00")


def test_before_the_first_payout_nothing_is_paid(steering_fixture):
    _table, rows = _rows(steering_fixture, dt.date(2024, 6, 2))
    assert rows["wiesbaden"].paid == D("0.00")
    # 2 June: 154 of 366 days; entries 2 of 4,21 (47,5 %) below, spending 0 of 1.044.883,61
    assert (rows["wiesbaden"].on_track, rows["wiesbaden"].below) == (0, 2)


def test_every_participating_region_has_a_row(demo):
    from zielwerk.programmes.models import ProgrammeYear

    for year, count in ((2024, 26), (2026, 27)):  # Hanau is a region of its own from 2026
        programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=year)
        table = statewide_table(programme_year, dt.date(year, 6, 30))
        assert len(table.rows) == count
        assert table.rows[0].region.slug == "darmstadt"  # ordered by AGS (06411 first)


def test_sorting_puts_empty_values_last(steering_fixture):
    from zielwerk.organisations.models import Region

    fx = steering_fixture
    darmstadt = Region.objects.get(slug="darmstadt")
    ids = [fx["wiesbaden"].pk, fx["frankfurt"].pk, darmstadt.pk]
    table = statewide_table(fx["programme_year"], JUNE_30, region_ids=ids)

    def order(key, descending):
        return [row.region.slug for row in table.sorted_rows(key, descending)]

    assert order("region", False) == ["darmstadt", "frankfurt", "wiesbaden"]
    assert order("region", True) == ["wiesbaden", "frankfurt", "darmstadt"]
    assert order("budget", True)[0] == "wiesbaden"
    assert order("budget", False)[-1] == "wiesbaden"
    # Only Wiesbaden has a score; the others follow by name, in both directions.
    assert order("attainment", True) == ["wiesbaden", "darmstadt", "frankfurt"]
    assert order("attainment", False) == ["wiesbaden", "darmstadt", "frankfurt"]
    assert order("nonsense", False) == order("region", False)


def test_bands():
    assert attainment_band(None) == Band.NONE
    assert attainment_band(D("90.0")) == Band.HIGH
    assert attainment_band(D("89.9")) == Band.MIDDLE
    assert attainment_band(D("70.0")) == Band.MIDDLE
    assert attainment_band(D("69.9")) == Band.LOW
    assert Status.IN_PLAN != Status.BELOW


# --- pages ---------------------------------------------------------------------------------------


def test_dashboard_page(steering_fixture, client_for):
    response = client_for("ministerium").get("/steuerung/2024/?stichtag=30.06.2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Landesweite Übersicht 2024" in html
    assert "1.250.000,00" in html  # Wiesbaden's payout until 30 June
    assert 'aria-sort="ascending"' in html  # sorted by region by default
    assert 'role="img"' in html and "Daten als Tabelle" in html
    assert "/steuerung/2024/wiesbaden/" in html
    assert "/steuerung/bewertungen/" in html
    assert "export.xlsx" in html and "export.csv" in html


def test_dashboard_sorting_by_query(steering_fixture, client_for):
    client = client_for("ministerium")
    html = client.get("/steuerung/2024/?sort=budget&dir=desc").content.decode()
    assert 'aria-sort="descending"' in html
    # Wiesbaden (2.500.000,01 €) has the largest budget of all regions in the demo.
    body = html[html.index("<tbody") :]
    assert body.index("Wiesbaden") < body.index("Darmstadt")
    html = client.get("/steuerung/2024/?sort=budget&dir=asc").content.decode()
    body = html[html.index("<tbody") :]
    assert body.index("Darmstadt") < body.index(">Wiesbaden<")


def test_dashboard_bad_as_of_falls_back_with_a_message(steering_fixture, client_for):
    client = client_for("ministerium")
    html = client.get("/steuerung/2024/?stichtag=31.02.2024").content.decode()
    assert "kein Datum" in html
    html = client.get("/steuerung/2024/?stichtag=01.01.2023").content.decode()
    assert "liegt nicht im Programmjahr 2024" in html


def test_region_page(steering_fixture, client_for):
    response = client_for("wiesbaden").get("/steuerung/2024/wiesbaden/?stichtag=30.06.2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eintritte Dik" in html
    assert "unter Plan" in html and "im Plan" in html
    assert "60,4 %" in html and "101,2 %" in html
    assert "1.234.865,03" in html  # spending planned to date
    assert "Prognose zum Ende des Zeitraums" in html  # the method is explained
    assert "WI-2024-DIK" in html
    assert html.count('role="img"') == 2  # one line chart per target
    # Coordinates with a decimal point (the page is German; SVG wants 172.8, not 172,8).
    assert 'points="' in html and not re.search(r'\b(y1|cy)="\d+,\d', html)


def test_region_coordinator_gets_403_with_a_link_on_the_dashboard(steering_fixture, client_for):
    response = client_for("wiesbaden").get("/steuerung/2024/")
    assert response.status_code == 403
    assert "/steuerung/2024/wiesbaden/" in response.content.decode()


def test_scope(steering_fixture, client_for):
    assert client_for("frankfurt").get("/steuerung/2024/wiesbaden/").status_code == 404
    assert client_for("traeger-wiesbaden").get("/steuerung/2024/wiesbaden/").status_code == 403
    assert client_for("traeger-wiesbaden").get("/steuerung/2024/").status_code == 403
    assert client_for("rp-kassel").get("/steuerung/2024/wiesbaden/").status_code == 200


def test_index_redirects_by_role(demo, client_for):
    from zielwerk.home.selectors import current_programme_year

    year = current_programme_year().year
    assert client_for("ministerium").get("/steuerung/")["Location"] == f"/steuerung/{year}/"
    assert client_for("wiesbaden").get("/steuerung/")["Location"] == f"/steuerung/{year}/wiesbaden/"


def test_csv_export(steering_fixture, client_for):
    response = client_for("ministerium").get("/steuerung/2024/export.csv?stichtag=30.06.2024")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Gebietskörperschaft", "AGS", "Budget (zugewiesen)"]
    wiesbaden = next(row for row in rows if row[0] == "Wiesbaden")
    assert wiesbaden[1:8] == [
        "06414",
        "2500000,01",
        "2400000,10",
        "2483300,00",
        "1250000,00",
        "3",
        "2",
    ]
    assert wiesbaden[9] == "50,0"
    assert rows[-1][0] == "Land Hessen gesamt"


def test_csv_text_cells_are_safe_from_formulas(steering_fixture, client_for):
    from zielwerk.organisations.models import Region

    Region.objects.filter(slug="darmstadt").update(name="=HYPERLINK(1)")
    text = client_for("ministerium").get("/steuerung/2024/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


def test_xlsx_export_has_numbers(steering_fixture, client_for):
    response = client_for("ministerium").get("/steuerung/2024/export.xlsx?stichtag=30.06.2024")
    assert response.status_code == 200
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Stand: 30.06.2024"
    assert rows[1][:3] == ["Gebietskörperschaft", "AGS", "Budget (zugewiesen)"]
    row = next(r for r in rows[2:] if r[0] == "Wiesbaden")
    assert row[2] == pytest.approx(2500000.01)
    assert row[5] == pytest.approx(1250000.00)
    assert row[6] == 3
    assert isinstance(row[2], float)


def test_export_refuses_unknown_format_and_regions(steering_fixture, client_for):
    assert client_for("ministerium").get("/steuerung/2024/export.pdf").status_code == 404
    assert client_for("wiesbaden").get("/steuerung/2024/export.csv").status_code == 403


def test_navigation_entry(demo, client_for):
    html = client_for("ministerium").get("/steuerung/2024/").content.decode()
    assert 'href="/steuerung/" aria-current="page">Steuerung</a>' in html
    start = client_for("traeger-wiesbaden").get("/").content.decode()
    assert 'href="/steuerung/"' not in start
    assert 'href="/steuerung/"' in client_for("wiesbaden").get("/").content.decode()
