"""PDF/A, DOCX, the format registry, the render command and the ZIP of a year."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from zielwerk.agreements.document import (
    AgreementDocument,
    BulletList,
    Paragraph,
    Section,
    SignatureBlock,
    Subheading,
)
from zielwerk.agreements.exports import agreements_zip, export_filename, file_name_part
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.rendering import FORMATS, UnknownFormat, render
from zielwerk.agreements.rendering.docx import render_docx
from zielwerk.agreements.rendering.pdf import render_pdf, typst_source
from zielwerk.agreements.tests.test_golden import SEED, words
from zielwerk.core.models import AuditEntry

PAGE_FOOTER = re.compile(r"^Seite \d+ von \d+\s*$", flags=re.MULTILINE)
BULLET = re.compile(r"^• ", flags=re.MULTILINE)
STAMP = dt.datetime(2024, 7, 12, 10, 0, tzinfo=dt.UTC)


def pdf_text(data: bytes) -> str:
    """The text of every page without its footer ("Seite 1 von 3"); a list bullet is written as
    "- ", the list mark of the seed."""
    pages = PdfReader(io.BytesIO(data)).pages
    text = "\n".join(PAGE_FOOTER.sub("", page.extract_text()) for page in pages)
    return BULLET.sub("- ", text)


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order (the table row by row); a paragraph in a list
    style starts with "- ", the list mark of the seed (Word draws the bullet itself)."""
    texts = []
    for block in Document(io.BytesIO(data)).iter_inner_content():
        if hasattr(block, "rows"):
            texts.extend(cell.text for row in block.rows for cell in row.cells)
        elif block.style is not None and block.style.name == "List Bullet":
            texts.append(f"- {block.text}")
        else:
            texts.append(block.text)
    return "\n".join(texts)


def assert_seed_words(actual_text: str) -> None:
    expected = words(SEED.read_text(encoding="utf-8"))
    actual = words(actual_text)
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected, actual, "seed", "output", lineterm="", n=3))
        pytest.fail(f"Output differs from the seed:\n{diff[:4000]}")


@pytest.fixture
def wiesbaden(demo):
    return Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)


@pytest.fixture
def wiesbaden_document(wiesbaden):
    from zielwerk.agreements.document import build_document

    return build_document(wiesbaden.current)


# ---- PDF ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_text_is_extractable_with_umlauts_and_quotes(wiesbaden_document):
    data = render_pdf(wiesbaden_document)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    flat = " ".join(text.split())
    for expected in [
        "Landeshauptstadt Wiesbaden",
        "2.508.300 Euro",
        "Stadtteilmütter- Stadtteinväter",
        "„Arbeitswelt Hessen“",
        "12.7.2024",
    ]:
        assert expected in flat


@pytest.mark.django_db
def test_pdf_says_word_for_word_what_the_seed_says(wiesbaden_document):
    if not SEED.exists():
        pytest.fail(f"Seed document missing: {SEED}")
    assert_seed_words(pdf_text(render_pdf(wiesbaden_document)))


