"""Checking uploaded files before they are stored or read: the file name's extension decides the
type, the first bytes must match it, the size has a limit, and the content is looked at before
any reader opens it:

* ZIP containers (DOCX, XLSX, PPTX, ODT, ODS): the central directory is read first (no member
  is decompressed) and refused if it promises more than MAX_UNZIPPED_BYTES, more than
  MAX_MEMBERS members, a compression ratio above MAX_RATIO or members that overlap (zip bombs);
  the container must hold its type's main part (a DOCX renamed .xlsx is no XLSX). Then every
  member is decompressed as a stream with that budget, so a directory that lies is caught too.
* PDF: anything that runs or carries other files (/JavaScript, /JS, /Launch, /EmbeddedFile,
  /EF, actions of type JavaScript or Launch, e.g. in /OpenAction) is refused. The object tree
  is walked with pypdf (which also sees compressed object streams and #-escaped names); a file
  pypdf cannot read is scanned byte by byte for the same names instead.
* CSV: text, not a binary file with a .csv name (no NUL bytes, no ZIP/PDF/OLE signature).

Used for agreement attachments, the signed agreement PDF, conference documents, the participant
import and the budget indicator upload; every message names the file.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # DOCX, XLSX, PPTX, ODT and ODS are ZIP containers

MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # all members together, decompressed
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # decompressed/compressed of one member; office XML rarely passes 30
RATIO_FLOOR = 1024 * 1024  # small members may compress as well as they like
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    magic: bytes
    content_type: str
    part: str = ""  # a member every ZIP container of this type holds


PDF = FileType("PDF", PDF_MAGIC, "application/pdf")
DOCX = FileType(
    "DOCX",
    ZIP_MAGIC,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "word/document.xml",
)
XLSX = FileType(
    "XLSX",
    ZIP_MAGIC,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xl/workbook.xml",
)
PPTX = FileType(
    "PPTX",
    ZIP_MAGIC,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt/presentation.xml",
)
ODT = FileType("ODT", ZIP_MAGIC, "application/vnd.oasis.opendocument.text", "content.xml")
ODS = FileType("ODS", ZIP_MAGIC, "application/vnd.oasis.opendocument.spreadsheet", "content.xml")
CSV = FileType("CSV", b"", "text/csv")

BINARY_SIGNATURES = (ZIP_MAGIC, PDF_MAGIC, b"\xd0\xcf\x11\xe0")  # ZIP, PDF, old Office (OLE)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().removeprefix(".")


def check_upload(upload, *, types: dict[str, FileType], max_bytes: int) -> str:
    """Refuse a file whose extension is not in `types`, that is empty, larger than `max_bytes`,
    whose first bytes do not match its type or whose content is dangerous (see the module);
    return its SHA-256 (hex)."""
    if not upload:
        raise ValidationError(_("Bitte wählen Sie eine Datei aus."), code="required")
    name = PurePosixPath(upload.name or "").name
    kind = types.get(extension(name))
    if kind is None:
        allowed = ", ".join(dict.fromkeys(item.label for item in types.values()))
        raise ValidationError(
            _("%(name)s: Dieser Dateityp ist nicht erlaubt (erlaubt: %(allowed)s).")
            % {"name": name, "allowed": allowed},
            code="type",
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s: Die Datei ist größer als %(mb)s MB.")
            % {"name": name, "mb": max_bytes // (1024 * 1024)},
            code="size",
        )
    if not upload.size:
        raise ValidationError(_("%(name)s: Die Datei ist leer.") % {"name": name}, code="empty")
    upload.seek(0)
    if kind.magic and upload.read(len(kind.magic)) != kind.magic:
        raise ValidationError(
            _("%(name)s: Der Inhalt ist keine %(kind)s-Datei.")
            % {"name": name, "kind": kind.label},
            code="content",
        )
    upload.seek(0)
    try:
        if kind.magic == ZIP_MAGIC:
            check_zip(upload, name=name, kind=kind)
        elif kind is PDF:
            check_pdf(upload, name=name)
        elif kind is CSV:
            check_text(upload, name=name)
    finally:
        upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# --- ZIP containers -----------------------------------------------------------------------------


def _bomb(name: str) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s: Die Datei entpackt sich auf mehr als %(mb)s MB oder ist ungewöhnlich "
            "stark komprimiert (ZIP-Bombe?) und wird nicht angenommen."
        )
        % {"name": name, "mb": MAX_UNZIPPED_BYTES // (1024 * 1024)},
        code="zip_bomb",
    )


def _broken(name: str, kind: FileType) -> ValidationError:
    return ValidationError(
        _("%(name)s: Die Datei ist beschädigt oder keine %(kind)s-Datei.")
        % {"name": name, "kind": kind.label},
        code="content",
    )


def check_zip(upload, *, name: str, kind: FileType) -> None:
    """Refuse a zip bomb, a damaged container or one without its type's main part."""
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _broken(name, kind) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _bomb(name)
        total = 0
        spans = []
        for member in members:
            total += member.file_size
            ratio_base = max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and member.file_size / ratio_base > MAX_RATIO:
                raise _bomb(name)
            spans.append((member.header_offset, member.header_offset + member.compress_size))
        if total > MAX_UNZIPPED_BYTES:
            raise _bomb(name)
        spans.sort()
        # Members sharing compressed bytes (the "overlapping" zip bomb) are never real files.
        if any(later[0] < earlier[1] for earlier, later in pairwise(spans)):
            raise _bomb(name)
        names = {member.filename for member in members}
        if kind.part and kind.part not in names:
            raise _broken(name, kind)
        if kind in (ODT, ODS) and _odf_mimetype(archive) != kind.content_type:
            raise _broken(name, kind)
        _decompress_all(archive, name=name, kind=kind)


