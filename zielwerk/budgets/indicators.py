"""Reading the indicator table for a distribution key: CSV, XLSX or ODS, checked cell by cell.

The table has one row per Gebietskörperschaft. The first column, headed `ags`, holds the
five-digit Kreisschlüssel; every other column is an indicator whose header is its code
(e.g. `sgb2`). Values are non-negative numbers.

Every problem is reported with the row and column as the user sees them in a spreadsheet
(row 1 is the header, columns by letter and header), and all problems are collected before
anything is returned: either the whole table is good, or `IndicatorImportError` lists what
is wrong (at most `MAX_ERRORS` lines).

Numbers: a comma is the decimal mark in German files ("1.234.567,89", "1234,5"), a point in
others ("1234.5"). The only text that could be read both ways is a single dot followed by
exactly three digits ("1.234"): it is read as the file's other numbers show (a decimal comma or
several thousands dots elsewhere mean German, a point with other than three places means decimal
point) or, in a CSV separated by semicolons, as German; otherwise it is refused rather than
guessed at, because a wrong guess is a factor of 1000.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

MAX_ERRORS = 50
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
AGS_HEADER = "ags"

_AGS = re.compile(r"\d{5}")
_PLAIN = re.compile(r"\d+")
_GERMAN = re.compile(r"(\d+|\d{1,3}(\.\d{3})+),\d+")  # decimal comma, optional thousands dots
_GROUPED = re.compile(r"\d{1,3}(\.\d{3}){2,}")  # several thousands dots, no decimals
_AMBIGUOUS = re.compile(r"\d{1,3}\.\d{3}")  # "1.234": thousands or three decimal places
_POINT = re.compile(r"\d+\.\d+")  # decimal point (checked after _AMBIGUOUS)


class IndicatorImportError(ValueError):
    """The table cannot be used; `errors` are German sentences for the person who uploaded it."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class IndicatorTable:
    """`rows[ags][indicator]` -> value; `columns` are the indicator codes in file order."""

    columns: list[str]
    rows: dict[str, dict[str, Decimal]] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def known_regions_for_year(year: int) -> dict[str, str]:
    """AGS -> official name of the Gebietskörperschaften valid on 1 January of `year`."""
    from zielwerk.organisations.models import Region

    regions = Region.objects.valid_on(dt.date(year, 1, 1)).exclude(ags="").order_by("ags")
    return {region.ags: region.official_name for region in regions}


# --- reading the raw cells -------------------------------------------------------------------


