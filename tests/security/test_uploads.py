"""Hostile uploads, built in memory: a wrong type (extension against content), an oversized or
empty file, zip bombs (a ratio no office file has, a directory that promises too much or lies,
members sharing their bytes, too many members) and PDFs that run something (JavaScript, launch
actions, embedded files). Each is refused with a German message that names the file, before any
reader opens it, and nothing is stored — at every place that takes a file: agreement
attachments, the signed agreement PDF, conference documents, the participant import and the
budget indicator upload.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zielwerk.core.uploads import (
    CSV,
    DOCX,
    MAX_MEMBERS,
    MAX_UNZIPPED_BYTES,
    ODS,
    PDF,
    PPTX,
    XLSX,
    check_upload,
)

TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "pptx": PPTX, "ods": ODS, "csv": CSV}
MB = 1024 * 1024


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def assert_refused_naming(refused, name: str, expected: str) -> None:
    """The refusal's first message names the file and says `expected`."""
    message = refused.value.messages[0]
    assert message.startswith(f"{name}: ") and expected in message, message


def refusal(name: str, content: bytes, *, max_bytes: int = 20 * MB) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content), types=TYPES, max_bytes=max_bytes)
    (message,) = refused.value.messages
    assert message.startswith(f"{name}: "), message  # the message names the file
    return message


# --- well-formed files, to show that the checks let real ones through -------------------------


def xlsx_bytes(rows: list[list[object]] | None = None) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for index, row in enumerate(rows or [["ags", "sgb2"], ["06414000", 12]]):
        sheet.write_row(index, 0, row)
    workbook.close()
    return output.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Kostenplan")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def ods_bytes(mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return output.getvalue()


def pdf_bytes(*, js: str = "", launch: bool = False, attachment: bool = False, aa: bool = False):
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if js:  # a document-level script in the name tree, run when the document opens
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(js)}
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("start"), action])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    if launch:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("calc.exe"),
            }
        )
    if attachment:
        writer.add_attachment("rechnung.exe", b"MZ\x90\x00")
    if aa:  # JavaScript as a page's additional action, where add_js does not put it
        page[NameObject("/AA")] = DictionaryObject(
            {
                NameObject("/O"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/JavaScript"),
                        NameObject("/JS"): TextStringObject("app.alert(1)"),
                    }
                )
            }
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_real_files_pass():
    for name, content in [
        ("werte.xlsx", xlsx_bytes()),
        ("kostenplan.docx", docx_bytes()),
        ("werte.ods", ods_bytes()),
        ("scan.pdf", pdf_bytes()),
        ("werte.csv", "ags;sgb2\r\n06414000;12\r\n".encode("cp1252")),
        ("werte.csv", "\ufeffags;sgb2\n".encode("utf-16")),  # the reader explains UTF-16
    ]:
        assert len(check_upload(upload(name, content), types=TYPES, max_bytes=20 * MB)) == 64


def test_a_pdf_rendered_by_zielwerk_passes(demo):
    """The agreement PDF (Typst, PDF/A with an outline and metadata) is what people sign and
    upload again; it must not look active."""
    from zielwerk.agreements.exports import render_version
    from zielwerk.agreements.models import AgreementVersion

    version = AgreementVersion.objects.filter(agreement__region__slug="wiesbaden").first()
    check_upload(upload("wi.pdf", render_version(version, "pdf")), types=TYPES, max_bytes=20 * MB)


def test_a_harmless_open_action_passes():
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    output = io.BytesIO()
    writer.write(output)
    check_upload(upload("scan.pdf", output.getvalue()), types=TYPES, max_bytes=20 * MB)


