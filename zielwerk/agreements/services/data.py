"""Plain data passed into the agreement services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SignatureData:
    party: str
    name: str
    function_lines: str
    place: str
    signed_on: dt.date | None = None


@dataclass(frozen=True)
class KeyFigureData:
    label: str
    value: Decimal
    unit: str = ""


MAX_SIGNED_PDF_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # DOCX, XLSX, ODT and ODS are ZIP containers

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentType:
    label: str
    magic: bytes
    content_type: str


# Anlagen: the file name's extension decides the type, the first bytes must match it.
ATTACHMENT_TYPES: dict[str, AttachmentType] = {
    "pdf": AttachmentType("PDF", PDF_MAGIC, "application/pdf"),
    "docx": AttachmentType(
        "DOCX",
        ZIP_MAGIC,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": AttachmentType(
        "XLSX", ZIP_MAGIC, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "odt": AttachmentType("ODT", ZIP_MAGIC, "application/vnd.oasis.opendocument.text"),
    "ods": AttachmentType("ODS", ZIP_MAGIC, "application/vnd.oasis.opendocument.spreadsheet"),
}


@dataclass(frozen=True)
class NewProjectData:
    """A project named for the first time while editing the agreement (created with the save)."""

    measure_type: object
    name: str
    short_name: str
