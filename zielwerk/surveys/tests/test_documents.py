"""The region's PDF copy of its answers and the results exports (CSV, XLSX)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from python_calamine import CalamineWorkbook

from zielwerk.organisations.models import Region
from zielwerk.programmes.models import Participation
from zielwerk.surveys.documents import render_response_pdf, results_csv, results_xlsx
from zielwerk.surveys.models import Response, Survey
from zielwerk.surveys.services import response_save

TITLE = "Umfrage zur Umsetzung 2024"


def _pdf_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils (pdftotext) is installed where tests run"
    return subprocess.run(  # noqa: S603 - a fixed program with fixed arguments
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_pdf_of_wiesbadens_answers(survey_demo):
    response = Response.objects.get(survey__title=TITLE, region__slug="wiesbaden")
    pdf = render_response_pdf(response)
    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf).split())
    assert "Umfrage zur Umsetzung 2024" in text
    assert "Antworten von Wiesbaden" in text
    assert "Wie ist der Stand der Umsetzung Ihrer Maßnahmen?" in text
    assert "Gewinnung von Personal; Räume" in text
    assert "12,5" in text
    assert "abgesendet am 21.10.2024, 10:15 Uhr" in text
    assert b"pdfaid:part" in pdf  # PDF/A identification in the metadata


def test_pdf_is_the_same_for_the_same_answers(survey_demo):
    response = Response.objects.get(survey__title=TITLE, region__slug="wiesbaden")
    assert render_response_pdf(response) == render_response_pdf(response)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _sheet(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name("Antworten").to_python()


def test_csv_one_row_per_region_one_column_per_question(survey_demo):
    survey = Survey.objects.get(title=TITLE)
    rows = _csv_rows(results_csv(survey))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Gebietskörperschaft", "Stand", "abgesendet am"]
    assert header[3] == "1. Wie ist der Stand der Umsetzung Ihrer Maßnahmen?"
    assert len(header) == 3 + 5
    assert len(body) == Participation.objects.filter(programme_year__year=2024).count()
    by_region = {row[0]: row for row in body}
    assert by_region["Frankfurt am Main"][1:] == [
        "abgesendet",
        "28.10.2024, 14:40 Uhr",
        "leicht verzögert",
        "20",
        "Gewinnung von Teilnehmenden; Gewinnung von Personal",
        "3",
        "Ein Austausch der Koordinationen im Frühjahr wäre hilfreich (erfunden).",
    ]
    assert by_region["Landkreis Kassel"][3:] == ["planmäßig", "6", "keine", "5", ""]
    assert by_region["Wiesbaden"][4] == "12,5"
    darmstadt = by_region.get("Darmstadt")
    assert darmstadt is not None and darmstadt[1:] == ["nicht begonnen", "", "", "", "", "", ""]


def test_xlsx_has_the_same_table(survey_demo):
    survey = Survey.objects.get(title=TITLE)
    rows = _sheet(results_xlsx(survey))
    assert rows == _csv_rows(results_csv(survey))


@pytest.mark.parametrize(
    ("dangerous", "in_csv"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "-1"),  # a bare number cannot carry a formula (core.spreadsheets)
        ("-1+A1", "'-1+A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
    ],
)
def test_text_answers_are_safe_from_formulas(open_survey, users, dangerous, in_csv):
    s = open_survey
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=Region.objects.get(slug="wiesbaden"),
        answers={
            s.text.pk: dangerous,
            s.number.pk: "1",
            s.single.pk: s.choice(s.single, "gut"),
            s.multiple.pk: [s.choice(s.multiple, "keine")],
            s.scale.pk: "3",
        },
        submit=True,
    )
    rows = _csv_rows(results_csv(s.survey))
    wiesbaden = next(row for row in rows if row[0] == "Wiesbaden")
    assert wiesbaden[3] == in_csv
    cells = next(row for row in _sheet(results_xlsx(s.survey)) if row[0] == "Wiesbaden")
    assert cells[3] == dangerous  # a string cell, never a formula