# --- wrong type, size, empty -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("virus.exe", b"MZ\x90\x00", "Dieser Dateityp ist nicht erlaubt"),
        ("bericht.pdf", docx_bytes(), "Der Inhalt ist keine PDF-Datei."),
        ("bericht.docx", b"%PDF-1.7\n", "Der Inhalt ist keine DOCX-Datei."),
        ("werte.xlsx", docx_bytes(), "Die Datei ist beschädigt oder keine XLSX-Datei."),
        ("kostenplan.docx", xlsx_bytes(), "Die Datei ist beschädigt oder keine DOCX-Datei."),
        ("folien.pptx", b"PK\x03\x04" + b"\x00" * 40, "beschädigt oder keine PPTX-Datei."),
        ("werte.ods", ods_bytes("application/zip"), "beschädigt oder keine ODS-Datei."),
        ("werte.csv", xlsx_bytes(), "keine Textdatei (CSV)"),
        ("werte.csv", b"%PDF-1.7\n", "keine Textdatei (CSV)"),
        ("werte.csv", b"ags;sgb2\n\x00\x00\x01", "keine Textdatei (CSV)"),
        ("leer.xlsx", b"", "Die Datei ist leer."),
    ],
)
def test_wrong_type_and_empty(name, content, expected):
    assert expected in refusal(name, content)


def test_oversized():
    assert "größer als 1 MB" in refusal("gross.pdf", b"%PDF-1.7\n" + b"0" * MB, max_bytes=MB)


# --- zip bombs ---------------------------------------------------------------------------------

BOMB = "ZIP-Bombe"


def xlsx_with(member: str, data: bytes, *, level: int = 9) -> bytes:
    """A real workbook plus one extra member."""
    output = io.BytesIO(xlsx_bytes())
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr(member, data)
    return output.getvalue()


def test_a_member_with_an_extreme_ratio():
    bomb = xlsx_with("xl/media/image1.bin", b"\x00" * (8 * MB))  # 8 MB from about 8 KB
    assert len(bomb) < 100_000
    assert BOMB in refusal("werte.xlsx", bomb)


def test_a_directory_that_promises_too_much():
    """Sizes patched in the central directory: refused without decompressing anything."""
    content = bytearray(xlsx_bytes())
    start = content.rfind(b"PK\x05\x06")
    (directory,) = struct.unpack_from("<I", content, start + 16)
    position = directory
    while content[position : position + 4] == b"PK\x01\x02":
        struct.pack_into("<I", content, position + 24, MAX_UNZIPPED_BYTES // 2)  # uncompressed
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", content, position + 28
        )
        position += 46 + name_length + extra_length + comment_length
    assert BOMB in refusal("werte.xlsx", bytes(content))


def test_a_directory_that_lies_low_is_caught_while_decompressing():
    """The directory claims 1 KB for a member of 600 KB: zipfile stops at the claim and the
    CRC check fails, so the file counts as damaged before any reader sees it."""
    content = bytearray(xlsx_with("xl/media/blob.bin", bytes(range(256)) * 2400, level=0))
    start = content.rfind(b"PK\x05\x06")
    (directory,) = struct.unpack_from("<I", content, start + 16)
    position = directory
    while content[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", content, position + 28
        )
        name = bytes(content[position + 46 : position + 46 + name_length])
        if name == b"xl/media/blob.bin":
            struct.pack_into("<I", content, position + 24, 1024)
        position += 46 + name_length + extra_length + comment_length
    assert "beschädigt oder keine XLSX-Datei" in refusal("werte.xlsx", bytes(content))


def test_members_that_share_their_bytes():
    """The "overlapping" zip bomb: directory entries pointing at the same compressed data."""
    content = bytearray(xlsx_with("xl/media/a.bin", b"\x01" * 100_000))
    start = content.rfind(b"PK\x05\x06")
    count, size, directory = struct.unpack_from("<HII", content, start + 10)
    # Copy the last directory entry under a new name of the same length; same local header.
    position, last = directory, directory
    while content[position : position + 4] == b"PK\x01\x02":
        last = position
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", content, position + 28
        )
        position += 46 + name_length + extra_length + comment_length
    entry = bytearray(content[last:position])
    entry[46 : 46 + len(b"xl/media/a.bin")] = b"xl/media/b.bin"
    tail = bytearray(content[start:])
    struct.pack_into("<HHI", tail, 8, count + 1, count + 1, size + len(entry))
    forged = bytes(content[:start]) + bytes(entry) + bytes(tail)
    assert BOMB in refusal("werte.xlsx", forged)


