"""Generated malformed files against the two imports (hypothesis, `@FUZZ` profile).

Participant import (CSV and XLSX): wrong encodings and delimiters, missing and extra columns,
huge and empty cells, broken dates, control characters, truncation and random bytes. Agreement
import: garbled and truncated versions of the real 2024 Wiesbaden agreement text and random text,
through the parser and the save path.

For every file: the only exception is the module's own error type with a German message, and
nothing is half written – a refused import leaves every affected table as it was, an accepted one
stores every row.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import xlsxwriter
from django.db.models import Model
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.security.fuzzing import FUZZ
from zielwerk.agreements.importing.parser import AgreementParseError, parse_agreement
from zielwerk.agreements.importing.save import ImportSaveError, save_parsed
from zielwerk.agreements.models import Agreement, AgreementVersion, Signature, VersionProject
from zielwerk.core.models import AuditEntry
from zielwerk.participants.importing import ImportFileError, participants_import, read_table
from zielwerk.participants.models import AccessLog, Participant
from zielwerk.participants.pseudonyms import reference_hash
from zielwerk.participants.records import HEADINGS, shown
from zielwerk.projects.models import Project

ROOT = Path(__file__).resolve().parents[2]
VALID_CSV = (ROOT / "zielwerk/participants/tests/files/teilnehmende-gueltig.csv").read_bytes()
VALID_ROWS = [line.split(";") for line in VALID_CSV.decode("utf-8-sig").splitlines()]
AGREEMENT_TEXT = (ROOT.parent / "shared/seed/000_00b0ff0e415465c7.txt").read_text(encoding="utf-8")
# Wiesbaden has its 2024 agreement in the demo data; Kassel has none, so the text can be saved.
KASSEL_TEXT = AGREEMENT_TEXT.replace("Landeshauptstadt Wiesbaden", "Stadt Kassel")

# A German message: German words or letters, and no Python exception text outside of brackets
# (an XLSX reader's own detail may follow in parentheses).
GERMAN = re.compile(
    r"[äöüßÄÖÜ„“]|\b(der|die|das|nicht|kein|keine|ist|sind|wird|fehlt|fehlen|erlaubt|erwartet|"
    r"höchstens|bitte|gibt|gab|Zeile|Datei|Spalte|Angabe|Feld|leer|ohne|nur|liegt|bleibt|dies\w*|"
    r"ungültig\w*|unbekannt\w*)\b",
    re.IGNORECASE,
)
ENGLISH = re.compile(
    r"Error|Exception|Traceback|invalid literal|NoneType|object has no|unsupported operand|"
    r"out of range|Field required|codec can't"
)
CONTROL = "".join(chr(code) for code in [*range(0x00, 0x20), 0x7F, 0x202E, 0x200B, 0xFEFF])


@pytest.fixture
def demo(demo_module, db):
    """The demo data once per module (tests/conftest.py); each test in its own savepoint."""


@pytest.fixture
def fib(demo) -> Project:
    return Project.objects.select_related("programme_year").get(code="WI-2024-FIB")


@pytest.fixture
def provider(demo):
    from zielwerk.accounts.models import User

    return User.objects.get(username="traeger-wiesbaden")


def _counts(*models: type[Model]) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


def _assert_german(message: str) -> None:
    assert message.strip(), "empty error message"
    assert GERMAN.search(message), f"not a German message: {message!r}"
    outside_brackets = re.sub(r"\([^()]*\)", "", message)
    assert not ENGLISH.search(outside_brackets), f"Python's text in the message: {message!r}"


# ---- participant import -------------------------------------------------------------------------

PARTICIPANT_TABLES = (Participant, AuditEntry, AccessLog)

cell_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=CONTROL, min_size=1, max_size=5),
    st.sampled_from(
        [
            "",
            " ",
            "31.02.2024",
            "00.00.0000",
            "2024-13-01",
            "99999999",
            "1.5",
            "-1",
            "1e309",
            "nan",
            "=1+1",
            "ja",
            "nein",
            "SGB II",
            "\u202eSGB II",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
huge_cell = st.sampled_from([200_000, 1_000_000]).map(lambda size: "x" * size)


@st.composite
def participant_rows(draw) -> list[list[str]]:
    """The valid file with a few mutations: cells replaced, columns dropped, added or swapped,
    rows duplicated or cut short."""
    rows = [list(row) for row in VALID_ROWS]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["cell", "huge", "drop", "extra", "swap", "short", "dup"]))
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(HEADINGS) - 1))
        if kind == "cell" and column < len(rows[row]):
            rows[row][column] = draw(cell_text)
        elif kind == "huge":
            target = rows[draw(st.integers(1, len(rows) - 1))]
            if column < len(target):
                target[column] = draw(huge_cell)
        elif kind == "drop":
            for cells in rows:
                del cells[column : column + 1]
        elif kind == "extra":
            for cells in rows:
                cells.append(draw(cell_text))
        elif kind == "swap":
            for cells in rows:
                if len(cells) > column + 1:
                    cells[column], cells[column + 1] = cells[column + 1], cells[column]
        elif kind == "short":
            rows[row] = rows[row][:column]
        elif kind == "dup":
            rows.append(list(rows[row]))
    return rows


@st.composite
def csv_files(draw) -> bytes:
    rows = draw(participant_rows())
    delimiter = draw(st.sampled_from([";", ",", "\t", "|", ";;"]))
    quote = draw(st.booleans())
    lines = [delimiter.join(f'"{cell}"' if quote else cell for cell in cells) for cells in rows]
    text = draw(st.sampled_from(["\r\n", "\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    mangle = draw(st.sampled_from(["none", "truncate", "bytes", "random"]))
    if mangle == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mangle == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    elif mangle == "random":
        data = draw(st.binary(max_size=300))
    return data


xlsx_cell = st.one_of(
    cell_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(
        min_value=dt.datetime(1900, 3, 1),  # noqa: DTZ001 (spreadsheet cells are naive)
        max_value=dt.datetime(9999, 12, 31),  # noqa: DTZ001
    ),
)


def _xlsx(rows: list[list[object]]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    # A fixed creation time keeps the bytes, and so hypothesis' choices, the same on every run.
    workbook.set_properties({"created": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)})
    sheet = workbook.add_worksheet()
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(index, column, value, dates)
            elif isinstance(value, str):
                sheet.write_string(index, column, value)
            elif value is not None:
                sheet.write(index, column, value)
    workbook.close()
    return output.getvalue()


@st.composite
def xlsx_files(draw) -> bytes:
    rows: list[list[object]] = [list(row) for row in draw(participant_rows())]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(1, len(rows) - 1))
        if rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(xlsx_cell)
    data = _xlsx(rows)
    mangle = draw(st.sampled_from(["none", "none", "truncate", "bytes", "random"]))
    if mangle == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif mangle == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at + 20 :]
    elif mangle == "random":
        data = b"PK\x03\x04" + draw(st.binary(max_size=300))
    return data


def _import_and_check(project, actor, data: bytes, filename: str) -> None:
    before = _counts(*PARTICIPANT_TABLES)
    try:
        table = read_table(data, filename)
    except ImportFileError as error:
        _assert_german(str(error))
        assert _counts(*PARTICIPANT_TABLES) == before
        return
    outcome = participants_import(actor=actor, project=project, table=table, filename=filename)
    after = _counts(*PARTICIPANT_TABLES)
    if not outcome.stored:
        assert outcome.problems, "refused without saying why"
        for problem in outcome.problems:
            _assert_german(problem.message)
        assert after == before, "a refused import wrote something"
        return
    assert not outcome.problems
    assert after["Participant"] == before["Participant"] + outcome.created
    assert after["AuditEntry"] == before["AuditEntry"] + 1
    headings = [shown(cell).casefold() for cell in table[0]]
    column = headings.index(HEADINGS[0].casefold())
    references = [shown(row[column]) for row in table[1:] if any(shown(cell) for cell in row)]
    assert outcome.created + outcome.updated + outcome.unchanged == len(references)
    stored = set(
        Participant.objects.filter(project=project).values_list("reference_hash", flat=True)
    )
    for reference in references:
        assert reference_hash(project.pk, reference) in stored, reference


def test_the_unchanged_valid_file_is_stored_completely(fib, provider):
    """The fuzzing's starting point is accepted, so the accepted branch above is exercised."""
    before = Participant.objects.filter(project=fib).count()
    _import_and_check(fib, provider, VALID_CSV, "teilnehmende.csv")
    assert Participant.objects.filter(project=fib).count() == before + len(VALID_ROWS) - 1


