"""Indicator pages (tables, chart, exports) and the access log of participant data (admin only).
The figures come from indicators.py, already suppressed for the person asking."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from zielwerk.accounts.permissions import can_view_audit
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_datetime
from zielwerk.core.forms import KernFormMixin
from zielwerk.core.spreadsheets import safe_row, xlsx_write, xlsx_write_row

from . import indicators as ind
from .access import log_access
from .choices import AccessKind
from .models import AccessLog
from .permissions import can_view_indicators

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scoped_projects(user, year: int, params) -> tuple[list, dict]:
    """The projects of the year in the person's scope, narrowed by the filters region (slug),
    measure_type (number) and project (code). A filter value outside the scope answers 404."""
    projects = ind.projects_in_scope(user, year)
    options = list(projects)
    chosen = {}
    region = (params.get("region") or "").strip()
    measure_type = (params.get("measure_type") or "").strip()
    code = (params.get("project") or "").strip()
    if region:
        projects = projects.filter(region__slug=region)
        chosen["region"] = region
    if measure_type:
        if not measure_type.isdigit():
            raise Http404(_("Unbekannte Maßnahmenart."))
        projects = projects.filter(measure_type__number=int(measure_type))
        chosen["measure_type"] = measure_type
    if code:
        projects = projects.filter(code=code)
        chosen["project"] = code
    selected = list(projects)
    if chosen and not selected:
        raise Http404(_("Für diese Auswahl gibt es in Ihrem Bereich keine Projekte."))
    filters = {
        "regions": sorted({(p.region.slug, p.region.name) for p in options}, key=lambda r: r[1]),
        "measure_types": sorted(
            {(str(p.measure_type.number), str(p.measure_type)) for p in options},
            key=lambda m: int(m[0]),
        ),
        "projects": [(p.code, f"{p.code} {p.name}") for p in options],
        "chosen": chosen,
    }
    return selected, filters


def export_rows(table: ind.IndicatorTable) -> list[list]:
    rows = []
    for row in [*table.rows, table.total]:
        for indicator in table.indicators:
            cells = row.cells[indicator.code]
            rows.append(
                [row.label, indicator.code, str(indicator.label)]
                + [cells[column] for column in ind.COLUMNS]
            )
    return rows


def export_header(table: ind.IndicatorTable) -> list[str]:
    return [str(ind.LEVEL_LABELS[table.level]), _("Kennzahl"), _("Bezeichnung")] + [
        label for _code, label in ind.gender_labels()
    ]


def render_csv(table: ind.IndicatorTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(export_header(table)))
    for values in export_rows(table):
        writer.writerow(
            safe_row(values[:3] + [cell.display.replace(".", "") for cell in values[3:]])
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: ind.IndicatorTable) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(_("Kennzahlen %(year)s") % {"year": table.year})
    bold = workbook.add_format({"bold": True})
    right = workbook.add_format({"align": "right"})
    xlsx_write_row(sheet, 0, 0, export_header(table), bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3 + len(ind.COLUMNS), 14)
    for index, values in enumerate(export_rows(table), start=1):
        xlsx_write_row(sheet, index, 0, values[:3])
        for column, cell in enumerate(values[3:], start=3):
            if cell.shown_value is None:
                xlsx_write(sheet, index, column, cell.display, right)
            else:
                sheet.write_number(index, column, cell.shown_value)
    note_row = len(export_rows(table)) + 2
    sheet.write_string(note_row, 0, str(ind.SUPPRESSION_NOTE))
    sheet.write_string(note_row + 1, 0, str(ind.AGE_NOTE))
    workbook.close()
    return output.getvalue()


class IndicatorView(LoginRequiredMixin, TemplateView):
    template_name = "participants/indicators.html"

    def get(self, request, *args, **kwargs):
        can_view_indicators(request.user).enforce()
        year = kwargs["year"]
        projects, filters = scoped_projects(request.user, year, request.GET)
        level = request.GET.get("level") or "project"
        if level not in ind.LEVEL_LABELS:
            level = "project"
        table = ind.indicator_table(request.user, projects, year=year, level=level)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return self.export(table, fmt)
        return self.render_to_response(self.get_context_data(table=table, filters=filters))

    def export(self, table: ind.IndicatorTable, fmt: str) -> HttpResponse:
        # Aggregates are not personal data; the export is logged all the same (harmless).
        log_access(
            self.request.user,
            AccessKind.EXPORT,
            f"Kennzahlen {table.year} ({fmt}, Ebene {table.level}, "
            f"Filter {self.request.GET.urlencode()})",
        )
        if fmt == "xlsx":
            response = HttpResponse(render_xlsx(table), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(render_csv(table), content_type="text/csv; charset=utf-8")
        filename = f"kennzahlen-{table.year}-{table.level}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        table: ind.IndicatorTable = kwargs["table"]
        chart_code = self.request.GET.get("code") or "EECO01"
        if chart_code not in ind.BY_CODE or not ind.BY_CODE[chart_code].collected:
            chart_code = "EECO01"
        bars = []
        largest = max((row.cell(chart_code).shown_value or 0 for row in table.rows), default=0)
        for row in table.rows:
            value = row.cell(chart_code).shown_value
            width = round(100 * value / largest) if value and largest else 0
            bars.append({"row": row, "cell": row.cell(chart_code), "width": width})
        group_tables = [
            (
                group,
                label,
                [(i, [table.total.cells[i.code][c] for c in ind.COLUMNS]) for i in items],
            )
            for group, label, items in table.groups()
        ]
        breakdown = [
            (row.label, [row.cells[chart_code][c] for c in ind.COLUMNS]) for row in table.rows
        ]
        query = self.request.GET.copy()
        query.pop("format", None)
        return super().get_context_data(
            year=table.year,
            group_tables=group_tables,
            breakdown=breakdown,
            total_breakdown=[table.total.cells[chart_code][c] for c in ind.COLUMNS],
            definitions=ind.INDICATORS,
            columns=ind.gender_labels(),
            levels=list(ind.LEVEL_LABELS.items()),
            level_label=ind.LEVEL_LABELS[table.level],
            chart_indicator=ind.BY_CODE[chart_code],
            collected=ind.COLLECTED,
            bars=bars,
            summary=ind.summary_sentence(table),
            suppression_note=ind.SUPPRESSION_NOTE,
            age_note=ind.AGE_NOTE,
            export_query=query.urlencode(),
            **kwargs,
        )


# --- access log ------------------------------------------------------------------------------


class AccessLogFilterForm(KernFormMixin, forms.Form):
    user = forms.CharField(label=gettext_lazy("Person enthält"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=gettext_lazy("Zugriff"),
        required=False,
        choices=[("", gettext_lazy("alle")), *AccessKind.choices],
    )
    date_from = forms.DateField(
        label=gettext_lazy("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("„bis“ liegt vor „von“."))
        return cleaned

    def filter(self, entries):
        if not self.is_valid():
            return entries.none() if self.errors else entries
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(user_label__icontains=data["user"])
        if data["kind"]:
            entries = entries.filter(kind=data["kind"])
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries


class AccessLogMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_audit(request.user).enforce()
        return super().dispatch(request, *args, **kwargs)

    def filtered_entries(self):
        self.filter_form = AccessLogFilterForm(self.request.GET or None)  # type: ignore[attr-defined]
        return self.filter_form.filter(AccessLog.objects.select_related("project"))


class AccessLogListView(AccessLogMixin, ListView):
    template_name = "participants/access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return self.filtered_entries()

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "csv"
        return super().get_context_data(
            filter_form=self.filter_form, export_query=query.urlencode(), **kwargs
        )

    def export(self):
        entries = self.filtered_entries()
        with transaction.atomic():
            audit_record(
                actor=self.request.user,
                action="participants.access_log.export",
                obj=self.request.user,  # type: ignore[arg-type]
                changes={"filter": [None, self.request.GET.urlencode()]},
            )
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

        def rows():
            writer.writerow(
                safe_row([_("Zeitpunkt"), _("Person"), _("Zugriff"), _("Projekt"), _("Gegenstand"),
                          _("Datensätze")])
            )  # fmt: skip
            yield "\ufeff" + _take(buffer)
            for entry in entries.iterator(chunk_size=2000):
                writer.writerow(
                    safe_row(
                        [
                            format_datetime(entry.created_at),
                            entry.user_label,
                            entry.get_kind_display(),
                            entry.project.code if entry.project else "",
                            entry.what,
                            entry.record_count,
                        ]
                    )
                )
                yield _take(buffer)

        stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        filename = f"zielwerk-zugriffe-{stamp}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text