def test_too_many_members():
    output = io.BytesIO(xlsx_bytes())
    with zipfile.ZipFile(output, "a") as archive:
        for number in range(MAX_MEMBERS):
            archive.writestr(f"xl/x/{number}", b"")
    assert BOMB in refusal("werte.xlsx", output.getvalue())


# --- PDFs that run something -------------------------------------------------------------------

ACTIVE = "aktive Inhalte"


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (pdf_bytes(js="app.alert('hallo')"), "/JavaScript"),
        (pdf_bytes(launch=True), "/Launch"),
        (pdf_bytes(attachment=True), "/EmbeddedFile"),
        (pdf_bytes(aa=True), "/J"),
    ],
)
def test_pdfs_with_active_content(content, found):
    message = refusal("scan.pdf", content)
    assert ACTIVE in message and found in message


def raw_pdf(catalog: bytes) -> bytes:
    """A hand-written PDF whose catalog is `catalog` (to write names pypdf's writer would not)."""
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_a_javascript_name_written_with_escapes_is_found():
    """/J#61vaScript is /JavaScript to a viewer; pypdf decodes the name as well."""
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>"
    )
    assert ACTIVE in refusal("scan.pdf", raw_pdf(catalog))


def test_an_unreadable_pdf_is_judged_by_its_bytes():
    broken = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (x) >> >> endobj\n"
    assert ACTIVE in refusal("scan.pdf", broken)
    check_upload(upload("scan.pdf", b"%PDF-1.4\n% Test\n%%EOF\n"), types=TYPES, max_bytes=MB)


# --- every place that takes a file: refused, named, nothing stored -----------------------------


@pytest.fixture
def demo(demo_module, db):
    """The demo data, seeded once for this module."""


def bomb_xlsx() -> bytes:
    return xlsx_with("xl/worksheets/sheet9.xml", b"<x/>" * (2 * MB))


def js_pdf() -> bytes:
    return pdf_bytes(js="app.launchURL('https://evil.example')")


def stored_files() -> list[str]:
    from django.core.files.storage import default_storage

    found = []

    def walk(folder: str) -> None:
        folders, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}" if folder else name)

    walk("")
    return found


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("anlage.pdf", js_pdf(), ACTIVE),
        ("anlage.xlsx", bomb_xlsx(), BOMB),
        ("anlage.docx", xlsx_bytes(), "keine DOCX-Datei"),
    ],
)
def test_agreement_attachment(demo, users, name, content, expected):
    from zielwerk.agreements.models import AgreementVersion, Attachment
    from zielwerk.agreements.services import attachment_add

    version = (
        AgreementVersion.objects.filter(agreement__region__slug="frankfurt")
        .order_by("-number")
        .first()
    )
    before, files = Attachment.objects.count(), stored_files()
    with pytest.raises(ValidationError) as refused:
        attachment_add(
            actor=users["ministerium"],
            version=version,
            title="Anlage",
            upload=upload(name, content),
        )
    assert_refused_naming(refused, name, expected)
    assert Attachment.objects.count() == before and stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("unterzeichnet.pdf", js_pdf(), ACTIVE),
        ("unterzeichnet.pdf", pdf_bytes(attachment=True), ACTIVE),
        ("unterzeichnet.pdf", b"GIF89a", "keine PDF-Datei"),
        ("unterzeichnet.docx", docx_bytes(), "nicht erlaubt"),
    ],
)
def test_signed_agreement_pdf(name, content, expected):
    from zielwerk.agreements.services import check_signed_pdf

    with pytest.raises(ValidationError) as refused:
        check_signed_pdf(upload(name, content))
    assert_refused_naming(refused, name, expected)


