"""Plain data passed into the agreement services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zielwerk.core.uploads import DOCX, ODS, ODT, PDF, XLSX, FileType


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

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# Anlagen: the file name's extension decides the type, the first bytes must match it.
ATTACHMENT_TYPES: dict[str, FileType] = {
    "pdf": PDF,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "ods": ODS,
}


@dataclass(frozen=True)
class NewProjectData:
    """A project named for the first time while editing the agreement (created with the save)."""

    measure_type: object
    name: str
    short_name: str
