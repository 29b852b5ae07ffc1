"""The bulk import of participant records: read a CSV or XLSX file in the import format
(records.COLUMNS), check every row with the RecordValidator, and store all rows or none.

Reading: CSV with the csv module (UTF-8 with or without BOM, Windows-1252 otherwise; `;` or `,`
from the heading line), XLSX with python-calamine (docs/decisions/0011-participant-import.md has
the measurements). Storing: the project's records are loaded once and every row is classified as
created, updated (some imported value differs) or unchanged; on PostgreSQL new rows go in with
COPY and changed rows with COPY into a temporary table and one UPDATE … FROM, on other databases
with bulk_create / bulk_update; always in one transaction, with one audit entry (counts and file
name, never references or special-category values) and one access log entry.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.core.spreadsheets import xlsx_write, xlsx_write_row

from . import pseudonyms
from .access import log_access
from .choices import AccessKind
from .models import Participant
from .permissions import can_record_participants
from .records import HEADINGS, STORED_FIELDS, Problem, RecordValidator, german_labels, shown

SUFFIXES = (".csv", ".xlsx")
PREVIEW_ROWS = 20
# The imported fields as stored (model attribute names), in a fixed order for comparing and COPY.
IMPORTED = STORED_FIELDS
REFERENCE = HEADINGS[0]


class ImportFileError(Exception):
    """The file cannot be read as a table (not the rows' fault)."""


def _heading_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# ---- reading ------------------------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 as Excel writes it in Germany."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "Die Zeichenkodierung der CSV-Datei ist nicht erkennbar; bitte als UTF-8 oder "
                "Windows-1252 speichern."
            )
        ) from error


def read_csv(data: bytes) -> list[list[Any]]:
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "," if first_line.count(",") > first_line.count(";") else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        # Raised for a cell beyond csv.field_size_limit() (131,072 characters): no cell of the
        # format is that long, so the file is refused rather than the limit raised.
        if "field limit" in str(error):
            message = _("Zeile %(row)s: Eine Zelle ist länger als %(limit)s Zeichen.")
        else:
            message = _("Zeile %(row)s lässt sich nicht als CSV lesen.")
        raise ImportFileError(
            message
            % {"row": reader.line_num, "limit": f"{csv.field_size_limit():,}".replace(",", ".")}
        ) from error
    return rows


