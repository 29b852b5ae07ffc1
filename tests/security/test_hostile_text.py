"""Hostile text: a project named like an attack, with control characters, comes out harmless in
every format — escaped in HTML, literal in the PDF (no Typst markup), readable in DOCX (no crash
on XML-invalid characters), never a formula in CSV or XLSX — and typed input loses control
characters before it is stored.

Where control characters go: forms drop them on the way in (core.forms.KernFormMixin), and every
document writer drops them again on the way out (typst_string, the DOCX renderers, the
spreadsheet helper), because text also arrives through the API, the imports, the admin and rows
stored before the change. HTML needs no stripping to be safe: Django escapes < > & " '.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from tests.security.fuzzing import FUZZ
from zielwerk.core.forms import KernFormMixin
from zielwerk.core.spreadsheets import is_number, safe_cell, safe_row, safe_text
from zielwerk.core.text import strip_invisible

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Everything Typst would read as markup if the text went in as markup instead of a string.
MARKUP = "#strong[x] $x$ [a] *b* _c_ \\ @ref <label> `raw` ~ -- Ende"
INVISIBLE = "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\u200b\u202a\u202e\u2066\u2069\ufeff"
# All characters that must never reach a document: C0 except tab/LF, DEL, C1, bidi, ZWSP etc.
FORBIDDEN = (
    {chr(c) for c in range(0x20) if chr(c) not in "\t\n"}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {chr(c) for c in range(0x202A, 0x202F)}
    | {chr(c) for c in range(0x2066, 0x206A)}
    | {"\u200b", "\u2060", "\ufeff"}
)
HOSTILE = f'=HYPERLINK("https://evil.example"){SCRIPT}{INVISIBLE}{MARKUP}'
VISIBLE = f'=HYPERLINK("https://evil.example"){SCRIPT}{MARKUP}'  # what a reader should see
# What can be stored: PostgreSQL refuses NUL in text (forms drop it before it gets there).
STORED = HOSTILE.replace("\x00", "")

PROJECT = "WI-2024-FIB"  # Wiesbaden's project in the 2024 agreement of the demo


@pytest.fixture
def demo(demo_module, db):
    """The demo data, seeded once for this module."""


@pytest.fixture
def hostile_project(demo):
    from zielwerk.projects.models import Project

    project = Project.objects.get(code=PROJECT)
    project.name = STORED  # as the API, an import or an old row could have stored it
    project.save(update_fields=["name"])
    return project


def wiesbaden_version():
    from zielwerk.agreements.models import AgreementVersion

    return (
        AgreementVersion.objects.filter(
            agreement__region__slug="wiesbaden",
            agreement__programme_year__year=2024,
            version_projects__project__code=PROJECT,
        )
        .order_by("-number")
        .first()
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_clean(text: str) -> None:
    leaked = sorted(f"U+{ord(char):04X}" for char in set(text) & FORBIDDEN)
    assert not leaked, f"invisible characters leaked: {leaked}"


# --- the helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUMME(A1:A9)", "'=SUMME(A1:A9)"),
        ("+49 611 1234", "'+49 611 1234"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'=1+1"),  # a lone CR is a control character: dropped, then still neutralised
        ("\u202e=1+1", "'=1+1"),  # the bidi override does not hide the formula
        ("Wiesbaden", "Wiesbaden"),
        ("Bad Homburg = Hochtaunus", "Bad Homburg = Hochtaunus"),
        ("-12", "-12"),  # numbers stay numbers
        ("2.508.300,00", "2.508.300,00"),
        ("06414000", "06414000"),
        (Decimal("-3.50"), Decimal("-3.50")),
        (-7, -7),
        (None, ""),
        (True, "True"),  # a bool is no number to a spreadsheet
    ],
)
def test_safe_cell_neutralises_formulas_and_keeps_numbers(cell, expected):
    assert safe_cell(cell) == expected


@FUZZ
@given(st.text())
def test_safe_text_never_starts_a_formula_and_keeps_the_visible_text(text):
    cell = safe_text(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert_clean(cell)
    assert cell.removeprefix("'") == strip_invisible(text) or cell == strip_invisible(text)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_strip_invisible_removes_only_the_invisible(text):
    cleaned = strip_invisible(text)
    assert_clean(cleaned)
    assert strip_invisible(cleaned) == cleaned
    kept = [char for char in text.replace("\r\n", "\n") if char not in FORBIDDEN]
    assert list(cleaned) == kept


def test_numbers_only_pass_unprefixed_when_they_are_numbers():
    assert is_number("1.234,56") and is_number("-5") and is_number(Decimal("0"))
    assert not is_number("-5+A1") and not is_number("=5") and not is_number("1e5")
    assert safe_row(["=A1", 5, "5", "-A1"]) == ["'=A1", 5, "5", "'-A1"]


def test_form_input_loses_control_characters_but_passwords_stay_as_typed():
    class Probe(KernFormMixin, forms.Form):
        name = forms.CharField(max_length=300)
        note = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput)

    form = Probe(
        {"name": HOSTILE, "note": "Zeile 1\r\nZeile\u200b 2\x07", "secret": "pw\x01\u202e"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == VISIBLE
    assert form.cleaned_data["note"] == "Zeile 1\nZeile 2"
    assert form.cleaned_data["secret"] == "pw\x01\u202e"
    # Only invisible characters: the field counts as empty.
    assert not Probe({"name": "\u200b\u202e", "note": "x", "secret": "x"}).is_valid()


# --- every CSV/XLSX writer goes through the helper ---------------------------------------------

WRITER_RE = re.compile(r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(")


def test_every_csv_and_xlsx_writer_uses_the_spreadsheet_helper():
    """A new export that writes cells without core.spreadsheets fails here."""
    root = Path(__file__).resolve().parents[2] / "zielwerk"
    writers = [
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts and WRITER_RE.search(path.read_text(encoding="utf-8"))
    ]
    assert len(writers) >= 10  # the search itself works
    missing = [
        str(path.relative_to(root))
        for path in writers
        if "zielwerk.core.spreadsheets import" not in path.read_text(encoding="utf-8")
        and path.name != "exports.py"  # agreements/exports.py writes a ZIP of documents, no cells
    ]
    assert missing == []


# --- HTML --------------------------------------------------------------------------------------


def assert_escaped(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert ESCAPED_SCRIPT in html
    return html


def test_project_page_escapes_the_name(hostile_project, client_for):
    assert_escaped(client_for("wiesbaden").get(f"/projekte/{PROJECT}/"))


def test_agreement_pages_escape_project_names(hostile_project, client_for):
    version = wiesbaden_version()
    client = client_for("ministerium")
    base = f"/zielvereinbarungen/{version.agreement_id}/"
    assert_escaped(client.get(f"{base}fassung/{version.number}/"))
    assert_escaped(client.get(f"{base}fassung/{version.number}/dokument.html"))


def test_portal_escapes_project_names(hostile_project, client):
    assert_escaped(client.get("/portal/zielvereinbarungen/2024/wiesbaden/"))


def test_comment_is_escaped(hostile_project, users, client_for):
    from zielwerk.agreements.models import Comment

    version = wiesbaden_version()
    Comment.objects.create(version=version, author=users["wiesbaden"], body=STORED)
    client = client_for("ministerium")
    page = client.get(f"/zielvereinbarungen/{version.agreement_id}/fassung/{version.number}/")
    assert_escaped(page)


def test_public_feedback_is_cleaned_on_the_way_in_and_escaped_on_the_way_out(demo, client_for):
    from zielwerk.portal.models import Feedback

    response = client_for(None).post(
        "/portal/rueckmeldung/", {"message": HOSTILE, "page_url": f"/portal/{SCRIPT}"}
    )
    assert response.status_code == 302
    feedback = Feedback.objects.latest("pk")
    assert feedback.message == VISIBLE
    assert_clean(feedback.message + feedback.page_url)
    assert_escaped(client_for("ministerium").get(f"/rueckmeldungen/{feedback.pk}/"))


# --- PDF and DOCX ------------------------------------------------------------------------------


def test_agreement_pdf_shows_markup_literally(hostile_project, client_for):
    from pypdf import PdfReader

    version = wiesbaden_version()
    response = client_for("ministerium").get(
        f"/zielvereinbarungen/{version.agreement_id}/fassung/{version.number}/dokument.pdf"
    )
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert flat(VISIBLE) in flat(text)
    assert_clean(text.replace("\r", "").replace("\x0c", ""))  # pypdf's own line/page breaks


def test_typst_documents_survive_every_markup_character(demo):
    """The decision, briefing, report and survey PDFs share typst_string with the agreement."""
    import typst

    from zielwerk.agreements.rendering.pdf import typst_string

    for text in [MARKUP, HOSTILE, '"); #panic("boom', "\\", '\\"', "#{", "*/ /*"]:
        source = f'#set text(font: "Libertinus Serif")\n#{typst_string(text)}\n'
        typst.compile(source.encode(), format="pdf", ignore_system_fonts=True)


def test_agreement_docx_does_not_crash_and_keeps_the_text(hostile_project, client_for):
    import docx

    version = wiesbaden_version()
    response = client_for("ministerium").get(
        f"/zielvereinbarungen/{version.agreement_id}/fassung/{version.number}/dokument.docx"
    )
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert VISIBLE in text
    assert_clean(text)


def test_decision_docx_with_hostile_text(demo):
    import docx

    from zielwerk.grants.documents import DecisionDocument, render_docx

    document = DecisionDocument(
        sender=HOSTILE,
        sender_unit=HOSTILE,
        sender_address=[HOSTILE],
        addressee=[HOSTILE],
        place_and_date=HOSTILE,
        references=[("Az.", HOSTILE)],
        subject=HOSTILE,
        salutation=HOSTILE,
        intro=[HOSTILE],
        tables=[],
        sections=[],
        closing=[HOSTILE],
        signature=[HOSTILE],
        is_draft=False,
        region_name=HOSTILE,
        kind_label="Bescheid",
        filename_stem="bescheid",
        timestamp=dt.datetime(2024, 7, 1, tzinfo=dt.UTC),
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(document))).paragraphs)
    assert VISIBLE in text
    assert_clean(text)


# --- CSV and XLSX exports ----------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    chunks = response.streaming_content if response.streaming else [response.content]
    text = b"".join(chunks).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def assert_safe_csv(rows: list[list[str]], *, starts: bool = True) -> None:
    """No cell a spreadsheet would run; the hostile text is there (with the apostrophe where it
    starts the cell); numbers are bare."""
    cells = [cell for row in rows for cell in row]
    hostile = [cell for cell in cells if "HYPERLINK" in cell]
    assert hostile, "the hostile text is missing from the export"
    if starts:
        assert all(cell.startswith("'=HYPERLINK") for cell in hostile)
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or re.fullmatch(r"-[0-9.,]+", cell), cell
        assert_clean(cell)


def test_portal_data_csv(hostile_project, client):
    rows = csv_rows(client.get("/portal/zielvereinbarungen/2024/wiesbaden/daten.csv"))
    assert_safe_csv(rows)
    amount = next(row for row in rows if row[1] == "Betrag")
    assert re.fullmatch(r"[0-9]+,[0-9]{2}", amount[2])  # the number is written as a number


def test_indicator_csv(hostile_project, client_for):
    response = client_for("wiesbaden").get("/teilnehmende/kennzahlen/2024/?format=csv")
    rows = csv_rows(response)
    assert_safe_csv(rows, starts=False)  # the label is "WI-2024-FIB <name>"
    assert any(cell.isdigit() for row in rows[1:] for cell in row[3:])  # counts stay numbers


def test_audit_export_csv(hostile_project, users, client_for):
    """The audit trail's CSV carries object names, changes and reasons typed by anyone."""
    from zielwerk.core.audit import audit_record

    audit_record(
        actor=users["wiesbaden"],
        action="project.update",
        obj=hostile_project,
        changes={"name": ["alt", STORED]},
        reason=STORED,
    )
    rows = csv_rows(client_for("admin").get("/protokoll/export.csv"))
    assert_safe_csv(rows, starts=False)
    reasons = [row[7] for row in rows if "HYPERLINK" in row[7]]
    assert reasons and all(cell.startswith("'=HYPERLINK") for cell in reasons)


