"""Cells of every CSV and XLSX export: text that a spreadsheet will not run as a formula.

CSV has no cell types: a cell beginning with = + - @ (or tab or CR, which some programs skip
before those) is read by Excel and LibreOffice as a formula ("CSV injection", OWASP). Such text
gets a leading apostrophe, the spreadsheet convention for "this is text". Numbers stay numbers:
int, Decimal and float values, and strings that are nothing but a number (-12, 2.508.300,00,
06414000), are written unchanged — they cannot carry a formula.

XLSX has cell types: text is always written as a string cell, which no spreadsheet evaluates,
so it needs no apostrophe (which would show); `sheet.write`/`write_row` are never used for text
because xlsxwriter turns a string beginning with = into a formula cell.

Control characters and bidi overrides are removed from every text (core.text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .text import strip_invisible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"-?[0-9]+(?:[.,][0-9]+)*")


def is_number(value: Any) -> bool:
    """A value a spreadsheet may read as a number without risk."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    return isinstance(value, str) and NUMBER_RE.fullmatch(value) is not None


def safe_text(value: Any) -> str:
    """A text cell: invisible characters removed, a leading apostrophe if it could start a
    formula. None becomes the empty cell."""
    if value is None:
        return ""
    text = strip_invisible(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Any:
    """A CSV cell: numbers unchanged, everything else through `safe_text`."""
    return value if is_number(value) else safe_text(value)


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row, every cell through `safe_cell`."""
    return [safe_cell(value) for value in values]


def xlsx_write(sheet, row: int, column: int, value: Any, cell_format=None) -> None:
    """One XLSX cell: None and "" blank, real numbers as numbers, everything else as a string
    cell without invisible characters (a number given as a string stays a string cell, so a key
    such as 06414000 keeps its leading zero)."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        sheet.write_number(row, column, float(value), cell_format)
    else:
        sheet.write_string(row, column, strip_invisible(str(value)), cell_format)


def xlsx_write_row(sheet, row: int, column: int, values: Iterable[Any], cell_format=None) -> None:
    """A row of XLSX cells from `column` on, each through `xlsx_write`."""
    for offset, value in enumerate(values):
        xlsx_write(sheet, row, column + offset, value, cell_format)
