"""Compute a distribution from an indicator table and print it as CSV (`ags,name,amount`).

    manage.py allocation_compute --total 2.508.300 --indicators indikatoren.csv
        [--weights sgb2=2,sgb3=1] [--minimum 50.000] [--unit 100] [--year 2024]

Regions: those valid on 1 January of --year (default: the current year) that have an AGS key.
Amounts: "2508300", "2.508.300", "2508300.50" or "2.508.300,50". Weights use a decimal point,
since the comma separates them; without --weights every indicator column weighs the same.

stdout carries only the CSV; every problem goes to stderr in German and exits with code 2.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand
from django.utils import timezone

from zielwerk.budgets.allocation import AllocationError, distribute, scores
from zielwerk.budgets.indicators import (
    IndicatorImportError,
    known_regions_for_year,
    read_indicator_table,
)
from zielwerk.core.formats import parse_german_decimal
from zielwerk.core.spreadsheets import safe_row

EXIT_BAD_INPUT = 2
_POINT_AMOUNT = re.compile(r"-?\d+\.\d{1,2}")  # "2508300.50": a point with cents, never grouping
_WEIGHT = re.compile(r"\d+(\.\d+)?")


class BadInput(Exception):
    """German message for stderr."""


def parse_amount(text: str, option: str) -> Decimal:
    """'2508300', '2.508.300', '2508300.50' or '2.508.300,50' -> Decimal (at most two places)."""
    cleaned = text.strip()
    if _POINT_AMOUNT.fullmatch(cleaned):
        return Decimal(cleaned)
    try:
        return parse_german_decimal(cleaned, places=2)
    except ValueError as error:
        raise BadInput(
            f"{option}: „{text}“ ist kein Betrag (z. B. 2508300, 2.508.300 oder 2.508.300,50)."
        ) from error


def parse_weights(text: str | None, columns: list[str]) -> dict[str, Decimal]:
    """'sgb2=2,sgb3=0.5' -> weights; without text every column weighs 1."""
    if text is None:
        return dict.fromkeys(columns, Decimal(1))
    weights: dict[str, Decimal] = {}
    for part in text.split(","):
        column, equals, weight = (piece.strip() for piece in part.partition("="))
        if not equals or not column or not _WEIGHT.fullmatch(weight):
            raise BadInput(
                f"--weights: „{part.strip()}“ hat nicht die Form Spalte=Gewicht "
                "(Gewicht eine Zahl ≥ 0 mit Dezimalpunkt, z. B. sgb2=2,sgb3=0.5)."
            )
        if column not in columns:
            raise BadInput(
                f"--weights: Die Spalte „{column}“ gibt es in der Indikatordatei nicht "
                f"(vorhanden: {', '.join(columns)})."
            )
        if column in weights:
            raise BadInput(f"--weights: Die Spalte „{column}“ ist doppelt angegeben.")
        weights[column] = Decimal(weight)
    return weights


class Command(BaseCommand):
    help = (
        "Verteilt einen Gesamtbetrag nach Indikatoren (CSV, XLSX oder ODS, erste Spalte „ags“) "
        "auf die Gebietskörperschaften und gibt „ags,name,amount“ als CSV aus."
    )

    def add_arguments(self, parser):
        # Strings throughout: the command checks them itself, with German messages.
        parser.add_argument("--total", help="Gesamtbetrag in Euro, z. B. 2.508.300")
        parser.add_argument("--indicators", help="Indikatordatei (.csv, .xlsx, .ods)")
        parser.add_argument("--weights", help="Gewichte, z. B. sgb2=2,sgb3=1 (ohne: alle gleich)")
        parser.add_argument("--minimum", default="0", help="Mindestbetrag je Gebietskörperschaft")
        parser.add_argument("--unit", default="100", help="Rundungseinheit in Euro (Standard 100)")
        parser.add_argument("--year", help="Jahr der Gebietskörperschaften (Standard: laufendes)")

    def handle(self, *args, **options) -> None:
        try:
            self.stdout.write(self.compute(options), ending="")
        except BadInput as error:
            self.fail(str(error))

    def fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(EXIT_BAD_INPUT)

    def compute(self, options) -> str:
        if options["total"] is None:
            raise BadInput("--total fehlt: der Gesamtbetrag in Euro, z. B. --total 2.508.300.")
        if options["indicators"] is None:
            raise BadInput("--indicators fehlt: die Indikatordatei (.csv, .xlsx oder .ods).")
        total = parse_amount(options["total"], "--total")
        minimum = parse_amount(options["minimum"], "--minimum")
        unit = parse_amount(options["unit"], "--unit")
        year_text = options["year"]
        if year_text is None:
            year = timezone.localdate().year
        elif re.fullmatch(r"\d{4}", year_text.strip()):
            year = int(year_text)
        else:
            raise BadInput(f"--year: „{year_text}“ ist keine Jahreszahl (z. B. 2024).")

        path = Path(options["indicators"])
        if not path.is_file():
            raise BadInput(f"--indicators: Die Datei „{path}“ gibt es nicht.")
        regions = known_regions_for_year(year)
        try:
            table = read_indicator_table(path, filename=path.name, known_regions=regions)
        except IndicatorImportError as error:
            lines = "\n".join(f"- {line}" for line in error.errors)
            raise BadInput(f"Die Indikatordatei „{path.name}“ ist fehlerhaft:\n{lines}") from error
        except OSError as error:
            raise BadInput(f"--indicators: „{path}“ lässt sich nicht lesen ({error}).") from error
        weights = parse_weights(options["weights"], table.columns)
        try:
            amounts = distribute(total, scores(table.rows, weights), minimum=minimum, unit=unit)
        except AllocationError as error:
            raise BadInput(str(error)) from error

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["ags", "name", "amount"])
        for ags in sorted(amounts):
            writer.writerow(safe_row([ags, regions[ags], f"{amounts[ags]:.2f}"]))
        return out.getvalue()
