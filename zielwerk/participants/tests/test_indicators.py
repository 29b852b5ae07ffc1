"""ESF+ and programme figures: counted by the database, hand-checked on seven people in WI-2024-FIB
and one in F-2024-SKA; small counts hidden from everyone but the owning provider; scopes."""

# ruff: noqa: E501  (the table of seven people reads best one person a line)
from __future__ import annotations

import datetime as dt

import pytest

from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.organisations.models import Region
from zielwerk.participants.indicators import (
    Cell,
    Row,
    counts_by_project,
    indicator_table,
    projects_in_scope,
    suppress,
)
from zielwerk.participants.models import AccessLog, Participant
from zielwerk.participants.pseudonyms import pseudonym, reference_hash
from zielwerk.projects.models import Project

# reference, gender, birth year, employment, ISCED, disability, foreign, third country,
# exit reason, situation after exit, follow-up situation. Everyone entered in 2024.
PEOPLE = [
    ("A", "female", 2008, "unemployed", "isced_0_2", "yes", "no", "no", "regular", "education", "employed"),
    ("B", "female", 2000, "long_term_unemployed", "isced_3_4", "no", "yes", "yes", "early", "job_search", ""),
    ("C", "female", 1965, "inactive", "isced_5_8", "no", "no", "no", "regular", "employment", "improved"),
    ("D", "male", 2007, "unemployed", "isced_0_2", "no", "yes", "no", "", "", ""),
    ("E", "male", 1995, "employed", "isced_3_4", "no", "no", "no", "regular", "qualification", ""),
    ("F", "non_binary", 1969, "long_term_unemployed", "isced_0_2", "not_stated", "no", "no", "early", "other", ""),
    ("G", "diverse", 2006, "inactive", "isced_0_2", "no", "no", "no", "", "", ""),
]  # fmt: skip

# Hand-computed from PEOPLE: female, male, non-binary, diverse, total.
# Ages at entry (2024 − birth year): A 16, B 24, C 59, D 17, E 29, F 55, G 18.
EXPECTED = {
    "EECO01": (3, 2, 1, 1, 7),
    "EECO02": (2, 1, 1, 0, 4),  # A, B, D, F
    "EECO03": (1, 0, 1, 0, 2),  # B, F
    "EECO04": (1, 0, 0, 1, 2),  # C, G
    "EECO05": (0, 1, 0, 0, 1),  # E
    "EECO06": (1, 1, 0, 0, 2),  # A 16, D 17
    "EECO07": (1, 1, 0, 1, 3),  # B 24, E 29, G 18
    "EECO08": (1, 0, 1, 0, 2),  # C 59, F 55
    "EECO09": (1, 1, 1, 1, 4),  # A, D, F, G
    "EECO10": (1, 1, 0, 0, 2),  # B, E
    "EECO11": (1, 0, 0, 0, 1),  # C
    "EECO12": (1, 0, 0, 0, 1),  # A ("not stated" of F does not count)
    "EECO13": (1, 0, 0, 0, 1),  # B
    "EECO14": (1, 1, 0, 0, 2),  # B, D
    "EECR01": (1, 0, 0, 0, 1),  # B
    "EECR02": (1, 0, 0, 0, 1),  # A
    "EECR03": (0, 1, 0, 0, 1),  # E
    "EECR04": (1, 0, 0, 0, 1),  # C
    "EECR05": (1, 0, 0, 0, 1),  # A
    "EECR06": (1, 0, 0, 0, 1),  # C
    "AQB01": (3, 2, 1, 1, 7),
    "AQB02": (3, 1, 1, 0, 5),  # A, B, C, E, F
    "AQB03": (2, 1, 0, 0, 3),  # A, C, E
    "AQB04": (1, 0, 1, 0, 2),  # B, F
    "AQB05": (1, 0, 0, 0, 1),  # A
    "AQB06": (1, 0, 0, 0, 1),  # C
    "AQB07": (0, 1, 0, 0, 1),  # E
}
COLUMNS = ("female", "male", "non_binary", "diverse", "total")


def make_participant(project: Project, reference: str, **values) -> Participant:
    digest = reference_hash(project.pk, reference)
    defaults = dict(
        entered_on=dt.date(2024, 2, 1),
        gender="female",
        birth_year=2000,
        residence_region=project.region,
        first_residence_hessen=True,
        entitlement="sgb2",
        via_household=False,
        employment_status="unemployed",
        education_level="isced_0_2",
        disability="no",
        foreign_background="no",
        third_country_national="no",
        followup_consent=False,
    )
    defaults.update(values)
    return Participant.objects.create(
        project=project, reference_hash=digest, pseudonym=pseudonym(digest), **defaults
    )


