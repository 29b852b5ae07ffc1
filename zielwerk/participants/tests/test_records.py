"""The one validator behind import, API and form: values, eligibility, messages."""

from __future__ import annotations

import datetime as dt

import pytest

from zielwerk.participants.records import COLUMNS, RecordValidator, parse_date
from zielwerk.projects.models import Project

TODAY = dt.date(2024, 11, 30)

ROW = {
    "Teilnehmenden-Kennung": "A-0001",
    "Eintrittsdatum": "01.03.2024",
    "Geschlecht": "weiblich",
    "Geburtsjahr": "2006",
    "Wohnort Landkreis/kreisfreie Stadt": "06414",
    "Erstwohnsitz in Hessen": "ja",
    "Rechtskreis": "SGB II",
    "Anspruch über Bedarfsgemeinschaft": "ja",
    "Erwerbsstatus": "arbeitslos",
    "Bildungsniveau": "ISCED 0-2",
    "Zielgruppe": "",
    "Behinderung": "keine Angabe",
    "Ausländische Herkunft": "nein",
    "Drittstaatsangehörigkeit": "nein",
    "Einwilligung Nachbefragung": "ja",
    "Austrittsdatum": "",
    "Austrittsgrund": "",
    "Verbleib nach 4 Wochen": "",
}


@pytest.fixture
def validator(demo):
    return RecordValidator(Project.objects.get(code="WI-2024-FIB"), today=TODAY)


def test_a_valid_row_is_cleaned(validator):
    clean, problems = validator.validate(ROW, row=2)
    assert problems == []
    assert clean["entered_on"] == dt.date(2024, 3, 1)
    assert clean["gender"] == "female"
    assert clean["residence_region"].slug == "wiesbaden"
    assert clean["entitlement"] == "sgb2"
    assert clean["education_level"] == "isced_0_2"
    assert clean["disability"] == "not_stated"
    assert clean["exited_on"] is None


def test_values_are_trimmed_and_case_insensitive(validator):
    row = ROW | {
        "Geschlecht": "  Nicht-Binär ",
        "Rechtskreis": "sgb ii",
        "Bildungsniveau": "isced 3–4",
        "Wohnort Landkreis/kreisfreie Stadt": "wetteraukreis",
        "Erstwohnsitz in Hessen": "JA",
    }
    clean, problems = validator.validate(row, row=2)
    assert problems == []
    assert clean["gender"] == "non_binary"
    assert clean["education_level"] == "isced_3_4"
    assert clean["residence_region"].name == "Wetteraukreis"


def test_no_first_residence_in_hessen_is_not_eligible(validator):
    clean, problems = validator.validate(ROW | {"Erstwohnsitz in Hessen": "nein"}, row=7)
    assert clean is None
    [problem] = problems
    assert (problem.row, problem.column, problem.value) == (7, "Erstwohnsitz in Hessen", "nein")
    assert "Erstwohnsitz in Hessen" in problem.message and "Nicht förderfähig" in problem.message


def test_every_problem_of_a_row_is_reported(validator):
    row = ROW | {
        "Rechtskreis": "",
        "Geschlecht": "w",
        "Eintrittsdatum": "31.02.2024",
        "Austrittsgrund": "regulär",
    }
    _clean, problems = validator.validate(row, row=3)
    by_column = {problem.column: problem for problem in problems}
    assert set(by_column) == {"Rechtskreis", "Geschlecht", "Eintrittsdatum", "Austrittsgrund"}
    assert by_column["Rechtskreis"].message == "Angabe fehlt."
    assert "weiblich / männlich / nicht-binär / divers" in by_column["Geschlecht"].message
    assert "TT.MM.JJJJ" in by_column["Eintrittsdatum"].message
    assert "Ohne Austrittsdatum" in by_column["Austrittsgrund"].message


def test_exit_needs_a_reason_and_follows_entry(validator):
    _clean, problems = validator.validate(ROW | {"Austrittsdatum": "28.02.2024"}, row=4)
    messages = {problem.column: problem.message for problem in problems}
    assert "vor dem Eintritt" in messages["Austrittsdatum"]
    assert "Austrittsgrund" in messages["Austrittsgrund"]


def test_api_field_names_are_accepted(validator):
    api = {field: ROW[heading] for heading, field in COLUMNS}
    clean, problems = validator.validate(api)
    assert problems == [] and clean["reference"] == "A-0001"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.03.2024", dt.date(2024, 3, 1)),
        ("1.3.2024", dt.date(2024, 3, 1)),
        (45352, dt.date(2024, 3, 1)),  # Excel's serial number of 1 March 2024
        (45352.0, dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 0, 0), dt.date(2024, 3, 1)),  # noqa: DTZ001 – as XLSX cells come
        ("", None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2024/03/01", "31.02.2024", "morgen", 1.5])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_messages_name_the_german_values_on_english_pages(validator):
    from django.utils import translation

    with translation.override("en"):
        _clean, problems = validator.validate(ROW | {"Geschlecht": "female"}, row=2)
    [problem] = problems
    # The import accepts the German values only, so an English page must name those.
    assert "weiblich / männlich / nicht-binär / divers" in problem.message
