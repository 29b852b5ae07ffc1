"""Checking uploaded files before they are stored: the file name's extension decides the type,
the first bytes must match it, the size has a limit. Used for agreement attachments and
conference documents; every message names the file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # DOCX, XLSX, PPTX, ODT and ODS are ZIP containers


@dataclass(frozen=True)
class FileType:
    label: str
    magic: bytes
    content_type: str


PDF = FileType("PDF", PDF_MAGIC, "application/pdf")
DOCX = FileType(
    "DOCX", ZIP_MAGIC, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileType(
    "XLSX", ZIP_MAGIC, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
PPTX = FileType(
    "PPTX", ZIP_MAGIC, "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
ODT = FileType("ODT", ZIP_MAGIC, "application/vnd.oasis.opendocument.text")
ODS = FileType("ODS", ZIP_MAGIC, "application/vnd.oasis.opendocument.spreadsheet")


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().removeprefix(".")


def check_upload(upload, *, types: dict[str, FileType], max_bytes: int) -> str:
    """Refuse a file whose extension is not in `types`, that is empty, larger than `max_bytes`
    or whose first bytes do not match its type; return its SHA-256 (hex)."""
    if not upload:
        raise ValidationError(_("Bitte wählen Sie eine Datei aus."), code="required")
    name = PurePosixPath(upload.name or "").name
    kind = types.get(extension(name))
    if kind is None:
        allowed = ", ".join(item.label for item in types.values())
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
    if upload.read(len(kind.magic)) != kind.magic:
        raise ValidationError(
            _("%(name)s: Der Inhalt ist keine %(kind)s-Datei.")
            % {"name": name, "kind": kind.label},
            code="content",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