def _read_bytes(source: str | os.PathLike[str] | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    return source.read()


def _csv_cells(data: bytes) -> tuple[list[list[Any]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IndicatorImportError(
            [
                "Die Datei ist nicht in UTF-8 kodiert (erstes unlesbares Zeichen in Zeile "
                f"{line}). "
                "Bitte als „CSV UTF-8“ speichern."
            ]
        ) from error
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [list(row) for row in reader], delimiter
    except csv.Error as error:
        raise IndicatorImportError(
            [f"Zeile {reader.line_num}: Die CSV-Datei ist beschädigt ({error})."]
        ) from error


def _spreadsheet_cells(data: bytes, filename: str) -> list[list[Any]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            return []
        sheet = workbook.get_sheet_by_index(0)
        # skip_empty_area=False keeps the grid anchored at A1, so positions match the sheet.
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except Exception as error:  # calamine raises several of its own and OSError/ValueError
        raise IndicatorImportError(
            [f"Die Datei „{filename}“ lässt sich nicht als Tabelle lesen ({error})."]
        ) from error


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _float_decimal(value: float) -> Decimal:
    """The number a spreadsheet shows for a float cell: 300.5 -> 300.5, 1200.0 -> 1200."""
    if value.is_integer():
        return Decimal(int(value))
    return Decimal(repr(value))


def _display(value: Any) -> str:
    """A cell as the user sees it (numbers German style)."""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, int | float):
        number = _float_decimal(value) if isinstance(value, float) else Decimal(value)
        if number.is_finite() and number == number.to_integral_value():
            return str(int(number))
        return f"{number.normalize():f}".replace(".", ",")
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


# --- numbers ---------------------------------------------------------------------------------


@dataclass
class _Number:
    """One value cell after the first pass: a number, or text whose reading may depend on the
    rest of the file ("1.234")."""

    row: int
    col: int
    shown: str
    value: Decimal | None
    kind: str = "number"  # or a kind from _classify for text
    negative: bool = False


def _classify(text: str) -> tuple[str, Decimal | None]:
    """'german' | 'point' | 'plain' | 'ambiguous' | 'invalid' and the value where it is clear."""
    if _PLAIN.fullmatch(text):
        return "plain", Decimal(text)
    if _GERMAN.fullmatch(text):
        return "german", Decimal(text.replace(".", "").replace(",", "."))
    if _GROUPED.fullmatch(text):
        return "german", Decimal(text.replace(".", ""))
    if _AMBIGUOUS.fullmatch(text):
        return "ambiguous", None
    if _POINT.fullmatch(text):
        return "point", Decimal(text)
    return "invalid", None


# --- the table -------------------------------------------------------------------------------


class _Errors:
    """Messages sorted by where they occur (row, column); file-wide ones come last."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, int, int, str]] = []

    def add(self, message: str, row: int = 10**9, col: int = 0) -> None:
        self.entries.append((row, col, len(self.entries), message))

    def raise_if_any(self) -> None:
        if not self.entries:
            return
        lines = [message for *_, message in sorted(self.entries)]
        if len(lines) > MAX_ERRORS:
            hidden = len(lines) - (MAX_ERRORS - 1)
            lines = [*lines[: MAX_ERRORS - 1], f"… und {hidden} weitere Fehler."]
        raise IndicatorImportError(lines)


def read_indicator_table(
    path_or_bytes: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    filename: str,
    known_regions: Mapping[str, str] | None = None,
) -> IndicatorTable:
    """Read and check an indicator table; `filename` decides the format by its suffix.

    known_regions (AGS -> name): every AGS in the file must be one of them, and each of them
    must be in the file. Without it, only the form of the AGS keys is checked.
    """
    suffix = Path(filename).suffix.lower()
    delimiter: str | None = None
    if suffix in CSV_SUFFIXES:
        cells, delimiter = _csv_cells(_read_bytes(path_or_bytes))
    elif suffix in SPREADSHEET_SUFFIXES:
        cells = _spreadsheet_cells(_read_bytes(path_or_bytes), filename)
    else:
        raise IndicatorImportError(
            [
                f"Das Dateiformat von „{filename}“ wird nicht unterstützt "
                "(erwartet: CSV, XLSX, XLS oder ODS)."
            ]
        )
    return _check(cells, delimiter=delimiter, known_regions=known_regions)


def _where(row: int, col: int, header: str | None) -> str:
    place = f"Zeile {row}, Spalte {column_letter(col)}"
    return f"{place} („{header}“)" if header else place


def _header(cells: list[list[Any]], errors: _Errors) -> list[str]:
    """Indicator codes from row 1 (index = column - 1), or raise for a header we cannot use."""
    header = cells[0]
    # Trailing columns without a header and without any value are spreadsheet leftovers.
    width = len(header)
    while width > 1 and _is_empty(header[width - 1]):
        if any(len(row) >= width and not _is_empty(row[width - 1]) for row in cells[1:]):
            break
        width -= 1
    first = _display(header[0]) if header else ""
    if first.lower() != AGS_HEADER:
        if _AGS.fullmatch(first) or (first.isdigit() and len(first) == 4):
            errors.add(
                "Zeile 1: Die Kopfzeile fehlt. Die erste Zeile muss die Spaltenüberschriften "
                "enthalten: „ags“, dann die Kürzel der Indikatoren."
            )
        elif not first:
            errors.add(
                "Zeile 1, Spalte A: Die Überschrift fehlt; die erste Spalte muss „ags“ heißen."
            )
        else:
            errors.add(f"Zeile 1, Spalte A: Die erste Spalte muss „ags“ heißen, nicht „{first}“.")
        errors.raise_if_any()  # without the AGS column nothing else can be checked
    codes: list[str] = []
    seen: dict[str, int] = {AGS_HEADER: 0}
    for index in range(1, width):
        code = _display(header[index])
        if not code:
            errors.add(
                f"Zeile 1, Spalte {column_letter(index)}: Die Spaltenüberschrift fehlt.", 1, index
            )
        elif code.casefold() in seen:
            earlier = column_letter(seen[code.casefold()])
            errors.add(
                f"{_where(1, index, code)}: Die Spalte „{code}“ gibt es schon (Spalte {earlier}).",
                1,
                index,
            )
        else:
            seen[code.casefold()] = index
        codes.append(code)
    if not codes:
        errors.add(
            "Zeile 1: Nach „ags“ fehlen die Indikatorspalten "
            "(mindestens eine Spalte mit dem Kürzel eines Indikators).",
            1,
        )
        errors.raise_if_any()
    return codes


def _ags(value: Any) -> str | None:
    """The five-digit key, or None. Spreadsheets often drop the leading zero (06414 -> 6414)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) == 4 and text.isdigit():
        text = "0" + text
    return text if _AGS.fullmatch(text) else None


def _number(value: Any, row: int, col: int) -> _Number | str:
    """First pass over a value cell: a _Number, or 'invalid'/'empty'."""
    if _is_empty(value):
        return "empty"
    shown = _display(value)
    if isinstance(value, bool):
        return "invalid"
    if isinstance(value, int | float):
        number = _float_decimal(value) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return "invalid"
        return _Number(row, col, shown, number, negative=number < 0)
    if not isinstance(value, str):
        return "invalid"
    text = value.strip().replace("\u2212", "-")
    negative = text.startswith("-")
    kind, parsed = _classify(text.removeprefix("-"))
    if kind == "invalid":
        return "invalid"
    return _Number(row, col, shown, parsed, kind=kind, negative=negative)


def _check(
    cells: list[list[Any]], *, delimiter: str | None, known_regions: Mapping[str, str] | None
) -> IndicatorTable:
    errors = _Errors()
    # Blank rows (also trailing ones) are ignored; row numbers stay those of the file.
    numbered = [(index + 1, row) for index, row in enumerate(cells)]
    numbered = [(number, row) for number, row in numbered if not all(map(_is_empty, row))]
    if not numbered:
        raise IndicatorImportError(["Die Datei ist leer."])
    if numbered[0][0] != 1:
        raise IndicatorImportError(
            ["Zeile 1: Die Kopfzeile fehlt; die Datei muss mit „ags;…“ bzw. „ags,…“ beginnen."]
        )
    codes = _header([row for _, row in numbered], errors)
    body = numbered[1:]
    if not body:
        raise IndicatorImportError(["Die Datei enthält nach der Kopfzeile keine Datenzeilen."])

    ags_rows: dict[str, int] = {}
    numbers: list[tuple[str, str, _Number]] = []  # (ags, code, number)
    for row_number, row in body:
        ags_cell = row[0] if row else ""
        ags = _ags(ags_cell)
        where_ags = _where(row_number, 0, AGS_HEADER)
        if _is_empty(ags_cell):
            errors.add(f"{where_ags}: Der Kreisschlüssel fehlt.", row_number)
        elif ags is None:
            errors.add(
                f"{where_ags}: „{_display(ags_cell)}“ ist kein Kreisschlüssel "
                "(fünf Ziffern, z. B. 06414).",
                row_number,
            )
        elif ags in ags_rows:
            errors.add(
                f"{where_ags}: Der Kreisschlüssel {ags} steht schon in Zeile {ags_rows[ags]}.",
                row_number,
            )
            ags = None
        elif known_regions is not None and ags not in known_regions:
            errors.add(
                f"{where_ags}: Zum Kreisschlüssel „{_display(ags_cell)}“ gibt es keine "
                "Gebietskörperschaft in diesem Jahr.",
                row_number,
            )
            ags_rows[ags] = row_number
            ags = None
        else:
            ags_rows[ags] = row_number
        extra = [index for index in range(len(codes) + 1, len(row)) if not _is_empty(row[index])]
        if extra:
            hint = (
                " Dezimalkomma in einer Datei mit Komma als Trennzeichen?"
                if delimiter == ","
                else ""
            )
            errors.add(
                f"Zeile {row_number}, Spalte {column_letter(extra[0])}: Die Zeile hat mehr Werte "
                f"als die Kopfzeile Spalten.{hint}",
                row_number,
                extra[0],
            )
        for index, code in enumerate(codes, start=1):
            value = row[index] if index < len(row) else ""
            result = _number(value, row_number, index)
            where = _where(row_number, index, code)
            if result == "empty":
                errors.add(f"{where}: Der Wert fehlt.", row_number, index)
            elif result == "invalid":
                errors.add(f"{where}: „{_display(value)}“ ist keine Zahl.", row_number, index)
            elif isinstance(result, _Number):
                numbers.append((ags or "", code, result))

    # Second pass: numbers whose reading depends on the rest of the file.
    kinds = {item.kind for _, _, item in numbers}
    dots_group: bool | None = None  # None: "1.234" cannot be read
    if "german" in kinds and "point" not in kinds:
        dots_group = True
    elif "point" in kinds and "german" not in kinds:
        dots_group = False
    elif "point" not in kinds and delimiter == ";":
        dots_group = True

    rows: dict[str, dict[str, Decimal]] = {}
    for ags, code, item in numbers:
        where = _where(item.row, item.col, code)
        if item.kind == "ambiguous":
            if dots_group is None:
                errors.add(
                    f"{where}: „{item.shown}“ ist mehrdeutig (Tausenderpunkt oder Dezimalpunkt?). "
                    "Bitte ohne Tausenderpunkt schreiben, Dezimalstellen mit Komma.",
                    item.row,
                    item.col,
                )
                continue
            digits = item.shown.replace("\u2212", "-").removeprefix("-")
            item.value = Decimal(digits.replace(".", "") if dots_group else digits)
        if item.negative:
            errors.add(f"{where}: „{item.shown}“ ist negativ.", item.row, item.col)
            continue
        assert item.value is not None
        if ags:
            rows.setdefault(ags, {})[code] = item.value

    if known_regions is not None:
        for ags, name in sorted(known_regions.items()):
            if ags not in ags_rows:
                errors.add(f"Die Gebietskörperschaft {name} ({ags}) fehlt in der Datei.")
    errors.raise_if_any()
    return IndicatorTable(columns=codes, rows={ags: rows[ags] for ags in sorted(rows)})