def read_xlsx(data: bytes) -> list[list[Any]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            return []
        sheet = workbook.get_sheet_by_index(0)
        # skip_empty_area=False keeps the grid anchored at A1, so row numbers match the sheet.
        return sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises several of its own besides OSError/ValueError
        raise ImportFileError(
            _("Die Datei lässt sich nicht als XLSX-Tabelle lesen (%(error)s).") % {"error": error}
        ) from error


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """All rows of the file's first sheet, the heading first."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return read_csv(data)
    if suffix == ".xlsx":
        return read_xlsx(data)
    raise ImportFileError(_("Bitte eine CSV- oder XLSX-Datei verwenden."))


# ---- checking -----------------------------------------------------------------------------------


def _file_problem(message: str, *, row: int | None = 1, value: str = "") -> Problem:
    return Problem(row, "", "", value, message)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"„{name}“" for name in names)


def check_headings(heading_row: Sequence[Any]) -> tuple[list[str | None], list[Problem]]:
    """The canonical heading of every column (None for an empty trailing one) and the problems:
    every expected heading exactly once, nothing else."""
    expected = {_heading_key(heading): heading for heading in HEADINGS}
    columns: list[str | None] = []
    problems: list[Problem] = []
    extra: list[str] = []
    seen: set[str] = set()
    for cell in heading_row:
        text = shown(cell)
        if not text:
            columns.append(None)
            continue
        heading = expected.get(_heading_key(text))
        if heading is None:
            extra.append(text)
        elif heading in seen:
            problems.append(
                _file_problem(_("Die Spalte „%(name)s“ kommt mehrfach vor.") % {"name": heading})
            )
        seen.add(heading or text)
        columns.append(heading)
    if extra:
        problems.append(
            _file_problem(
                _("Unbekannte Spalten: %(names)s. Erlaubt sind nur die Spalten der Vorlage.")
                % {"names": _quoted(extra)}
            )
        )
    missing = [heading for heading in HEADINGS if heading not in seen]
    if missing:
        problems.append(
            _file_problem(_("Es fehlen die Spalten %(names)s.") % {"names": _quoted(missing)})
        )
    return columns, problems


@dataclass
class Checked:
    """The rows of a file that passed (cleaned values with their row number) or the problems."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _raw_rows(
    table: list[list[Any]], columns: list[str | None], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, Any]]]:
    width = len(columns)
    for number, cells in enumerate(table[1:], start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        overflow = [shown(cell) for cell in cells[width:] if shown(cell)]
        if overflow or any(
            columns[i] is None and shown(cells[i]) for i in range(len(cells[:width]))
        ):
            problems.append(
                _file_problem(
                    _("Werte in einer Spalte ohne Überschrift."),
                    row=number,
                    value=", ".join(overflow),
                )
            )
        raw = {heading: "" for heading in HEADINGS}
        for heading, cell in zip(columns, cells, strict=False):
            if heading is not None:
                raw[heading] = cell
        yield number, raw


def check_table(table: list[list[Any]], validator: RecordValidator) -> Checked:
    """Every row checked; problems for the whole file (headings) stop before the rows."""
    if not table:
        return Checked(problems=[_file_problem(_("Die Datei ist leer."), row=None)])
    columns, problems = check_headings(table[0])
    result = Checked(problems=problems)
    if problems:
        return result
    raw_rows = list(_raw_rows(table, columns, result.problems))
    if not raw_rows:
        result.problems.append(_file_problem(_("Die Datei enthält keine Datenzeilen."), row=None))
        return result
    rows_of: dict[str, list[int]] = {}
    for number, raw in raw_rows:
        reference = shown(raw[REFERENCE])
        if reference:
            rows_of.setdefault(pseudonyms.normalise(reference), []).append(number)
    duplicates = {ref: numbers for ref, numbers in rows_of.items() if len(numbers) > 1}
    for number, raw in raw_rows:
        clean, row_problems = validator.validate(raw, row=number)
        reference = pseudonyms.normalise(shown(raw[REFERENCE]))
        if reference in duplicates:
            others = [str(n) for n in duplicates[reference] if n != number]
            row_problems.append(
                Problem(
                    number,
                    REFERENCE,
                    "reference",
                    reference,
                    _(
                        "Die Teilnehmenden-Kennung steht mehrfach in der Datei "
                        "(auch Zeile %(rows)s)."
                    )
                    % {"rows": ", ".join(others[:10]) + (" …" if len(others) > 10 else "")},
                )
            )
        if row_problems:
            result.problems.extend(row_problems)
        elif clean is not None:
            result.rows.append((number, clean))
    return result


# ---- storing ------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    stored: bool = False
    timings: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.problems),
        }


def _stored_values(clean: dict[str, Any]) -> tuple[Any, ...]:
    values = dict(clean)
    values["residence_region_id"] = clean["residence_region"].pk
    values["target_group_id"] = clean["target_group"]
    return tuple(values[name] for name in IMPORTED)


@dataclass
class _Plan:
    new: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    changed: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    unchanged: int = 0