def make_seven() -> Project:
    """The seven people of PEOPLE in WI-2024-FIB, and one woman in Frankfurt's F-2024-SKA."""
    plan_wiesbaden_projects()
    fib = Project.objects.get(code="WI-2024-FIB")
    for ref, gender, born, status, isced, dis, foreign, tcn, reason, situation, later in PEOPLE:
        exited = reason != ""
        make_participant(
            fib,
            ref,
            gender=gender,
            birth_year=born,
            employment_status=status,
            education_level=isced,
            disability=dis,
            foreign_background=foreign,
            third_country_national=tcn,
            exited_on=dt.date(2024, 9, 30) if exited else None,
            exit_reason=reason,
            dropout_reason="Umzug" if reason == "early" else "",
            situation_after_exit=situation,
            followup_consent=bool(later),
            followup_consent_on=dt.date(2024, 2, 1) if later else None,
            followup_on=dt.date(2025, 3, 31) if later else None,
            followup_situation=later,
        )
    frankfurt = Project.objects.get(code="F-2024-SKA")
    make_participant(
        frankfurt, "X", residence_region=Region.objects.get(slug="frankfurt"), gender="female"
    )
    return fib


@pytest.fixture
def seven(demo):
    return make_seven()


def values(row: Row, code: str) -> tuple:
    return tuple(row.cells[code][column].display for column in COLUMNS)


