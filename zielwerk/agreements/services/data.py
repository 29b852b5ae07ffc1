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


@dataclass(frozen=True)
class NewProjectData:
    """A project named for the first time while editing the agreement (created with the save)."""

    measure_type: object
    name: str
    short_name: str