def _classify(project, checked: Checked, outcome: ImportOutcome) -> _Plan:
    key = pseudonyms._key()
    existing = {
        row[0]: (row[1:-1], row[-1])
        for row in Participant.objects.filter(project=project).values_list(
            "reference_hash", *IMPORTED, "followup_on"
        )
    }
    plan = _Plan()
    consent = IMPORTED.index("followup_consent")
    exit_fields = [
        IMPORTED.index(name) for name in ("exited_on", "exit_reason", "situation_after_exit")
    ]
    exited = IMPORTED.index("exited_on")
    for number, clean in checked.rows:
        digest = pseudonyms.reference_hash(project.pk, clean["reference"], key=key)
        values = _stored_values(clean)
        before = existing.get(digest)
        if before is not None and values[exited] is None and before[0][exited] is not None:
            # Empty exit columns never undo a recorded exit (an older export of the provider's
            # own system must not bring people back); corrections go through the record's page.
            values = tuple(
                before[0][index] if index in exit_fields else value
                for index, value in enumerate(values)
            )
        if before is None:
            plan.new.append((digest, values))
            status = _("neu")
        elif before[0] == values:
            plan.unchanged += 1
            status = _("unverändert")
        else:
            if before[1] is not None and not values[consent]:
                outcome.problems.append(
                    Problem(
                        number,
                        "Einwilligung Nachbefragung",
                        "followup_consent",
                        _("nein"),
                        _(
                            "Die Nachbefragung ist bereits erfasst; die Einwilligung kann nicht "
                            "mehr entfallen."
                        ),
                    )
                )
            plan.changed.append((digest, values))
            status = _("geändert")
        if len(outcome.preview) < PREVIEW_ROWS:
            outcome.preview.append(
                {
                    "row": number,
                    "pseudonym": pseudonyms.pseudonym(digest),
                    "status": status,
                    "entered_on": clean["entered_on"],
                    "gender": clean["gender"],
                    "birth_year": clean["birth_year"],
                    "entitlement": clean["entitlement"],
                    "exited_on": clean["exited_on"],
                }
            )
    return plan


def _columns(names: Iterable[str]) -> str:
    fields = {f.attname: f.column for f in Participant._meta.concrete_fields}
    return ", ".join(connection.ops.quote_name(fields[name]) for name in names)