@pytest.mark.django_db
def test_pdf_is_pdf_a_2_with_metadata(wiesbaden_document):
    reader = PdfReader(io.BytesIO(render_pdf(wiesbaden_document, timestamp=STAMP)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    xml = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xml)
    conformance = re.search(r"<pdfaid:conformance>([ABU])</pdfaid:conformance>", xml)
    assert conformance and conformance.group(1) == "A"
    assert "<pdfuaid:part>1</pdfuaid:part>" in xml
    assert xmp.dc_title == {"x-default": "Zielvereinbarung 2024 – Landeshauptstadt Wiesbaden"}
    assert xmp.dc_creator == ["Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de-DE"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title == "Zielvereinbarung 2024 – Landeshauptstadt Wiesbaden"


@pytest.mark.django_db
def test_pdf_is_reproducible_for_the_same_timestamp(wiesbaden_document):
    assert render_pdf(wiesbaden_document, timestamp=STAMP) == render_pdf(
        wiesbaden_document, timestamp=STAMP
    )


NASTY = (
    'A #let x = 1 *stern* _unter_ $x^2$ @ref <label> [klammer] `code` ~ -- --- ... \\ "zitat" '
    "'apo' // kein Kommentar /* auch nicht */ = Titel - Punkt + plus 1. Liste #{1+1} "
    "\\u{41} ** ende"
)


def _nasty_document() -> AgreementDocument:
    return AgreementDocument(
        year=2024,
        region_name='Kreis "X" #1',
        ministry_name="M*n_st$rium [neu]",
        version_number=2,
        status_label="Entwurf",
        is_amendment=False,
        title_lines=["Zielvereinbarung", "**fett** und #nicht"],
        sections=[
            Section("", "", [Subheading("Unter #1"), Paragraph(NASTY)]),
            Section("§ 1", "Titel *mit* _Zeichen_", [BulletList((NASTY, "- x")), Paragraph("B")]),
        ],
        signatures=[
            SignatureBlock("ministry", "Ort [1]", None, "Name $", ("F #1", "F *2*")),
            SignatureBlock("region", "Ort", dt.date(2024, 7, 12), "", ()),
        ],
    )


def test_pdf_shows_typst_markup_characters_literally():
    text = " ".join(pdf_text(render_pdf(_nasty_document())).split())
    assert text.count(" ".join(NASTY.split())) == 2
    for expected in ["fett und #nicht", "Unter #1", "Titel *mit* _Zeichen_", "Name $ F #1 F *2*"]:
        assert expected in text
    assert "**" not in text.replace(NASTY, "")


def test_typst_source_has_the_texts_only_as_string_literals():
    source = typst_source(_nasty_document())
    assert '#strong("fett")#" und #nicht"' in source
    assert '#"A #let x = 1 *stern* _unter_ $x^2$' in source
    assert '\\\\ \\"zitat\\"' in source


# ---- DOCX --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_docx_has_the_seed_words_styles_bold_and_signature_table(wiesbaden_document):
    data = render_docx(wiesbaden_document)
    assert_seed_words(docx_text(data))
    doc = Document(io.BytesIO(data))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Zielvereinbarung"] == "Title"
    assert styles["§ 1\nAusbildungs- und Qualifizierungsbudget"] == "Heading 1"
    assert styles["Ziele des Landes"] == "Heading 2"
    assert styles["Stadtteilmütter- Stadtteinväter"] == "List Bullet"
    bold = [run.text for p in doc.paragraphs for run in p.runs if run.bold]
    assert "2.508.300 Euro" in bold
    assert "Ausbildungs- und Qualifizierungsbudgets 2024" in bold
    (table,) = doc.tables
    assert len(table.columns) == 2
    assert [cell.text for cell in table.rows[0].cells] == [
        "Wiesbaden, den",
        "Wiesbaden, den 12.7.2024",
    ]
    assert table.rows[2].cells[1].text.startswith("Dr. Patricia Becher\nStadträtin der")
    props = doc.core_properties
    assert props.title == "Zielvereinbarung 2024 – Landeshauptstadt Wiesbaden"
    assert props.author == "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
    assert props.language == "de-DE"


def test_docx_keeps_markup_characters_and_bold():
    text = docx_text(render_docx(_nasty_document()))
    assert " ".join(NASTY.split()) in " ".join(text.split())
    assert "fett und #nicht" in text


# ---- registry ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registry_renders_every_format(wiesbaden_document):
    assert set(FORMATS) == {"html", "md", "pdf", "docx"}
    outputs = {fmt: render(wiesbaden_document, fmt) for fmt in FORMATS}
    assert outputs["pdf"].startswith(b"%PDF")
    assert outputs["docx"].startswith(b"PK")
    assert outputs["md"].decode().startswith("## **Zielvereinbarung**")
    page = outputs["html"].decode()
    assert page.startswith("<!doctype html>")
    assert '<html lang="de">' in page
    assert "<title>Zielvereinbarung 2024 – Landeshauptstadt Wiesbaden</title>" in page
    assert "<style>" in page
    assert "<strong>2.508.300 Euro</strong>" in page
    assert page.count("<h1") == 1
    with pytest.raises(UnknownFormat, match="Unbekanntes Format"):
        render(wiesbaden_document, "odt")


# ---- command -----------------------------------------------------------------------------------


MAGIC = {
    "pdf": b"%PDF",
    "docx": b"PK",
    "md": b"## **Zielvereinbarung**",
    "html": b"<!doctype html>",
}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "html"])
def test_command_writes_each_format(wiesbaden_document, tmp_path, fmt):
    target = tmp_path / f"zv.{fmt}"
    call_command("agreement_render", region="06414", year=2024, fmt=fmt, output=str(target))
    data = target.read_bytes()
    assert data.startswith(MAGIC[fmt])
    if fmt in {"md", "html"}:  # PDF and DOCX carry the time they were made
        assert data == render(wiesbaden_document, fmt)