def xlsx_cells(content: bytes) -> list[dict]:
    """Cells of the first sheet from the XML: reference, type, text and whether it is a formula."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))  # noqa: S314 - ours
            shared = ["".join(si.itertext()) for si in root.findall("m:si", ns)]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))  # noqa: S314 - ours
    cells = []
    for cell in sheet.iter(f"{{{ns['m']}}}c"):
        kind = cell.get("t", "n")
        value = cell.find("m:v", ns)
        text = value.text if value is not None else ""
        if kind == "s":
            text = shared[int(text)]
        elif kind == "inlineStr":
            text = "".join(cell.find("m:is", ns).itertext())
        formula = cell.find("m:f", ns) is not None
        cells.append({"ref": cell.get("r"), "type": kind, "text": text or "", "formula": formula})
    return cells


def assert_safe_xlsx(content: bytes, *, starts: bool = True) -> list[dict]:
    """No formula cell; the hostile text is a string cell, shown as written (a string cell needs
    no apostrophe: no spreadsheet evaluates it)."""
    cells = xlsx_cells(content)
    assert not [cell["ref"] for cell in cells if cell["formula"]]
    hostile = [cell for cell in cells if "HYPERLINK" in cell["text"]]
    assert hostile, "the hostile text is missing from the workbook"
    for cell in hostile:
        assert cell["type"] == "s"  # a string cell
        assert not starts or cell["text"].startswith("=HYPERLINK")
        assert "_x00" not in cell["text"]  # how xlsxwriter would have kept a control character
        assert_clean(cell["text"])
    return cells


def test_the_xlsx_helper_writes_text_as_text_and_numbers_as_numbers():
    import xlsxwriter

    from zielwerk.core.spreadsheets import xlsx_write_row

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})  # strings_to_formulas on
    xlsx_write_row(workbook.add_worksheet(), 0, 0, [HOSTILE, 12, Decimal("-3.5"), "-4", None])
    workbook.close()
    cells = assert_safe_xlsx(output.getvalue())
    assert [(cell["type"], cell["text"]) for cell in cells[1:]] == [
        ("n", "12"),
        ("n", "-3.5"),
        ("s", "-4"),  # a string stays a string cell (an AGS keeps its leading zero)
    ]


def test_indicator_xlsx_has_no_formula(hostile_project, client_for):
    response = client_for("wiesbaden").get("/teilnehmende/kennzahlen/2024/?format=xlsx")
    assert response.status_code == 200
    cells = assert_safe_xlsx(response.content, starts=False)
    assert any(cell["type"] == "n" for cell in cells)  # counts stay numbers


@pytest.fixture
def hostile_answer(demo):
    from zielwerk.surveys.models import Answer

    answer = Answer.objects.exclude(value_text="").select_related("response__survey").first()
    assert answer is not None, "the demo survey has a text answer"
    answer.value_text = STORED
    answer.save(update_fields=["value_text"])
    return answer


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_survey_results_export(hostile_answer, client_for, fmt):
    survey = hostile_answer.response.survey
    response = client_for("ministerium").get(f"/umfragen/{survey.pk}/ergebnisse/export.{fmt}")
    if fmt == "csv":
        assert_safe_csv(csv_rows(response))
    else:
        assert response.status_code == 200
        assert_safe_xlsx(response.content)