def _store_postgresql(project, plan: _Plan, now: dt.datetime) -> None:
    table = connection.ops.quote_name(Participant._meta.db_table)
    # Columns without a database default that the import does not fill get Django's default.
    new_columns = (
        "project_id",
        "reference_hash",
        "pseudonym",
        *IMPORTED,
        "dropout_reason",
        "followup_situation",
        "created_at",
        "updated_at",
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        if plan.new:
            with raw.copy(f"COPY {table} ({_columns(new_columns)}) FROM STDIN") as copy:
                for digest, values in plan.new:
                    copy.write_row(
                        (
                            project.pk,
                            digest,
                            pseudonyms.pseudonym(digest),
                            *values,
                            "",
                            "",
                            now,
                            now,
                        )
                    )
        if plan.changed:
            temp = "zw_participant_import"
            changed_columns = ("reference_hash", *IMPORTED)
            raw.execute(
                f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "  # noqa: S608 (names only)
                f"SELECT {_columns(changed_columns)} FROM {table} WITH NO DATA"
            )
            with raw.copy(f"COPY {temp} ({_columns(changed_columns)}) FROM STDIN") as copy:
                for digest, values in plan.changed:
                    copy.write_row((digest, *values))
            assignments = ", ".join(f"{col} = t.{col}" for col in _columns(IMPORTED).split(", "))
            raw.execute(
                f"UPDATE {table} AS p SET {assignments}, updated_at = %s "  # noqa: S608
                f"FROM {temp} AS t WHERE p.project_id = %s "
                "AND p.reference_hash = t.reference_hash",
                (now, project.pk),
            )


def _date_consents(project) -> None:
    """The file has no column for the day of consent: consent is given at entry, so a new consent
    is dated with the entry date; a withdrawn one loses its date. Two set-based updates."""
    records = Participant.objects.filter(project=project)
    records.filter(followup_consent=True, followup_consent_on__isnull=True).update(
        followup_consent_on=F("entered_on")
    )
    records.filter(followup_consent=False, followup_consent_on__isnull=False).update(
        followup_consent_on=None
    )


def _store_orm(project, plan: _Plan, now: dt.datetime) -> None:
    Participant.objects.bulk_create(
        [
            Participant(
                project=project,
                reference_hash=digest,
                pseudonym=pseudonyms.pseudonym(digest),
                created_at=now,
                updated_at=now,
                **dict(zip(IMPORTED, values, strict=True)),
            )
            for digest, values in plan.new
        ],
        batch_size=2000,
    )
    if plan.changed:
        by_hash = dict(plan.changed)
        records = list(
            Participant.objects.filter(project=project, reference_hash__in=list(by_hash))
        )
        for record in records:
            for name, value in zip(IMPORTED, by_hash[record.reference_hash], strict=True):
                setattr(record, name, value)
            record.updated_at = now
        Participant.objects.bulk_update(records, [*IMPORTED, "updated_at"], batch_size=2000)


def participants_import(
    *,
    actor,
    project,
    table: list[list[Any]],
    filename: str,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportOutcome:
    """Check every row of `table` (read_table's result) and, when there is no problem and not
    `dry_run`, store them all. `actor` None is the system (the CLI without --user)."""
    if actor is not None:
        can_record_participants(actor, project).enforce()
    outcome = ImportOutcome()
    started = time.perf_counter()
    checked = check_table(table, RecordValidator(project, today=today))
    outcome.problems = checked.problems
    outcome.timings["validate"] = time.perf_counter() - started
    if outcome.problems:
        return outcome
    started = time.perf_counter()
    with transaction.atomic():
        plan = _classify(project, checked, outcome)
        outcome.created, outcome.updated = len(plan.new), len(plan.changed)
        outcome.unchanged = plan.unchanged
        if outcome.problems:
            outcome.created = outcome.updated = outcome.unchanged = 0
            outcome.preview = []
            return outcome
        if dry_run:
            return outcome
        now = timezone.now()
        if connection.vendor == "postgresql":
            _store_postgresql(project, plan, now)
        else:
            _store_orm(project, plan, now)
        _date_consents(project)
        audit_record(
            actor=actor,
            action="participants.import",
            obj=project,
            changes={
                "file": [None, Path(filename).name[:200]],
                "created": [None, outcome.created],
                "updated": [None, outcome.updated],
                "unchanged": [None, outcome.unchanged],
            },
        )
        log_access(
            actor,
            AccessKind.IMPORT,
            _("Import „%(file)s“") % {"file": Path(filename).name},
            project=project,
            record_count=outcome.created + outcome.updated,
        )
        outcome.stored = True
    outcome.timings["store"] = time.perf_counter() - started
    return outcome


# ---- writing: the template and the problem report ----------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXAMPLE = (
    "TN-0001",
    dt.date(2024, 2, 1),
    "weiblich",
    2001,
    "Wiesbaden",
    "ja",
    "SGB II",
    "nein",
    "arbeitslos",
    "ISCED 3-4",
    "",
    "keine Angabe",
    "nein",
    "nein",
    "ja",
    dt.date(2024, 7, 31),
    "regulär",
    "Schule oder Ausbildung",
)


def allowed_values(project=None) -> list[str]:
    """What each column of the format accepts, in COLUMNS order (the template's second sheet)."""
    from .choices import (
        EducationLevel,
        EmploymentStatus,
        Entitlement,
        ExitReason,
        Gender,
        SituationAfterExit,
        YesNoNotStated,
    )

    def labels(choices) -> str:
        return " / ".join(german_labels(choices))

    date = _("Datum als Excel-Datum oder Text TT.MM.JJJJ")
    if project is not None:
        from zielwerk.programmes.models import TargetGroup

        groups = TargetGroup.objects.filter(
            programme_id=project.programme_year.programme_id
        ).for_year(project.programme_year.year)
        target = " / ".join(group.name for group in groups) or _("keine Zielgruppen hinterlegt")
    else:
        target = _("Name einer Zielgruppe aus dem Katalog des Programms")
    return [
        _(
            "Ihre eigene Kennung der Person, höchstens 100 Zeichen; wird nur verschlüsselt "
            "gespeichert (keine Namen!)"
        ),
        date,
        labels(Gender),
        _("Jahreszahl, z. B. 2001"),
        _("amtlicher Kreisschlüssel (z. B. 06414) oder Name (z. B. Wiesbaden)"),
        _("ja (nur Personen mit Erstwohnsitz in Hessen sind förderfähig)"),
        labels(Entitlement),
        "ja / nein",
        labels(EmploymentStatus),
        labels(EducationLevel),
        _("optional: %(groups)s") % {"groups": target},
        labels(YesNoNotStated),
        labels(YesNoNotStated),
        labels(YesNoNotStated),
        "ja / nein",
        _("leer, solange die Person teilnimmt; sonst %(date)s") % {"date": date},
        _("leer, solange die Person teilnimmt; sonst %(values)s") % {"values": labels(ExitReason)},
        _("leer, solange die Person teilnimmt; sonst %(values)s")
        % {"values": labels(SituationAfterExit)},
    ]


def template_xlsx(project=None) -> bytes:
    """The import template: sheet 1 holds only the headings (fill in from row 2; it is the sheet
    that is read), sheet 2 explains each column with its allowed values and an example."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet(_("Teilnehmende"))
    data.write_row(0, 0, HEADINGS, bold)
    data.freeze_panes(1, 0)
    data.set_column(0, len(HEADINGS) - 1, 22)
    for column in (1, 15):
        data.set_column(column, column, 14, dates)
    help_sheet = workbook.add_worksheet(_("Erlaubte Werte"))
    help_sheet.write_row(0, 0, [_("Spalte"), _("Erlaubte Werte"), _("Beispiel")], bold)
    help_sheet.set_column(0, 0, 34)
    help_sheet.set_column(1, 1, 90, wrap)
    help_sheet.set_column(2, 2, 24)
    for row, (heading, allowed, example) in enumerate(
        zip(HEADINGS, allowed_values(project), EXAMPLE, strict=True), start=1
    ):
        xlsx_write(help_sheet, row, 0, heading, bold)
        xlsx_write(help_sheet, row, 1, allowed, wrap)
        if isinstance(example, dt.date):
            help_sheet.write_datetime(row, 2, example, dates)
        else:
            xlsx_write(help_sheet, row, 2, example)
    note = len(HEADINGS) + 2
    help_sheet.write(
        note,
        0,
        _(
            "Gelesen wird nur das erste Blatt. Groß- und Kleinschreibung der Werte ist egal, "
            "die Reihenfolge der Spalten auch; weitere Spalten sind nicht erlaubt."
        ),
    )
    workbook.close()
    return output.getvalue()


def problems_xlsx(problems: Iterable[Problem | dict[str, Any]]) -> bytes:
    """The problem report: one line per problem with row, column, value and message."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(_("Probleme"))
    sheet.write_row(0, 0, [_("Zeile"), _("Spalte"), _("Wert"), _("Problem")], bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 2, 30)
    sheet.set_column(3, 3, 90)
    for index, problem in enumerate(problems, start=1):
        item = problem.as_dict() if isinstance(problem, Problem) else problem
        if item["row"] is not None:
            sheet.write_number(index, 0, item["row"])
        # The value comes from the uploaded file: never a formula (core.spreadsheets).
        xlsx_write_row(sheet, index, 1, [item["column"], item["value"], item["message"]])
    workbook.close()
    return output.getvalue()


def problem_line(problem: Problem | dict[str, Any]) -> str:
    """'Zeile 7, Spalte „Rechtskreis“, Wert „SGB 9“: erlaubt sind …' (the CLI's lines)."""
    item = problem.as_dict() if isinstance(problem, Problem) else problem
    parts = []
    if item["row"] is not None:
        parts.append(_("Zeile %(row)s") % {"row": item["row"]})
    if item["column"]:
        parts.append(_("Spalte „%(column)s“") % {"column": item["column"]})
    if item["value"]:
        parts.append(_("Wert „%(value)s“") % {"value": item["value"]})
    prefix = ", ".join(parts)
    return f"{prefix}: {item['message']}" if prefix else item["message"]