def test_every_indicator_counts_as_computed_by_hand(seven, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        counts = counts_by_project([seven])[seven.pk]
    for code, expected in EXPECTED.items():
        by_gender = counts[code]
        got = (
            by_gender["female"],
            by_gender["male"],
            by_gender["non_binary"],
            by_gender["diverse"],
        )
        assert (*got, sum(got)) == expected, code


def test_the_owning_provider_sees_every_small_count(seven, users):
    user = users["traeger-wiesbaden"]
    table = indicator_table(user, projects_in_scope(user, 2024), year=2024)
    assert not table.suppressed
    assert values(table.total, "EECO01") == ("3", "2", "1", "1", "7")
    assert values(table.total, "EECO05") == ("0", "1", "0", "0", "1")
    assert values(table.total, "AQB04") == ("1", "0", "1", "0", "2")


def test_region_and_ministry_see_small_counts_as_less_than_three(seven, users):
    for username in ("wiesbaden", "ministerium"):
        user = users[username]
        projects = projects_in_scope(user, 2024).filter(code="WI-2024-FIB")
        table = indicator_table(user, projects, year=2024)
        assert table.suppressed
        assert values(table.total, "EECO01") == ("3", "< 3", "< 3", "< 3", "7")
        assert values(table.total, "AQB02") == ("3", "< 3", "< 3", "0", "5")
        assert values(table.total, "EECO03") == ("< 3", "0", "< 3", "0", "< 3")
        assert values(table.total, "EECO09") == ("< 3", "< 3", "< 3", "< 3", "4")


def test_not_collected_indicators_are_not_zero(seven, users):
    user = users["ministerium"]
    table = indicator_table(user, projects_in_scope(user, 2024), year=2024)
    for code in ("EECO15", "EECO16", "EECO17"):
        assert set(values(table.total, code)) == {"nicht erhoben"}
        assert table.total.cells[code]["total"].shown_value is None


def _row(key: str, numbers: tuple[int, ...]) -> Row:
    row = Row(key, key, {"EECO01": {}})
    for column, number in zip(COLUMNS, numbers, strict=True):
        row.cells["EECO01"][column] = Cell(number)
    return row


def test_a_single_hidden_cell_in_a_sum_hides_a_second_one():
    # Only EECO01 is filled in; suppress() walks the collected codes, so give the others zeros.
    from zielwerk.participants.indicators import COLLECTED

    def full(key, numbers):
        row = _row(key, numbers)
        for indicator in COLLECTED[1:]:
            row.cells[indicator.code] = {column: Cell(0) for column in COLUMNS}
        return row

    # Row: 5 women, 1 man, total 6: "1" hidden alone would follow from 6 − 5, so 5 becomes "x".
    # Column "male": region a 1, region b 4, total 5: b's 4 becomes "x" as well.
    a = full("a", (5, 1, 0, 0, 6))
    b = full("b", (3, 4, 0, 0, 7))
    total = full("gesamt", (8, 5, 0, 0, 13))
    suppress([a, b], total)
    assert values(a, "EECO01") == ("x", "< 3", "0", "0", "6")
    assert values(total, "EECO01") == ("8", "5", "0", "0", "13")
    # b's male cell hidden for the column, then b's row has one hidden cell: its 3 goes too.
    assert values(b, "EECO01") == ("x", "x", "0", "0", "7")
    # Column "female": a and b both hidden now; nothing can be recomputed.


def test_frankfurt_sees_nothing_of_wiesbaden(seven, users, client_for):
    user = users["frankfurt"]
    codes = {project.code for project in projects_in_scope(user, 2024)}
    assert codes == {"F-2024-QPH", "F-2024-SKA", "F-2024-TZA"}
    client = client_for("frankfurt")
    assert client.get("/teilnehmende/kennzahlen/2024/", {"region": "wiesbaden"}).status_code == 404
    response = client.get("/teilnehmende/kennzahlen/2024/", {"project": "WI-2024-FIB"})
    assert response.status_code == 404
    page = client.get("/teilnehmende/kennzahlen/2024/").content.decode()
    assert "WI-2024-FIB" not in page and "Wiesbaden" not in page.split("<main", 1)[1]


def test_a_provider_sees_only_its_own_projects(seven, users):
    codes = {p.code for p in projects_in_scope(users["traeger-wiesbaden"], 2024)}
    assert codes == {"WI-2024-FIB", "WI-2024-HIB"}


def test_ministry_sees_the_state_by_region(seven, users):
    user = users["ministerium"]
    table = indicator_table(user, projects_in_scope(user, 2024), year=2024, level="region")
    assert [row.label for row in table.rows] == ["Frankfurt am Main", "Wiesbaden"]
    # 7 in Wiesbaden + 1 woman in Frankfurt; Frankfurt's lone woman is "< 3".
    assert values(table.total, "EECO01") == ("4", "< 3", "< 3", "< 3", "8")
    frankfurt, wiesbaden = table.rows
    assert values(frankfurt, "EECO01")[0] == "< 3"
    # Column "female" then holds one hidden cell (Frankfurt) next to 3 and total 4: the 3 of
    # Wiesbaden is hidden as "x", so 4 − 3 cannot reveal Frankfurt's 1.
    assert values(wiesbaden, "EECO01")[0] == "x"


def test_page_tables_summary_and_definitions(seven, client_for):
    response = client_for("wiesbaden").get("/teilnehmende/kennzahlen/2024/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Im Programmjahr 2024 sind 7 Personen eingetreten (davon 3 Frauen)" in page
    assert "EECO17" in page and "nicht erhoben" in page
    assert "Jahr des Eintritts − Geburtsjahr" in page
    assert "&lt; 3" in page
    assert "Datentabelle zum Diagramm" in page


def test_page_needs_a_login(seven, client):
    response = client.get("/teilnehmende/kennzahlen/2024/")
    assert response.status_code == 302


def test_csv_export_is_suppressed_and_logged(seven, client_for):
    response = client_for("ministerium").get(
        "/teilnehmende/kennzahlen/2024/", {"format": "csv", "project": "WI-2024-FIB"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[3:] == ["weiblich", "männlich", "nicht-binär", "divers", "gesamt"]
    assert (
        "WI-2024-FIB Fit für den Beruf (FIB);EECO01;Teilnehmende insgesamt;3;< 3;< 3;< 3;7" in text
    )
    assert ";EECO15;" in text and "nicht erhoben" in text
    entry = AccessLog.objects.get()
    assert entry.kind == "export" and entry.user_label.endswith("(ministerium)")


def test_xlsx_export(seven, client_for):
    response = client_for("traeger-wiesbaden").get(
        "/teilnehmende/kennzahlen/2024/", {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert AccessLog.objects.filter(kind="export").count() == 1


def test_api_returns_the_same_suppressed_table(seven, client_for):
    response = client_for("wiesbaden").get("/api/v1/indicators", {"year": 2024})
    assert response.status_code == 200
    data = response.json()
    assert data["suppressed"] is True
    eeco01 = data["total"]["figures"]["EECO01"]
    assert eeco01["female"] == {"value": 3, "display": "3"}
    assert eeco01["male"] == {"value": None, "display": "< 3"}
    assert eeco01["total"]["value"] == 7
    assert data["total"]["figures"]["EECO16"]["total"]["display"] == "nicht erhoben"


def test_api_scopes(seven, client_for):
    own = client_for("traeger-wiesbaden").get("/api/v1/indicators", {"year": 2024}).json()
    assert own["suppressed"] is False
    assert {row["key"] for row in own["rows"]} == {"WI-2024-FIB", "WI-2024-HIB"}
    assert own["total"]["figures"]["EECO01"]["male"]["value"] == 2
    frankfurt = client_for("frankfurt")
    assert (
        frankfurt.get("/api/v1/indicators", {"year": 2024, "region": "wiesbaden"}).status_code
        == 404
    )
    rows = frankfurt.get("/api/v1/indicators", {"year": 2024}).json()["rows"]
    assert {row["key"] for row in rows} == {"F-2024-QPH", "F-2024-SKA", "F-2024-TZA"}
    state = (
        client_for("ministerium")
        .get("/api/v1/indicators", {"year": 2024, "level": "region"})
        .json()
    )
    assert {row["key"] for row in state["rows"]} == {"frankfurt", "wiesbaden"}
    assert state["total"]["figures"]["EECO01"]["total"]["value"] == 8