def _odf_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        with archive.open("mimetype") as member:
            return member.read(200).decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return ""


def _decompress_all(archive: zipfile.ZipFile, *, name: str, kind: FileType) -> None:
    """Decompress every member within the budget; zipfile stops at the declared size and checks
    the CRC, so a member whose directory entry lies fails here, before any reader sees it."""
    budget = MAX_UNZIPPED_BYTES
    for member in archive.infolist():
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _bomb(name)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
            # NotImplementedError (a RuntimeError): an unknown compression method; a plain
            # RuntimeError: an encrypted member, which office files never have.
            raise _broken(name, kind) from error


# --- PDF ----------------------------------------------------------------------------------------

ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/EF"}
ACTIVE_VALUES = {"/JavaScript", "/Launch", "/EmbeddedFile"}  # as /S (action) or /Type
ACTIVE_BYTES_RE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|EF)(?=[\s/<>\[\]()%]|$)")
# Without pypdf's parse, /JS and /EF alone would match random image bytes too often (about one
# 20 MB scan in twenty): a file pypdf reads is judged by its objects; only an unreadable one by
# its bytes.
MAX_PDF_OBJECTS = 500_000


def _refused_pdf(name: str, found: str) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s: Das PDF enthält aktive Inhalte (%(found)s: JavaScript, Startbefehle "
            "oder eingebettete Dateien) und wird aus Sicherheitsgründen nicht angenommen. Bitte "
            "speichern Sie es ohne diese Inhalte, z. B. über „Drucken als PDF“."
        )
        % {"name": name, "found": found},
        code="pdf_active",
    )


def check_pdf(upload, *, name: str) -> None:
    """Refuse a PDF with JavaScript, launch actions or embedded files."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = upload.read()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _(
                    "%(name)s: Das PDF ist mit einem Passwort geschützt; bitte laden Sie es "
                    "ohne Passwort hoch."
                )
                % {"name": name},
                code="pdf_encrypted",
            )
        found = _active_in_objects(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        # pypdf cannot read it (viewers are more forgiving): judge the raw bytes instead.
        match = ACTIVE_BYTES_RE.search(data)
        found = "/" + match.group(1).decode() if match else ""
    if found:
        raise _refused_pdf(name, found)


def _active_in_objects(reader) -> str:
    """The first active key or action found in any object reachable from the trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            for dict_key, value in item.items():
                if dict_key in ACTIVE_KEYS:
                    return str(dict_key)
                if dict_key in ("/S", "/Type") and str(value) in ACTIVE_VALUES:
                    return str(value)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return ""


# --- CSV ----------------------------------------------------------------------------------------


def check_text(upload, *, name: str) -> None:
    """Refuse a binary file (a workbook, a PDF, a program) that carries a .csv name."""
    head = upload.read(64 * 1024)
    # UTF-16 text is full of NUL bytes; the reader explains which encodings it takes.
    nul = b"\x00" in head and not head.startswith(UTF16_BOMS)
    if head.startswith(BINARY_SIGNATURES) or nul:
        raise ValidationError(
            _("%(name)s: Der Inhalt ist keine Textdatei (CSV), sondern eine Binärdatei.")
            % {"name": name},
            code="content",
        )
