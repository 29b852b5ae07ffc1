"""cli.main: JSON on stdout and 0, or the German error on stderr and 2."""

from __future__ import annotations

import io
import json

from zielwerk.agreements.importing.cli import main

from .test_parser import DOCUMENTS, STADT_OFFENBACH_2020, WETTERAUKREIS_2019, WIESBADEN_2024, seed


def run(path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(str(path), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_a_markdown_file_gives_only_the_json():
    code, out, err = run(DOCUMENTS / "wiesbaden_2024.txt")
    assert (code, err) == (0, "")
    assert json.loads(out) == WIESBADEN_2024
    assert "Landeshauptstadt Wiesbaden" in out  # ensure_ascii=False: umlauts stay readable
    assert "für Arbeit" in out
    assert out.startswith('{\n  "year": 2024,')  # indent=2
    assert out.endswith("}\n")


def test_a_text_file(tmp_path):
    code, out, err = run(DOCUMENTS / "wetteraukreis_2019.txt")
    assert (code, err) == (0, "")
    assert json.loads(out) == WETTERAUKREIS_2019


def test_a_pdf_file():
    code, out, err = run(DOCUMENTS / "stadt_offenbach_2020.pdf")
    assert (code, err) == (0, "")
    assert json.loads(out) == STADT_OFFENBACH_2020


def test_a_utf8_file_with_byte_order_mark(tmp_path):
    path = tmp_path / "agreement.md"
    path.write_text(seed(), encoding="utf-8-sig")
    code, out, _ = run(path)
    assert code == 0
    assert json.loads(out) == WIESBADEN_2024


def test_a_parse_error_goes_to_stderr_with_exit_code_2(tmp_path):
    path = tmp_path / "agreement.md"
    path.write_text(seed().replace("**2.508.300 Euro**", "**zwei Millionen Euro**"), "utf-8")
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert err == "Zeile 55: Der Betrag in § 4 ist nicht lesbar („zwei Millionen“).\n"


def test_a_parse_error_in_a_pdf_says_the_line_is_one_of_the_extracted_text(tmp_path):
    from .pdfmaker import make_pdf, paginate, reflow

    path = tmp_path / "agreement.pdf"
    text = seed().replace("#### Ausbildungsvorbereitung", "#### Sprachkurse")
    path.write_bytes(make_pdf(paginate(reflow(text))))
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert err.startswith("Zeile ")
    assert "„Sprachkurse“ ist keine bekannte Maßnahmenart" in err
    assert "aus der PDF-Datei gelesenen Text" in err


def test_an_unsupported_format(tmp_path):
    path = tmp_path / "agreement.docx"
    path.write_bytes(b"PK\x03\x04")
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert "hat kein lesbares Format" in err


def test_a_missing_file(tmp_path):
    code, out, err = run(tmp_path / "missing.md")
    assert (code, out) == (2, "")
    assert "gibt es nicht" in err


def test_a_file_not_in_utf8(tmp_path):
    path = tmp_path / "agreement.txt"
    path.write_bytes(seed().encode("cp1252"))
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert "nicht in UTF-8 gespeichert" in err


def test_a_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.PDF"
    with path.open("wb") as file:
        writer.write(file)
    code, out, err = run(path)
    assert (code, out) == (2, "")
    assert err.startswith("Die PDF-Datei enthält keine Textebene")
