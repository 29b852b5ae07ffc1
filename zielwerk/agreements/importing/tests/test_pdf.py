"""The PDF path: extract_text → parse_agreement, on PDFs with a text layer and on ones without."""

from __future__ import annotations

import pytest
from pypdf import PdfReader, PdfWriter

from zielwerk.agreements.importing.parser import AgreementParseError, parse_agreement
from zielwerk.agreements.importing.pdf import extract_text

from .pdfmaker import make_pdf, paginate, reflow
from .test_parser import DOCUMENTS, EXPECTED, STADT_OFFENBACH_2020, read


def write_pdf(tmp_path, text: str, footer: str | None = "Zielvereinbarung – Testfassung"):
    path = tmp_path / "agreement.pdf"
    path.write_bytes(make_pdf(paginate(reflow(text)), footer))
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_document_as_pdf_parses_like_its_text(tmp_path, name):
    path = write_pdf(tmp_path, read(name))
    assert len(PdfReader(path).pages) > 1  # so that page footers are in the way
    assert parse_agreement(extract_text(path)) == EXPECTED[name]


def test_the_committed_pdf_parses():
    path = DOCUMENTS / "stadt_offenbach_2020.pdf"
    assert parse_agreement(extract_text(path)) == STADT_OFFENBACH_2020


def test_running_footers_and_page_numbers_are_removed(tmp_path):
    path = write_pdf(tmp_path, read("wiesbaden_2024.txt"), "Zielvereinbarung 2024 – Wiesbaden")
    raw = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Seite 1 von" in raw
    assert raw.count("Zielvereinbarung 2024 – Wiesbaden") > 1
    text = extract_text(path)
    assert "Seite " not in text
    assert "Zielvereinbarung 2024 – Wiesbaden" not in text


def test_a_running_header_that_repeats_the_title_leaves_the_title(tmp_path):
    path = tmp_path / "agreement.pdf"
    text = read("wetteraukreis_2019.txt")
    path.write_bytes(make_pdf(paginate(reflow(text)), header="Zielvereinbarung 2019"))
    assert len(PdfReader(path).pages) > 1
    extracted = extract_text(path)
    # Left: the header on the first page (above the title, harmless) and the title itself.
    assert extracted.count("Zielvereinbarung 2019") == 2
    assert parse_agreement(extracted) == EXPECTED["wetteraukreis_2019.txt"]


def test_umlauts_euro_sign_and_quotes_survive_the_text_layer(tmp_path):
    path = write_pdf(
        tmp_path, "Zielvereinbarung 2019\n\nFachkräfte für „Übergänge“: 1.140.300,00 €"
    )
    assert "Fachkräfte für „Übergänge“: 1.140.300,00 €" in extract_text(path)


def test_a_pdf_without_text_layer_is_refused(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # what a scan without OCR gives the reader
    path = tmp_path / "scan.pdf"
    with path.open("wb") as file:
        writer.write(file)
    with pytest.raises(AgreementParseError) as caught:
        extract_text(path)
    assert caught.value.line is None
    assert str(caught.value).startswith("Die PDF-Datei enthält keine Textebene")


def test_a_file_that_is_no_pdf_is_refused(tmp_path):
    path = tmp_path / "agreement.pdf"
    path.write_text("Zielvereinbarung 2024", encoding="utf-8")
    with pytest.raises(AgreementParseError) as caught:
        extract_text(path)
    assert str(caught.value).startswith("Die Datei ist keine lesbare PDF-Datei")


def test_a_password_protected_pdf_is_refused(tmp_path):
    writer = PdfWriter(clone_from=DOCUMENTS / "stadt_offenbach_2020.pdf")
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    path = tmp_path / "protected.pdf"
    with path.open("wb") as file:
        writer.write(file)
    with pytest.raises(AgreementParseError) as caught:
        extract_text(path)
    assert "mit einem Kennwort geschützt" in str(caught.value)


def test_a_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        extract_text(tmp_path / "missing.pdf")
