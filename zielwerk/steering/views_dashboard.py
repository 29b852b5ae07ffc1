"""Steering pages: the start (redirect), the statewide dashboard with its exports, and a region's
own page (its targets with plan, actual and forecast, charts, its projects)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date, to_money
from zielwerk.core.spreadsheets import safe_row, safe_text, xlsx_write, xlsx_write_row
from zielwerk.home.selectors import current_programme_year
from zielwerk.projects.models import Project

from . import selectors
from .charts import bar_chart, line_chart, tile_map
from .choices import Metric
from .dashboard import (
    COLUMNS,
    SORT_KEYS,
    STATUS_LABELS,
    StatewideTable,
    own_region,
    statewide_table,
    unit_of,
)
from .dashboard import target_status as status_of
from .figures import FORECAST_METHOD, PLAN_METHOD, TargetFigures, monthly_series, rule_for
from .figures import target_figures as figures_of
from .permissions import can_view_statewide, can_view_steering
from .views_common import SteeringMixin

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IndexView(SteeringMixin, View):
    """/steuerung/: programme-wide staff go to the dashboard of the current year, a region's
    coordinator to the page of its region."""

    def get(self, request, *args, **kwargs):
        programme_year = current_programme_year()
        if programme_year is None:
            raise Http404(_("Es gibt noch kein Programmjahr."))
        if can_view_statewide(request.user):
            return HttpResponseRedirect(
                reverse("steering:dashboard", kwargs={"year": programme_year.year})
            )
        region = own_region(request.user)
        if region is None:
            raise PermissionDenied(_("Ihrem Konto ist keine Gebietskörperschaft zugeordnet."))
        return HttpResponseRedirect(
            reverse("steering:region", kwargs={"year": programme_year.year, "region": region.slug})
        )


class StatewideMixin(SteeringMixin):
    """The statewide pages: programme-wide staff. A region's coordinator gets 403 with a link to
    its own region."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and can_view_steering(user):
            verdict = can_view_statewide(user)
            if not verdict:
                region = own_region(user)
                link = (
                    reverse(
                        "steering:region", kwargs={"year": kwargs["year"], "region": region.slug}
                    )
                    if region is not None
                    else ""
                )
                return render(
                    request,
                    "steering/dashboard_forbidden.html",
                    {"reason": verdict.reason, "region": region, "link": link},
                    status=403,
                )
        return super().dispatch(request, *args, **kwargs)


@dataclass(frozen=True)
class Heading:
    key: str
    label: str
    kind: str
    url: str
    aria_sort: str  # "ascending" | "descending" | "" (not sorted by this column)


def sort_from(params) -> tuple[str, bool]:
    key = params.get("sort") or "region"
    if key not in SORT_KEYS:
        key = "region"
    return key, params.get("dir") == "desc"


def headings(params, key: str, descending: bool) -> list[Heading]:
    result = []
    for column, label, kind in COLUMNS:
        # A click on the sorted column turns the order round; another column starts ascending
        # for names, descending for figures (the largest first).
        if column == key:
            next_dir = "asc" if descending else "desc"
        else:
            next_dir = "asc" if column == "region" else "desc"
        query = {"sort": column, "dir": next_dir}
        if params.get(selectors.AS_OF_PARAM):
            query[selectors.AS_OF_PARAM] = params[selectors.AS_OF_PARAM]
        aria = ("descending" if descending else "ascending") if column == key else ""
        result.append(Heading(column, str(label), kind, "?" + urlencode(query), aria))
    return result


class DashboardView(StatewideMixin, TemplateView):
    template_name = "steering/dashboard.html"

    def get_context_data(self, **kwargs):
        programme_year = selectors.programme_year_get(self.kwargs["year"])
        as_of = selectors.as_of_from(self.request.GET, programme_year)
        table = statewide_table(programme_year, as_of.day)
        key, descending = sort_from(self.request.GET)
        rows = table.sorted_rows(key, descending)
        year = programme_year.year
        stichtag = format_date(as_of.day)
        return super().get_context_data(
            programme_year=programme_year,
            as_of=as_of,
            as_of_text=stichtag,
            table=table,
            rows=rows,
            headings=headings(self.request.GET, key, descending),
            sort_key=key,
            descending=descending,
            keep=[("sort", key), ("dir", "desc" if descending else "asc")],
            export_query=urlencode({selectors.AS_OF_PARAM: stichtag}),
            tiles=tile_map(
                "kachelkarte",
                _("Zielerreichung %(year)s je Gebietskörperschaft") % {"year": year},
                table.rows,
                year,
            ),
            bars=bar_chart(
                "balken-eintritte",
                _("Eintritte: anteiliger Plan und Ist zum %(day)s") % {"day": stichtag},
                table.rows,
                year,
            ),
            plan_method=PLAN_METHOD,
            forecast_method=FORECAST_METHOD,
            **kwargs,
        )


# --- exports ------------------------------------------------------------------------------------


def german_decimal(value: Decimal) -> str:
    return f"{to_money(value):f}".replace(".", ",")


def export_header() -> list[str]:
    return [_("Gebietskörperschaft"), _("AGS")] + [str(label) for key, label, _k in COLUMNS[1:]]