@FUZZ
@given(data=csv_files())
def test_participant_csv_fuzz(fib, provider, data):
    _import_and_check(fib, provider, data, "teilnehmende.csv")


@FUZZ
@given(data=xlsx_files())
def test_participant_xlsx_fuzz(fib, provider, data):
    _import_and_check(fib, provider, data, "teilnehmende.xlsx")


def test_a_cell_beyond_the_csv_field_limit_is_refused_with_a_message(fib, provider):
    """Found by the fuzzing: a cell over 131,072 characters made the csv module raise csv.Error,
    which the import did not catch (an error page instead of a message)."""
    rows = [list(row) for row in VALID_ROWS]
    rows[1][0] = "x" * 200_000
    data = "\r\n".join(";".join(cells) for cells in rows).encode()
    with pytest.raises(ImportFileError, match="Zeile 2"):
        read_table(data, "teilnehmende.csv")


# ---- agreement import ---------------------------------------------------------------------------

AGREEMENT_TABLES = (Agreement, AgreementVersion, VersionProject, Signature, Project, AuditEntry)


@st.composite
def agreement_texts(draw) -> str:
    text = draw(st.sampled_from([AGREEMENT_TEXT, KASSEL_TEXT]))
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(["truncate", "drop", "dup", "swap", "chars", "control", "digits"])
        )
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "truncate":
            lines = lines[:at]
        elif kind == "drop":
            del lines[at : at + draw(st.integers(1, 5))]
        elif kind == "dup":
            lines[at:at] = lines[at : at + draw(st.integers(1, 5))]
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "chars":
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=10)) + line[cut + 3 :]
        elif kind == "control":
            lines[at] = draw(st.text(alphabet=CONTROL, min_size=1, max_size=3)) + lines[at]
        else:
            lines[at] = re.sub(r"\d", lambda _m: str(draw(st.integers(0, 9))), lines[at])
    return "\n".join(lines)


