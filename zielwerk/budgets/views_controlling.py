"""Controlling page of a programme year and its exports (CSV, XLSX); see controlling.py for the
columns and the definition of „verfügbar“."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import ClassVar

import xlsxwriter
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.core.audit import audit_record
from zielwerk.core.formats import to_money
from zielwerk.core.spreadsheets import safe_row, xlsx_write_row

from .controlling import COLUMNS, ControllingTable, RowKind, controlling_table
from .views import BudgetViewMixin

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ControllingView(BudgetViewMixin, TemplateView):
    template_name = "budgets/controlling.html"

    def get_context_data(self, **kwargs):
        programme_year = self.get_programme_year()
        return super().get_context_data(
            programme_year=programme_year,
            table=controlling_table(programme_year),
            columns=COLUMNS,
            **kwargs,
        )


def header_row() -> list[str]:
    return [_("Gebietskörperschaft"), _("AGS"), _("Maßnahmenart")] + [
        str(heading) for _name, heading in COLUMNS
    ]


def german_decimal(value: Decimal) -> str:
    """2508300.00 -> '2508300,00' (no thousands separator, so spreadsheets read it as a number)."""
    return f"{to_money(value):f}".replace(".", ",")


def render_csv(table: ControllingTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(header_row()))
    for row in table.all_rows():
        writer.writerow(
            safe_row(
                [row.region_label, row.ags, row.measure_label]
                + [german_decimal(value) for value in row.amounts.values()]
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: ControllingTable) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Controlling %(year)s") % {"year": table.programme_year.year})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    bold_money = workbook.add_format({"num_format": "#,##0.00", "bold": True})

    header = header_row()
    xlsx_write_row(sheet, 0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, len(header) - 1, 18)

    for index, row in enumerate(table.all_rows(), start=1):
        is_total = row.kind == RowKind.TOTAL
        xlsx_write_row(
            sheet,
            index,
            0,
            [row.region_label, row.ags, row.measure_label],
            bold if is_total else None,
        )
        for column, value in enumerate(row.amounts.values(), start=3):
            # Amounts have two places and stay far below 10**13: a double keeps every cent.
            sheet.write_number(index, column, float(value), bold_money if is_total else money)
    workbook.close()
    return output.getvalue()


class ControllingExportView(BudgetViewMixin, View):
    fmt: ClassVar[str] = ""

    def get(self, request, *args, **kwargs):
        programme_year = self.get_programme_year()
        table = controlling_table(programme_year)
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="controlling.export",
                obj=programme_year,
                changes={"format": [None, self.fmt]},
            )
        if self.fmt == "xlsx":
            response = HttpResponse(render_xlsx(table), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(render_csv(table), content_type="text/csv; charset=utf-8")
        filename = f"controlling-{programme_year.year}.{self.fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ControllingCsvView(ControllingExportView):
    fmt = "csv"


class ControllingXlsxView(ControllingExportView):
    fmt = "xlsx"
