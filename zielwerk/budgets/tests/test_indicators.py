"""Reading indicator tables: formats, numbers and every validation message.

The spreadsheet fixtures in data/ were written once by hand with zipfile and minimal
SpreadsheetML / OpenDocument XML (no spreadsheet library in the project):
indicators.xlsx and indicators.ods hold ags/sgb2/sgb3 for 06411, 06412 and 6414 (a number, as
Excel stores a key whose leading zero it dropped); indicators_errors.xlsx holds a negative
number, a text and an empty cell.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from zielwerk.budgets.indicators import (
    MAX_ERRORS,
    IndicatorImportError,
    column_letter,
    known_regions_for_year,
    read_indicator_table,
)

DATA = Path(__file__).parent / "data"
KNOWN = {
    "06411": "Wissenschaftsstadt Darmstadt",
    "06412": "Stadt Frankfurt am Main",
    "06414": "Landeshauptstadt Wiesbaden",
}


def read_csv(text: str, known=KNOWN, encoding="utf-8"):
    return read_indicator_table(text.encode(encoding), filename="ind.csv", known_regions=known)


def errors_of(text: str, known=KNOWN) -> list[str]:
    with pytest.raises(IndicatorImportError) as caught:
        read_csv(text, known)
    return caught.value.errors


def test_semicolon_and_decimal_comma_with_bom():
    table = read_csv(
        "\ufeffags;sgb2;sgb3\r\n06411;1.234.567,89;12,5\r\n06412;1234567;0\r\n06414;1.234;7\r\n"
    )
    assert table.columns == ["sgb2", "sgb3"]
    assert table.rows == {
        "06411": {"sgb2": Decimal("1234567.89"), "sgb3": Decimal("12.5")},
        "06412": {"sgb2": Decimal(1234567), "sgb3": Decimal(0)},
        "06414": {"sgb2": Decimal(1234), "sgb3": Decimal(7)},
    }


def test_comma_delimiter_and_decimal_point_without_bom():
    table = read_csv("ags,sgb2\n06411,1234.5\n06412,0.25\n06414,1.234\n\n")
    assert table.rows == {
        "06411": {"sgb2": Decimal("1234.5")},
        "06412": {"sgb2": Decimal("0.25")},
        # the other values use a decimal point, so this one does too
        "06414": {"sgb2": Decimal("1.234")},
    }


def test_thousands_dots_elsewhere_decide_an_ambiguous_value_in_a_comma_file():
    table = read_csv('ags,sgb2\n06411,"1.234.567"\n06412,"1,5"\n06414,1.234\n')
    assert table.rows["06414"] == {"sgb2": Decimal(1234)}
    assert table.rows["06411"] == {"sgb2": Decimal(1234567)}


def test_ambiguous_value_without_evidence_is_refused():
    assert errors_of("ags,sgb2\n06411,1.234\n06412,5\n06414,6\n") == [
        "Zeile 2, Spalte B („sgb2“): „1.234“ ist mehrdeutig (Tausenderpunkt oder "
        "Dezimalpunkt?). Bitte ohne Tausenderpunkt schreiben, Dezimalstellen mit Komma."
    ]


def test_ambiguous_value_is_refused_when_the_file_mixes_both_conventions():
    errors = errors_of("ags;sgb2\n06411;1.234\n06412;1234.5\n06414;1,5\n")
    assert errors == [
        "Zeile 2, Spalte B („sgb2“): „1.234“ ist mehrdeutig (Tausenderpunkt oder "
        "Dezimalpunkt?). Bitte ohne Tausenderpunkt schreiben, Dezimalstellen mit Komma."
    ]


@pytest.mark.parametrize(
    "garbage", ["1,234.5", "1.23.4", "12.34,5", "1,2,3", "1e5", "12 345", "abc", "+5", "1.234,"]
)
def test_garbage_is_not_a_number(garbage):
    assert errors_of(f"ags;sgb2\n06411;{garbage}\n06412;1\n06414;1\n") == [
        f"Zeile 2, Spalte B („sgb2“): „{garbage}“ ist keine Zahl."
    ]


def test_xlsx_fixture():
    table = read_indicator_table(
        DATA / "indicators.xlsx", filename="indicators.xlsx", known_regions=KNOWN
    )
    assert table.columns == ["sgb2", "sgb3"]
    assert table.rows == {
        "06411": {"sgb2": Decimal(1200), "sgb3": Decimal("300.5")},
        "06412": {"sgb2": Decimal(2400), "sgb3": Decimal(601)},
        "06414": {"sgb2": Decimal(1200), "sgb3": Decimal("300.5")},  # 6414 in the sheet
    }


def test_xlsx_from_bytes_and_ods_read_the_same():
    from_bytes = read_indicator_table(
        (DATA / "indicators.xlsx").read_bytes(), filename="upload.XLSX", known_regions=KNOWN
    )
    ods = read_indicator_table(DATA / "indicators.ods", filename="indicators.ods")
    assert from_bytes.rows == ods.rows
    assert from_bytes.columns == ods.columns == ["sgb2", "sgb3"]


def test_xlsx_cell_errors():
    with pytest.raises(IndicatorImportError) as caught:
        read_indicator_table(
            DATA / "indicators_errors.xlsx", filename="indicators_errors.xlsx", known_regions=KNOWN
        )
    assert caught.value.errors == [
        "Zeile 2, Spalte B („sgb2“): „-12“ ist negativ.",
        "Zeile 2, Spalte C („sgb3“): „viel“ ist keine Zahl.",
        "Zeile 3, Spalte C („sgb3“): Der Wert fehlt.",
        "Die Gebietskörperschaft Landeshauptstadt Wiesbaden (06414) fehlt in der Datei.",
    ]


def test_broken_spreadsheet():
    with pytest.raises(IndicatorImportError) as caught:
        read_indicator_table(b"not a zip", filename="kaputt.xlsx")
    assert caught.value.errors[0].startswith(
        "Die Datei „kaputt.xlsx“ lässt sich nicht als Tabelle lesen"
    )


def test_unsupported_format():
    with pytest.raises(IndicatorImportError) as caught:
        read_indicator_table(b"%PDF", filename="ind.pdf")
    assert caught.value.errors == [
        "Das Dateiformat von „ind.pdf“ wird nicht unterstützt (erwartet: CSV, XLSX, XLS oder ODS)."
    ]


def test_not_utf8():
    with pytest.raises(IndicatorImportError) as caught:
        read_csv("ags;sgb2\n06411;1\n06412;2 Männer\n", encoding="cp1252")
    assert caught.value.errors == [
        "Die Datei ist nicht in UTF-8 kodiert (erstes unlesbares Zeichen in Zeile 3). "
        "Bitte als „CSV UTF-8“ speichern."
    ]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n;;\n"])
def test_empty_file(text):
    assert errors_of(text) == ["Die Datei ist leer."]


def test_header_only():
    assert errors_of("ags;sgb2\n") == ["Die Datei enthält nach der Kopfzeile keine Datenzeilen."]


def test_missing_header():
    assert errors_of("06411;5\n06412;6\n") == [
        "Zeile 1: Die Kopfzeile fehlt. Die erste Zeile muss die Spaltenüberschriften enthalten: "
        "„ags“, dann die Kürzel der Indikatoren."
    ]


def test_blank_first_line_means_missing_header():
    assert errors_of("\nags;sgb2\n06411;5\n") == [
        "Zeile 1: Die Kopfzeile fehlt; die Datei muss mit „ags;…“ bzw. „ags,…“ beginnen."
    ]


def test_wrong_first_header():
    assert errors_of("Kreis;sgb2\n06411;5\n") == [
        "Zeile 1, Spalte A: Die erste Spalte muss „ags“ heißen, nicht „Kreis“."
    ]
    assert errors_of(";sgb2\n06411;5\n") == [
        "Zeile 1, Spalte A: Die Überschrift fehlt; die erste Spalte muss „ags“ heißen."
    ]


def test_header_is_case_insensitive_and_trailing_empty_columns_are_ignored():
    table = read_csv("AGS;sgb2;;\n06411;1;;\n06412;2\n06414;3;\n")
    assert table.columns == ["sgb2"]


def test_no_indicator_column():
    assert errors_of("ags\n06411\n") == [
        "Zeile 1: Nach „ags“ fehlen die Indikatorspalten "
        "(mindestens eine Spalte mit dem Kürzel eines Indikators)."
    ]


def test_duplicate_and_empty_indicator_columns_and_the_rest_is_still_checked():
    errors = errors_of("ags;sgb2;SGB2;;sgb3\n06411;1;2;3;-4\n06412;1;1;1;1\n06414;1;1;1;1\n")
    assert errors == [
        "Zeile 1, Spalte C („SGB2“): Die Spalte „SGB2“ gibt es schon (Spalte B).",
        "Zeile 1, Spalte D: Die Spaltenüberschrift fehlt.",
        "Zeile 2, Spalte E („sgb3“): „-4“ ist negativ.",
    ]


def test_ags_errors():
    errors = errors_of(
        "ags;sgb2\n06411;1\n06411;2\n;3\nWiesbaden;4\n06499;5\n6412;6\n",
    )
    assert errors == [
        "Zeile 3, Spalte A („ags“): Der Kreisschlüssel 06411 steht schon in Zeile 2.",
        "Zeile 4, Spalte A („ags“): Der Kreisschlüssel fehlt.",
        "Zeile 5, Spalte A („ags“): „Wiesbaden“ ist kein Kreisschlüssel "
        "(fünf Ziffern, z. B. 06414).",
        "Zeile 6, Spalte A („ags“): Zum Kreisschlüssel „06499“ gibt es keine "
        "Gebietskörperschaft in diesem Jahr.",
        "Die Gebietskörperschaft Landeshauptstadt Wiesbaden (06414) fehlt in der Datei.",
    ]


def test_without_known_regions_only_the_form_of_the_key_is_checked():
    table = read_csv("ags;sgb2\n06499;1\n", known=None)
    assert table.rows == {"06499": {"sgb2": Decimal(1)}}


def test_value_errors_name_row_and_column():
    errors = errors_of("ags;sgb2;sgb3\n06411;-12;1\n06412;;x\n06414;5\n")
    assert errors == [
        "Zeile 2, Spalte B („sgb2“): „-12“ ist negativ.",
        "Zeile 3, Spalte B („sgb2“): Der Wert fehlt.",
        "Zeile 3, Spalte C („sgb3“): „x“ ist keine Zahl.",
        "Zeile 4, Spalte C („sgb3“): Der Wert fehlt.",
    ]


def test_row_numbers_count_blank_lines_as_in_the_file():
    assert errors_of("ags;sgb2\n06411;1\n\n06412;-1\n06414;1\n") == [
        "Zeile 4, Spalte B („sgb2“): „-1“ ist negativ."
    ]


def test_more_values_than_columns_hints_at_the_decimal_comma():
    assert errors_of("ags,sgb2\n06411,1,5\n06412,1\n06414,1\n") == [
        "Zeile 2, Spalte C: Die Zeile hat mehr Werte als die Kopfzeile Spalten. "
        "Dezimalkomma in einer Datei mit Komma als Trennzeichen?"
    ]


def test_errors_are_capped():
    lines = "".join(f"06411;x{n}\n" for n in range(60))
    errors = errors_of(f"ags;sgb2\n{lines}", known=None)
    assert len(errors) == MAX_ERRORS
    assert errors[0] == "Zeile 2, Spalte B („sgb2“): „x0“ ist keine Zahl."
    # 60 texts + 59 duplicate keys, the first 49 shown
    assert errors[-1] == "… und 70 weitere Fehler."


def test_column_letters():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


@pytest.mark.django_db
def test_known_regions_for_year():
    from zielwerk.organisations import reference

    reference.load()
    regions = known_regions_for_year(2024)
    assert len(regions) == 26
    assert list(regions) == sorted(regions)
    assert regions["06414"] == "Landeshauptstadt Wiesbaden"
    # Hanau (kreisfrei from 2026) has no AGS yet and is left out
    assert "Brüder-Grimm-Stadt Hanau" not in regions.values()
    assert known_regions_for_year(2026) == regions