def _agreement_import_and_check(text: str) -> None:
    before = _counts(*AGREEMENT_TABLES)
    try:
        parsed = parse_agreement(text)
    except AgreementParseError as error:
        _assert_german(str(error))
        return
    # What the command passes on: the JSON on stdout, read back.
    data = json.loads(json.dumps(parsed, ensure_ascii=False))
    try:
        agreement = save_parsed(data)
    except ImportSaveError as error:
        _assert_german(str(error))
        assert _counts(*AGREEMENT_TABLES) == before, "a refused save wrote something"
        return
    after = _counts(*AGREEMENT_TABLES)
    assert after["Agreement"] == before["Agreement"] + 1
    assert after["AgreementVersion"] == before["AgreementVersion"] + 1
    assert after["Signature"] == before["Signature"] + 2
    version = agreement.versions.get()
    names = {name for group in data["measure_types"] for name in group["projects"]}
    assert {link.project.name for link in version.version_projects.all()} == names
    assert str(version.amount) == data["amount"]


def test_the_real_agreement_text_saves_completely(demo):
    before = Agreement.objects.count()
    _agreement_import_and_check(KASSEL_TEXT)
    assert Agreement.objects.count() == before + 1


@FUZZ
@given(text=agreement_texts())
def test_agreement_text_fuzz(demo, text):
    _agreement_import_and_check(text)


@FUZZ
@given(text=st.text(max_size=400))
def test_agreement_random_text(demo, text):
    assume(text.strip())
    _agreement_import_and_check(text)