def export_rows(table: StatewideTable) -> list[tuple[str, str, list[Any]]]:
    rows = [*table.rows, table.total]
    return [
        (
            row.label,
            row.region.ags if row.region is not None else "",
            [row.value(key) for key, _label, _kind in COLUMNS[1:]],
        )
        for row in rows
    ]


def render_csv(table: StatewideTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(export_header()))
    kinds = [kind for _key, _label, kind in COLUMNS[1:]]
    for label, ags, values in export_rows(table):
        cells = []
        for kind, value in zip(kinds, values, strict=True):
            if value is None:
                cells.append("")
            elif kind == "money":
                cells.append(german_decimal(value))
            elif kind == "percent":
                cells.append(f"{value:f}".replace(".", ","))
            else:
                cells.append(str(value))
        writer.writerow([safe_text(label), safe_text(ags), *safe_row(cells)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: StatewideTable) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_("Steuerung %(year)s") % {"year": table.programme_year.year})
    bold = workbook.add_format({"bold": True})
    formats = {
        "money": workbook.add_format({"num_format": "#,##0.00"}),
        "count": workbook.add_format({"num_format": "0"}),
        "percent": workbook.add_format({"num_format": "0.0"}),
    }
    header = export_header()
    xlsx_write(sheet, 0, 0, _("Stand: %(day)s") % {"day": format_date(table.as_of)}, bold)
    xlsx_write_row(sheet, 1, 0, header, bold)
    sheet.freeze_panes(2, 1)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, len(header) - 1, 18)
    kinds = [kind for _key, _label, kind in COLUMNS[1:]]
    for index, (label, ags, values) in enumerate(export_rows(table), start=2):
        xlsx_write_row(sheet, index, 0, [label, ags])
        for column, (kind, value) in enumerate(zip(kinds, values, strict=True), start=2):
            if value is None:
                sheet.write_blank(index, column, None)
            else:
                sheet.write_number(index, column, float(value), formats[kind])
    workbook.close()
    return output.getvalue()


class DashboardExportView(StatewideMixin, View):
    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in ("csv", "xlsx"):
            raise Http404(_("Dieses Format gibt es nicht (CSV oder XLSX)."))
        programme_year = selectors.programme_year_get(kwargs["year"])
        as_of = selectors.as_of_from(request.GET, programme_year)
        table = statewide_table(programme_year, as_of.day)
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="steering.dashboard_export",
                obj=programme_year,
                changes={"format": [None, fmt], "as_of": [None, as_of.day.isoformat()]},
            )
        if fmt == "xlsx":
            response = HttpResponse(render_xlsx(table), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(render_csv(table), content_type="text/csv; charset=utf-8")
        filename = f"steuerung-{programme_year.year}-{as_of.day.isoformat()}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- the region's page --------------------------------------------------------------------------


@dataclass
class TargetRow:
    figures: TargetFigures
    status: str
    status_label: str
    unit: str
    chart: Any

    @property
    def target(self):
        return self.figures.target


def region_target_rows(targets, as_of, rules) -> list[TargetRow]:
    figures = figures_of(targets, as_of)
    series = monthly_series(targets, as_of)
    rows = []
    for item in figures:
        target = item.target
        status = status_of(item, rule_for(rules, target.metric))
        rows.append(
            TargetRow(
                figures=item,
                status=status,
                status_label=str(STATUS_LABELS[status]),
                unit=unit_of(target.metric),
                chart=line_chart(
                    f"verlauf-{target.key}",
                    _("%(label)s: Plan und Ist je Monat (kumuliert)") % {"label": target.label},
                    series[target.pk],
                    is_money=target.metric == Metric.SPENDING,
                    unit=unit_of(target.metric),
                ),
            )
        )
    return rows


class RegionView(SteeringMixin, TemplateView):
    template_name = "steering/region.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = selectors.region_get(user, self.kwargs["region"])
        programme_year = selectors.programme_year_get(self.kwargs["year"])
        as_of = selectors.as_of_from(self.request.GET, programme_year)
        agreement = selectors.agreement_get(region, programme_year)
        version = selectors.binding_version(agreement)
        is_draft = False
        if version is None and agreement is not None:
            version = selectors.current_version(agreement)
            is_draft = version is not None
        targets = selectors.targets_of(version)
        rules = selectors.rules_of(programme_year)
        projects = (
            Project.objects.filter(region=region, programme_year=programme_year)
            .select_related("measure_type", "provider")
            .annotate(
                entries=Count(
                    "participants",
                    filter=Q(
                        participants__entered_on__gte=programme_year.first_day,
                        participants__entered_on__lte=as_of.day,
                    ),
                )
            )
            .order_by("code")
        )
        context = super().get_context_data(**kwargs)
        context.update(
            programme_year=programme_year,
            region=region,
            as_of=as_of,
            as_of_text=format_date(as_of.day),
            agreement=agreement,
            version=version,
            is_draft=is_draft,
            rows=region_target_rows(targets, as_of.day, rules),
            projects=list(projects),
            statewide=bool(can_view_statewide(user)),
            keep=[],
            plan_method=PLAN_METHOD,
            forecast_method=FORECAST_METHOD,
        )
        return context
