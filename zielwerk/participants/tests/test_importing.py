"""The bulk import: reading CSV and XLSX, all or nothing, duplicates, re-import, exits, audit."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from python_calamine import CalamineWorkbook

from zielwerk.core.models import AuditEntry
from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.participants.choices import AccessKind
from zielwerk.participants.importing import (
    participants_import,
    problems_xlsx,
    read_table,
    template_xlsx,
)
from zielwerk.participants.models import AccessLog, Participant
from zielwerk.participants.pseudonyms import pseudonym, reference_hash
from zielwerk.participants.records import HEADINGS
from zielwerk.projects.models import Project

FILES = Path(__file__).parent / "files"
VALID = (FILES / "teilnehmende-gueltig.csv").read_bytes()
EXITS = (FILES / "teilnehmende-austritte.csv").read_bytes()
BROKEN = (FILES / "teilnehmende-fehlerhaft.csv").read_bytes()


def csv_bytes(rows: list[list[str]], *, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def csv_rows(data: bytes = VALID) -> list[list[str]]:
    """The rows of a test file (UTF-8 with BOM, `;`), the heading first."""
    return [line.split(";") for line in data.decode("utf-8-sig").splitlines()]


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(index, column, value, dates)
            elif value not in ("", None):
                sheet.write(index, column, value)
    workbook.close()
    return output.getvalue()


@pytest.fixture
def fib(demo) -> Project:
    plan_wiesbaden_projects()
    return Project.objects.select_related("programme_year").get(code="WI-2024-FIB")


@pytest.fixture
def provider(users):
    return users["traeger-wiesbaden"]


def run(project, data: bytes, name: str = "teilnehmende.csv", actor=None, **kwargs):
    return participants_import(
        actor=actor, project=project, table=read_table(data, name), filename=name, **kwargs
    )


def test_a_valid_csv_creates_every_person_pseudonymously(fib, provider):
    outcome = run(fib, VALID, actor=provider)
    assert outcome.counts() == {"created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    records = {record.reference_hash: record for record in Participant.objects.filter(project=fib)}
    first = records[reference_hash(fib.pk, "WB-001")]
    assert first.pseudonym == pseudonym(reference_hash(fib.pk, "WB-001"))
    assert first.entered_on == dt.date(2024, 1, 15)
    assert (first.gender, first.birth_year, first.entitlement) == ("female", 2001, "sgb2")
    assert first.residence_region.slug == "wiesbaden"
    assert (first.disability, first.followup_consent, first.exited_on) == ("not_stated", True, None)
    assert first.created_at is not None and first.updated_at is not None
    second = records[reference_hash(fib.pk, "WB-002")]
    assert second.residence_region.slug == "wiesbaden"  # given as AGS 06414
    assert (second.gender, second.employment_status) == ("male", "long_term_unemployed")
    third = records[reference_hash(fib.pk, "WB-003")]
    assert (third.gender, third.entitlement, third.via_household) == ("diverse", "asylblg", True)
    # the provider's reference is stored nowhere
    for record in records.values():
        assert "WB-00" not in str([getattr(record, f.attname) for f in record._meta.fields])


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ";", True), ("utf-8", ",", False), ("cp1252", ";", False), ("cp1252", ",", False)],
)
def test_csv_encodings_and_delimiters(fib, encoding, delimiter, bom):
    data = csv_bytes(csv_rows(), delimiter=delimiter, encoding=encoding, bom=bom)
    outcome = run(fib, data)
    assert outcome.counts()["created"] == 3
    genders = set(Participant.objects.filter(project=fib).values_list("gender", flat=True))
    assert genders == {"female", "male", "diverse"}  # "männlich" decoded correctly


def test_xlsx_with_date_cells_and_numbers(fib):
    rows: list[list[object]] = [list(HEADINGS)]
    for row in csv_rows()[1:]:
        day, month, year = (int(part) for part in row[1].split("."))
        rows.append([row[0], dt.date(year, month, day), row[2], int(row[3]), *row[4:]])
    rows.append([""] * len(HEADINGS))  # empty rows at the end do not count
    outcome = run(fib, xlsx_bytes(rows), "teilnehmende.xlsx")
    assert outcome.counts() == {"created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    record = Participant.objects.get(reference_hash=reference_hash(fib.pk, "WB-003"))
    assert (record.entered_on, record.birth_year) == (dt.date(2024, 3, 1), 2004)


def test_columns_in_any_order(fib):
    rows = csv_rows()
    order = list(reversed(range(len(HEADINGS))))
    data = csv_bytes([[row[i] for i in order] for row in rows])
    assert run(fib, data).counts()["created"] == 3


def test_a_broken_file_stores_nothing_and_lists_every_problem(fib):
    outcome = run(fib, BROKEN)
    assert Participant.objects.filter(project=fib).count() == 0
    assert outcome.counts() == {"created": 0, "updated": 0, "unchanged": 0, "errors": 6}
    found = [(p.row, p.column, p.value, p.message) for p in outcome.problems]
    assert found == [
        (
            2,
            "Teilnehmenden-Kennung",
            "WB-001",
            "Die Teilnehmenden-Kennung steht mehrfach in der Datei (auch Zeile 5).",
        ),
        (
            3,
            "Rechtskreis",
            "SGB 9",
            "erlaubt sind: SGB II / SGB III / SGB VIII / SGB XII / AsylbLG",
        ),
        (4, "Eintrittsdatum", "31.02.2024", "kein gültiges Datum; erwartet wird TT.MM.JJJJ"),
        (4, "Geschlecht", "w", "erlaubt sind: weiblich / männlich / nicht-binär / divers"),
        (
            5,
            "Teilnehmenden-Kennung",
            "WB-001",
            "Die Teilnehmenden-Kennung steht mehrfach in der Datei (auch Zeile 2).",
        ),
        (
            6,
            "Erstwohnsitz in Hessen",
            "nein",
            "Nicht förderfähig: Im AQB können nur Personen mit Erstwohnsitz in Hessen erfasst "
            "werden.",
        ),
    ]
    assert not AuditEntry.objects.filter(action="participants.import").exists()


def test_a_broken_file_changes_nothing_already_stored(fib):
    run(fib, VALID)
    rows = csv_rows(EXITS)
    rows[3][6] = "SGB 9"  # the third person's exit file row is broken
    outcome = run(fib, csv_bytes(rows))
    assert outcome.counts()["errors"] == 1
    assert Participant.objects.filter(project=fib, exited_on__isnull=False).count() == 0


def test_missing_and_extra_columns_are_named(fib):
    rows = csv_rows()
    drop = HEADINGS.index("Zielgruppe")
    changed = [[*row[:drop], *row[drop + 1 :], "x"] for row in rows]
    changed[0][-1] = "Vorname"
    outcome = run(fib, csv_bytes(changed))
    assert [p.message for p in outcome.problems] == [
        "Unbekannte Spalten: „Vorname“. Erlaubt sind nur die Spalten der Vorlage.",
        "Es fehlen die Spalten „Zielgruppe“.",
    ]
    assert Participant.objects.count() == 0


def test_reimport_changes_nothing_and_exits_update(fib):
    run(fib, VALID)
    before = {r.pk: r.updated_at for r in Participant.objects.filter(project=fib)}
    again = run(fib, VALID)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 3, "errors": 0}
    later = run(fib, EXITS)
    assert later.counts() == {"created": 0, "updated": 2, "unchanged": 1, "errors": 0}
    records = Participant.objects.filter(project=fib)
    assert records.count() == 3
    first = records.get(reference_hash=reference_hash(fib.pk, "WB-001"))
    assert (first.exited_on, first.exit_reason, first.situation_after_exit) == (
        dt.date(2024, 7, 31),
        "regular",
        "education",
    )
    assert first.updated_at > before[first.pk]
    third = records.get(reference_hash=reference_hash(fib.pk, "WB-003"))
    assert third.updated_at == before[third.pk]
    assert Participant.objects.filter(project=fib, exited_on__isnull=False).count() == 2


def test_an_older_file_without_exits_does_not_undo_them(fib):
    run(fib, VALID)
    run(fib, EXITS)
    again = run(fib, VALID)  # the first file again: its exit columns are empty
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 3, "errors": 0}
    assert Participant.objects.filter(project=fib, exited_on__isnull=False).count() == 2


def test_dry_run_counts_without_storing(fib):
    outcome = run(fib, VALID, dry_run=True)
    assert outcome.counts() == {"created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    assert Participant.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_one_audit_entry_and_access_log_without_personal_data(fib, provider):
    run(fib, VALID, actor=provider)
    entry = AuditEntry.objects.get(action="participants.import")
    assert entry.changes == {
        "file": [None, "teilnehmende.csv"],
        "created": [None, 3],
        "updated": [None, 0],
        "unchanged": [None, 0],
    }
    assert entry.actor == provider
    log = AccessLog.objects.get()
    assert (log.kind, log.project, log.record_count) == (AccessKind.IMPORT, fib, 3)


def test_only_the_provider_imports(fib, users):
    with pytest.raises(PermissionDenied):
        run(fib, VALID, actor=users["wiesbaden"])
    assert Participant.objects.count() == 0


def test_template_has_the_headings_and_no_data_row(fib):
    data = template_xlsx(fib)
    table = read_table(data, "vorlage.xlsx")
    assert table[0] == list(HEADINGS)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["Teilnehmende", "Erlaubte Werte"]
    help_rows = workbook.get_sheet_by_name("Erlaubte Werte").to_python()
    rechtskreis = next(row for row in help_rows if row[0] == "Rechtskreis")
    assert rechtskreis[1] == "SGB II / SGB III / SGB VIII / SGB XII / AsylbLG"
    outcome = run(fib, data, "vorlage.xlsx")
    assert [p.message for p in outcome.problems] == ["Die Datei enthält keine Datenzeilen."]


def test_the_template_example_row_imports(fib):
    data = template_xlsx(fib)
    help_rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(1).to_python()
    example: list[object] = [row[2] for row in help_rows[1 : len(HEADINGS) + 1]]
    outcome = run(fib, xlsx_bytes([list(HEADINGS), example]), "beispiel.xlsx")
    assert outcome.counts() == {"created": 1, "updated": 0, "unchanged": 0, "errors": 0}


def test_problem_report_as_xlsx(fib):
    outcome = run(fib, BROKEN)
    rows = read_table(problems_xlsx(outcome.problems), "probleme.xlsx")
    assert rows[0] == ["Zeile", "Spalte", "Wert", "Problem"]
    assert rows[2][:3] == [3.0, "Rechtskreis", "SGB 9"]
    assert len(rows) == 1 + 6


def test_imported_consent_is_dated_with_the_entry(fib):
    run(fib, VALID)
    first = Participant.objects.get(project=fib, reference_hash=reference_hash(fib.pk, "WB-001"))
    second = Participant.objects.get(project=fib, reference_hash=reference_hash(fib.pk, "WB-002"))
    assert first.followup_consent_on == dt.date(2024, 1, 15)  # consent "ja", entry 15.01.2024
    assert second.followup_consent_on is None  # consent "nein"
