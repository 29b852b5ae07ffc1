"""Exports of the statewide assessment overview: CSV, XLSX and a PDF report.

* CSV: `;`-separated, UTF-8 with a byte order mark (Excel reads umlauts only with it), decimals
  with a comma. A text cell that begins with = + - or @ gets a leading apostrophe, so a
  spreadsheet never runs it as a formula (CSV injection); numbers are written as numbers.
* XLSX: a sheet of the regions × years and a sheet of the targets' results, each with a header
  row and an autofilter; numbers as numbers, texts always as texts (never as formulas).
* PDF/A-2a + PDF/UA-1 through Typst, as zielwerk/grants/documents.py does it: every text goes in as
  a Typst string literal. A table of all regions of the selected years, then per assessed region
  its targets, results, accepted deviations with their reasons and the summary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.agreements.rendering.pdf import (
    FONT,
    PDF_STANDARDS,
    Table,
    TableRow,
    typst_string,
    typst_table,
)
from zielwerk.core.formats import format_date, format_euro, format_number
from zielwerk.core.spreadsheets import safe_row, xlsx_write, xlsx_write_row
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation

from .choices import METRIC_UNITS, Metric
from .services.assessment import AssessmentRow, ItemRow, items_by_assessment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def german_decimal(value: Decimal | None, places: int = 1) -> str:
    if value is None:
        return ""
    return f"{value:.{places}f}".replace(".", ",")


def overview_header() -> list[str]:
    return [
        _("Gebietskörperschaft"),
        _("Jahr"),
        _("Stand"),
        _("Zielwerte"),
        _("erreicht"),
        _("teilweise erreicht"),
        _("nicht erreicht"),
        _("Zielerreichung (%)"),
        _("anerkannte Abweichungen"),
        _("Gesamtwürdigung"),
    ]


def item_header() -> list[str]:
    return [
        _("Gebietskörperschaft"),
        _("Jahr"),
        _("Zielwert"),
        _("Einheit"),
        _("Plan"),
        _("Ist"),
        _("Erfüllung (%)"),
        _("Vorschlag"),
        _("Ergebnis"),
        _("anerkannte Abweichung – Begründung"),
        _("Begründung des Ergebnisses"),
    ]


def unit_of(item) -> str:
    return str(METRIC_UNITS.get(item.target.metric, ""))


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def render_csv(rows: Sequence[AssessmentRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(overview_header()))
    for row in rows:
        writer.writerow(
            safe_row(
                [
                    row.region.name,
                    row.year,
                    row.status_label,
                    _optional(row.targets),
                    _optional(row.attained),
                    _optional(row.partly),
                    _optional(row.not_attained),
                    german_decimal(row.score),
                    row.accepted_deviations,
                    row.summary,
                ]
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write_cells(sheet, index: int, values: list, formats: dict) -> None:
    for column, value in enumerate(values):
        if value is None or value == "":
            sheet.write_blank(index, column, None)
        elif isinstance(value, Decimal):
            # Scores and plan/actual values have at most two places: a double keeps them.
            sheet.write_number(index, column, float(value), formats["decimal"])
        elif isinstance(value, int):
            sheet.write_number(index, column, value)
        else:
            xlsx_write(sheet, index, column, value)


def _sheet(workbook, name: str, header: list[str], lines: list[list], widths: list[int]):
    formats = {"decimal": workbook.add_format({"num_format": "#,##0.0#"})}
    sheet = workbook.add_worksheet(name)
    xlsx_write_row(sheet, 0, 0, header, workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for index, values in enumerate(lines, start=1):
        _write_cells(sheet, index, values, formats)
    sheet.autofilter(0, 0, max(len(lines), 1), len(header) - 1)
    return sheet


def render_xlsx(rows: Sequence[AssessmentRow], items: dict[int, list[ItemRow]]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    overview = [
        [
            row.region.name,
            row.year,
            row.status_label,
            row.targets,
            row.attained,
            row.partly,
            row.not_attained,
            row.score,
            row.accepted_deviations,
            row.summary,
        ]
        for row in rows
    ]
    _sheet(
        workbook,
        _("Bewertungen"),
        overview_header(),
        overview,
        [30, 8, 22, 10, 10, 12, 12, 16, 14, 60],
    )
    lines = []
    for row in rows:
        for entry in items.get(row.assessment_id or 0, []):
            item = entry.item
            lines.append(
                [
                    row.region.name,
                    row.year,
                    item.target.label,
                    unit_of(item),
                    item.planned,
                    item.actual,
                    item.ratio_percent,
                    item.get_proposed_display(),
                    item.get_result_display(),
                    entry.reason if item.deviation_id else "",
                    item.note,
                ]
            )
    _sheet(
        workbook,
        _("Zielwerte"),
        item_header(),
        lines,
        [30, 8, 40, 10, 14, 14, 12, 18, 18, 50, 50],
    )
    workbook.close()
    return output.getvalue()


# --- PDF through Typst ---------------------------------------------------------------------------

PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, keywords: {keywords})
#set page(
  paper: "a4",
  flipped: true,
  margin: (x: 2cm, top: 2cm, bottom: 2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))),
)
#set text(font: {font}, size: 10pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: false, leading: 0.6em, spacing: 1em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 1): set block(below: 1.2em)
#show heading.where(level: 2): set block(above: 1.6em, below: 0.8em)
#set table(stroke: 0.5pt, inset: (x: 4pt, y: 3pt))
#show figure.caption: set text(size: 9pt)
#show figure: set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
"""