def test_signed_agreement_pdf_through_the_page(demo, users, client_for):
    """The sign step refuses a PDF with JavaScript (400, the file named); the version stays
    agreed and unsigned, nothing is stored."""
    from zielwerk.agreements.choices import AgreementStatus
    from zielwerk.agreements.models import Agreement
    from zielwerk.agreements.services import agreement_transition

    agreement = Agreement.objects.get(region__slug="frankfurt", programme_year__year=2024)
    for name in ("start_negotiation", "agree"):
        version = agreement.versions.order_by("-number").first()
        agreement_transition(actor=users["ministerium"], version=version, name=name)
    version = agreement.versions.order_by("-number").first()
    files = stored_files()
    response = client_for("ministerium").post(
        f"/zielvereinbarungen/{agreement.pk}/aktion/sign/",
        {
            "base_number": version.number,
            "ministry_name": "Heike Hofmann",
            "ministry_function_lines": "Staatsministerin",
            "ministry_signed_on": "2024-07-01",
            "region_name": "Erika Beispiel (erfunden)",
            "region_function_lines": "Stadträtin",
            "region_signed_on": "2024-06-20",
            "signed_pdf": upload("unterzeichnet.pdf", js_pdf()),
        },
    )
    assert response.status_code == 400
    assert "unterzeichnet.pdf: Das PDF enthält aktive Inhalte" in response.content.decode()
    version.refresh_from_db()
    assert version.status == AgreementStatus.AGREED and not version.signed_pdf
    assert stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("folien.pptx", bomb_xlsx(), BOMB),
        ("folien.pptx", docx_bytes(), "keine PPTX-Datei"),
        ("programm.pdf", js_pdf(), ACTIVE),
    ],
)
def test_conference_document(demo, users, name, content, expected):
    from zielwerk.conferences.models import Conference, Document
    from zielwerk.conferences.services import document_add

    conference = Conference.objects.first()
    before, files = Document.objects.count(), stored_files()
    with pytest.raises(ValidationError) as refused:
        document_add(
            actor=users["ministerium"],
            conference=conference,
            title="Doku",
            upload=upload(name, content),
        )
    assert_refused_naming(refused, name, expected)
    assert Document.objects.count() == before and stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("teilnehmende.xlsx", bomb_xlsx(), BOMB),
        ("teilnehmende.xlsx", docx_bytes(), "keine XLSX-Datei"),
        ("teilnehmende.csv", xlsx_bytes(), "keine Textdatei (CSV)"),
    ],
)
def test_participant_import(demo, client_for, monkeypatch, name, content, expected):
    """Refused on the upload page, before the file is kept for the import task or read."""
    from zielwerk.participants import importing
    from zielwerk.participants.models import Participant

    def never(*args, **kwargs):
        raise AssertionError("a reader opened the refused file")

    monkeypatch.setattr(importing, "read_xlsx", never)
    monkeypatch.setattr(importing, "read_csv", never)
    before, files = Participant.objects.count(), stored_files()
    response = client_for("traeger-wiesbaden").post(
        "/projekte/WI-2024-FIB/teilnehmende/import/", {"file": upload(name, content)}
    )
    assert response.status_code in (200, 400)
    assert f"{name}: " in response.content.decode() and expected in response.content.decode()
    assert Participant.objects.count() == before and stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("indikatoren.xlsx", bomb_xlsx(), BOMB),
        ("indikatoren.ods", ods_bytes("application/zip"), "keine ODS-Datei"),
        ("indikatoren.csv", b"%PDF-1.7\n", "keine Textdatei (CSV)"),
    ],
)
def test_budget_indicator_upload(demo, client_for, name, content, expected):
    from zielwerk.budgets.models import IndicatorValue

    before = IndicatorValue.objects.count()
    response = client_for("ministerium").post(
        "/haushalt/2024/indikatoren/", {"file": upload(name, content)}
    )
    assert response.status_code in (200, 400)
    assert f"{name}: " in response.content.decode() and expected in response.content.decode()
    assert IndicatorValue.objects.count() == before
