"""The agreement's data as CSV (`;`, UTF-8 with BOM, German decimal comma, formula-safe text)."""

from __future__ import annotations

import csv
import io
from typing import Any

from zielwerk.core.spreadsheets import safe_row

CSV_HEADER = ["abschnitt", "bezeichnung", "wert", "einheit", "zeitraum_von", "zeitraum_bis"]


def decimal_de(value: str | None) -> str:
    return "" if value is None else value.replace(".", ",")


def agreement_csv(data: dict[str, Any]) -> bytes:
    rows: list[list[Any]] = [
        ["Zielvereinbarung", "Programmjahr", data["programmjahr"], "", "", ""],
        ["Zielvereinbarung", "Gebietskörperschaft", data["gebietskoerperschaft"], "", "", ""],
        ["Zielvereinbarung", "AGS", data["ags"] or "", "", "", ""],
        ["Zielvereinbarung", "Fassung", data["fassung"], "", "", ""],
        ["Zielvereinbarung", "Status", data["status"], "", "", ""],
        ["Zielvereinbarung", "Betrag", decimal_de(data["betrag_euro"]), "Euro", "", ""],
        ["Zielvereinbarung", "unterzeichnet (Ministerium)",
         data["unterzeichnet_ministerium"] or "", "", "", ""],
        ["Zielvereinbarung", "unterzeichnet (Gebietskörperschaft)",
         data["unterzeichnet_gebietskoerperschaft"] or "", "", "", ""],
        ["Zielvereinbarung", "veröffentlicht am", data["veroeffentlicht_am"], "", "", ""],
    ]  # fmt: skip
    for project in data["projekte"]:
        measure = f"{project['massnahmenart_nummer']} {project['massnahmenart']}"
        rows.append(["Projekt", project["name"], measure, "", "", ""])
    for figure in data["kennzahlen"]:
        rows.append(
            [
                "Kennzahl",
                figure["bezeichnung"],
                decimal_de(figure["wert"]),
                figure["einheit"],
                "",
                "",
            ]
        )
    for target in data["zielwerte"]:
        rows.append(
            [
                "Zielwert",
                f"{target['bezeichnung']} ({target['kennzahl_bezeichnung']})",
                decimal_de(target["wert"]),
                target["einheit"],
                target["zeitraum_von"],
                target["zeitraum_bis"],
            ]
        )
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue().encode("utf-8")