def value_display(item, value: Decimal) -> str:
    if item.target.metric == Metric.SPENDING:
        return format_euro(value, cents="always", unit="€")
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def _table(
    caption: str,
    header: list[str],
    rows: list[list[str]],
    numeric: list[bool],
    widths: list[str] | None = None,
) -> str:
    """A Typst table; `widths` as Typst track sizes (default: numbers auto, texts 1fr)."""
    table = Table(
        caption, header, [TableRow(cells) for cells in rows], numeric, tuple(widths or ())
    )
    return "\n".join(typst_table(table))


def _overview_table(rows: Sequence[AssessmentRow]) -> str:
    header = overview_header()[:-1]
    cells = [
        [
            row.region.name,
            str(row.year),
            row.status_label,
            _optional(row.targets) or "–",
            _optional(row.attained) or "–",
            _optional(row.partly) or "–",
            _optional(row.not_attained) or "–",
            german_decimal(row.score) or "–",
            str(row.accepted_deviations),
        ]
        for row in rows
    ]
    if not cells:
        cells = [[_("Keine Einträge."), *[""] * (len(header) - 1)]]
    numeric = [False, True, False, True, True, True, True, True, True]
    return _table(_("Übersicht der Gebietskörperschaften"), header, cells, numeric)


def _region_section(row: AssessmentRow, entries: list[ItemRow]) -> list[str]:
    out = [
        "#heading(level: 2, "
        + typst_string(f"{row.region.name} {row.year} – {row.status_label}")
        + ")"
    ]
    if row.score is not None:
        out.append(
            "#par("
            + typst_string(_("Zielerreichung: %(score)s %%") % {"score": german_decimal(row.score)})
            + ")"
        )
    cells = []
    for entry in entries:
        item = entry.item
        deviation = ""
        if item.deviation is not None:
            deviation = _("anerkannt (festgestellt am %(day)s)") % {
                "day": format_date(item.deviation.detected_on)
            }
            if entry.reason:
                deviation += ": " + entry.reason
        cells.append(
            [
                item.target.label,
                unit_of(item),
                value_display(item, item.planned),
                value_display(item, item.actual),
                german_decimal(item.ratio_percent) + " %",
                item.get_proposed_display(),
                item.get_result_display(),
                deviation or "–",
                item.note or "–",
            ]
        )
    header = [
        _("Zielwert"),
        _("Einheit"),
        _("Plan"),
        _("Ist"),
        _("Erfüllung"),
        _("Vorschlag"),
        _("Ergebnis"),
        _("anerkannte Abweichung"),
        _("Begründung"),
    ]
    numeric = [False, False, True, True, True, False, False, False, False]
    caption = _("Zielwerte %(region)s %(year)s") % {"region": row.region.name, "year": row.year}
    widths = ["2fr", "auto", "auto", "auto", "auto", "1fr", "1fr", "3fr", "3fr"]
    out.append(_table(caption, header, cells, numeric, widths))
    if row.summary:
        out.append(f"#heading(level: 3, {typst_string(_('Gesamtwürdigung'))})")
        out.extend(f"#par({typst_string(part)})" for part in row.summary.split("\n\n"))
    return out


def _ministry_name() -> str:
    ministry = (
        Organisation.objects.filter(kind=OrganisationKind.MINISTRY)
        .prefetch_related("names")
        .order_by("pk")
        .first()
    )
    return ministry.name_on(timezone.localdate()) if ministry else "Zielwerk"


def typst_source(
    rows: Sequence[AssessmentRow], items: dict[int, list[ItemRow]], years: list[int] | None
) -> str:
    span = ", ".join(str(y) for y in sorted(years)) if years else _("alle Jahre")
    title = _("Bewertung der Zielerreichung – %(years)s") % {"years": span}
    regions = sorted({row.region.name for row in rows if row.assessment_id})
    out = [
        PREAMBLE.format(
            title=typst_string(title),
            author=typst_string(_ministry_name()),
            description=typst_string(
                _("Landesweite Übersicht der Bewertungen (§ 6 der Zielvereinbarung)")
            ),
            keywords="(" + "".join(f"{typst_string(name)}, " for name in regions) + ")",
            font=typst_string(FONT),
        ),
        f"#heading(level: 1, {typst_string(title)})",
        "#par("
        + typst_string(
            _(
                "Stand: %(day)s. Zielerreichung: Mittel der Ergebnisse je Zielwert (erreicht 100, "
                "teilweise 50, nicht erreicht 0), nur abgeschlossene Bewertungen."
            )
            % {"day": format_date(timezone.localdate())}
        )
        + ")",
        _overview_table(rows),
    ]
    for row in rows:
        entries = items.get(row.assessment_id or 0)
        if entries:
            out.extend(_region_section(row, entries))
    return "\n".join(out) + "\n"


def render_pdf(
    rows: Sequence[AssessmentRow], items: dict[int, list[ItemRow]], years: list[int] | None
) -> bytes:
    import typst

    return typst.compile(
        typst_source(rows, items, years).encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=timezone.now().replace(microsecond=0),
    )


def render(
    rows: Sequence[AssessmentRow], fmt: str, *, years: list[int] | None = None
) -> tuple[bytes, str]:
    """(content, content type) of the overview in the format (csv, xlsx or pdf); KeyError for
    any other."""
    if fmt == "csv":
        return render_csv(rows), "text/csv; charset=utf-8"
    items = items_by_assessment(row.assessment_id for row in rows if row.assessment_id)
    if fmt == "xlsx":
        return render_xlsx(rows, items), XLSX_CONTENT_TYPE
    if fmt == "pdf":
        return render_pdf(rows, items, years), "application/pdf"
    raise KeyError(fmt)
