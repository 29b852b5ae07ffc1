"""Exports of the statewide assessment overview: CSV (formula injection neutralised), XLSX
(numbers as numbers, read back with python-calamine) and the PDF report."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.steering.choices import Attainment
from zielwerk.steering.services.assessment import (
    assessment_create,
    assessment_finalise,
    assessment_update,
)

from .assessment_fixtures import build

pytestmark = pytest.mark.django_db

SUMMARY = '=HYPERLINK("http://example.invalid")\nZweite Zeile'


@pytest.fixture
def final(db, monkeypatch):
    from zielwerk.accounts.models import User
    from zielwerk.demo import steering
    from zielwerk.demo.data import seed

    monkeypatch.setattr(steering, "seed_steering", lambda report: None)
    seed()
    fx = build()
    ministry = User.objects.get(username="ministerium")
    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    assessment_update(
        actor=ministry,
        assessment=assessment,
        items={fx.regular.pk: (Attainment.PARTLY, "-2 Austritte im Januar")},
        summary=SUMMARY,
    )
    assessment_finalise(actor=ministry, assessment=assessment)
    return fx


def export(client, fmt: str, query: str = "?jahr=2024"):
    url = reverse("steering:assessment_export", kwargs={"fmt": fmt}) + query
    return client.get(url)


@pytest.fixture
def users(final):
    from zielwerk.accounts.models import User

    return {user.username: user for user in User.objects.all()}


def test_csv(final, client_for):
    response = export(client_for("ministerium"), "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="bewertungen-2024.csv"' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Gebietskörperschaft", "Jahr", "Stand"]
    by_region = {row[0]: row for row in rows[1:]}
    wiesbaden = by_region["Wiesbaden"]
    # 4 targets: attained (entries), partly (employment, spending by § 6, regular changed)
    assert wiesbaden[1:9] == ["2024", "abgeschlossen", "4", "1", "3", "0", "62,5", "2"]
    # The summary begins with "=": a spreadsheet must see text, not a formula.
    assert wiesbaden[9] == "'" + SUMMARY
    assert by_region["Frankfurt am Main"][2] == "noch nicht bewertet"
    assert all(row[1] == "2024" for row in rows[1:])


def test_xlsx(final, client_for):
    from python_calamine import CalamineWorkbook

    response = export(client_for("rp-kassel"), "xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Bewertungen", "Zielwerte"]
    overview = book.get_sheet_by_name("Bewertungen").to_python()
    assert overview[0][0] == "Gebietskörperschaft"
    wiesbaden = next(row for row in overview if row[0] == "Wiesbaden")
    assert wiesbaden[1] == 2024
    assert wiesbaden[3:9] == [4, 1, 3, 0, 62.5, 2]
    assert wiesbaden[9] == SUMMARY  # a string cell, never a formula
    targets = book.get_sheet_by_name("Zielwerte").to_python()
    spending = next(row for row in targets if row[2] == "=Ausgaben gesamt")
    assert spending[3] == "Euro"
    assert spending[4:7] == [5000000.0, 2483300.0, 49.7]
    assert spending[7:9] == ["teilweise erreicht", "teilweise erreicht"]
    assert spending[9] == final.reason
    regular = next(row for row in targets if row[2] == "Reguläre Austritte")
    assert regular[4:9] == [10.0, 3.0, 30.0, "nicht erreicht", "teilweise erreicht"]
    assert regular[10] == "-2 Austritte im Januar"


def test_pdf(final, client_for):
    response = export(client_for("admin"), "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:  # pragma: no cover - poppler-utils is installed where tests run
        return
    text = subprocess.run(  # noqa: S603 - a fixed program with fixed arguments
        [pdftotext, "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Bewertung der Zielerreichung – 2024" in text
    assert "Wiesbaden 2024 – abgeschlossen" in text
    assert "Frankfurt am Main" in text
    assert "=Ausgaben gesamt" in text
    assert "62,5" in text
    assert "5.000.000,00 €" in text


def test_unknown_format_and_scope(final, client_for):
    assert export(client_for("ministerium"), "json").status_code == 404
    assert export(client_for("wiesbaden"), "csv").status_code == 403
    assert export(client_for("traeger-wiesbaden"), "pdf").status_code == 403


def test_csv_without_year_filter_lists_all_years(final, client_for):
    response = export(client_for("ministerium"), "csv", query="")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == {"2024", "2025", "2026"}
    assert Decimal("62.5") == Decimal(
        next(r for r in rows if r[0] == "Wiesbaden" and r[1] == "2024")[7].replace(",", ".")
    )