@pytest.mark.django_db
def test_command_by_slug_with_version_and_default_file_name(wiesbaden, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--region", "wiesbaden", "--year", "2024", "--version", "1", "--format", "md"]
    call_command("agreement_render", *args)
    written = tmp_path / "2024_06414_Wiesbaden_Fassung-1.md"
    assert "Stadtteilmütter- Stadtteinväter" in written.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "06999", "year": 2024}, "Die Gebietskörperschaft „06999“ gibt es nicht"),
        ({"region": "gibt-es-nicht", "year": 2024}, "Die Gebietskörperschaft"),
        ({"region": "hanau", "year": 2024}, "Für Hanau gibt es 2024 keine Zielvereinbarung"),
        ({"region": "wiesbaden", "year": 2023}, "Das Programmjahr 2023 gibt es nicht"),
        ({"region": "wiesbaden", "year": 2024, "fmt": "odt"}, "Unbekanntes Format „odt“"),
        (
            {"region": "wiesbaden", "year": 2024, "version_number": 9},
            "hat keine Fassung 9",
        ),
    ],
)
def test_command_errors_in_german(demo, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("agreement_render", output=str(tmp_path / "x"), **options)
    assert not (tmp_path / "x").exists()


# ---- ZIP of a year -----------------------------------------------------------------------------


def test_file_name_part_is_ascii():
    assert file_name_part("Groß-Gerau") == "Gross-Gerau"
    assert file_name_part("Frankfurt am Main") == "Frankfurt-am-Main"
    assert file_name_part("Werra-Meißner-Kreis") == "Werra-Meissner-Kreis"


@pytest.mark.django_db
def test_zip_has_one_file_per_agreement_of_the_year(wiesbaden):
    programme_year = wiesbaden.programme_year
    data = agreements_zip(programme_year, "pdf")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [
            "2024_06412_Frankfurt-am-Main_Fassung-1.pdf",
            "2024_06414_Wiesbaden_Fassung-1.pdf",
        ]
        assert len(names) == Agreement.objects.filter(programme_year=programme_year).count()
        wiesbaden_pdf = archive.read("2024_06414_Wiesbaden_Fassung-1.pdf")
    assert "Dr. Patricia Becher" in pdf_text(wiesbaden_pdf)


@pytest.mark.django_db
def test_file_name_uses_the_region_code_without_ags_key(wiesbaden):
    version = wiesbaden.current
    version.agreement.region.ags = ""
    assert export_filename(version, "docx") == "2024_WI_Wiesbaden_Fassung-1.docx"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ministerium", "admin"])
def test_zip_view_for_the_ministry_is_logged(client_for, role):
    response = client_for(role).get(
        reverse("agreements:agreement_year_zip", kwargs={"year": 2024}), {"format": "md"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Zielvereinbarungen_AQB_2024_md.zip" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert len(archive.namelist()) == 2
    entry = AuditEntry.objects.get(action="agreement.export_zip")
    assert entry.changes == {"format": [None, "md"], "count": [None, 2]}
    assert entry.object_repr == "AQB 2024"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["wiesbaden", "frankfurt", "rp-kassel", "traeger-wiesbaden"])
def test_zip_view_is_403_for_everyone_else_and_not_logged(client_for, role):
    url = reverse("agreements:agreement_year_zip", kwargs={"year": 2024})
    assert client_for(role).get(url).status_code == 403
    assert not AuditEntry.objects.filter(action="agreement.export_zip").exists()


@pytest.mark.django_db
def test_zip_view_sends_anonymous_to_login_and_refuses_unknown_format(client_for):
    url = reverse("agreements:agreement_year_zip", kwargs={"year": 2024})
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client_for("ministerium").get(url, {"format": "odt"}).status_code == 404
