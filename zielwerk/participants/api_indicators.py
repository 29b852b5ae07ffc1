"""GET /indicators: the same suppressed table as the page. Ministry, grant authority and admin see
every region, a region its own projects, a provider the projects it runs."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from zielwerk.core.api_errors import errors
from zielwerk.home.selectors import current_programme_year

from . import indicators as ind
from .permissions import can_view_indicators
from .views_indicators import scoped_projects

router = Router(tags=["Teilnehmende"])


class CellOut(Schema):
    value: int | None  # null when hidden or not collected
    display: str  # "12", "< 3", "x" or "nicht erhoben"


class RowOut(Schema):
    key: str
    label: str
    figures: dict[str, dict[str, CellOut]]


class IndicatorOut(Schema):
    code: str
    group: str
    label: str
    definition: str
    collected: bool


class IndicatorTableOut(Schema):
    year: int
    level: str
    suppressed: bool
    suppression_note: str
    age_note: str
    project_count: int
    indicators: list[IndicatorOut]
    rows: list[RowOut]
    total: RowOut


def _row(row: ind.Row) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "figures": {
            code: {
                column: {"value": cell.shown_value, "display": cell.display}
                for column, cell in cells.items()
            }
            for code, cells in row.cells.items()
        },
    }


@router.get("/indicators", response={200: IndicatorTableOut, **errors(403, 404)})
def indicators_get(
    request,
    year: int | None = None,
    region: str = "",
    measure_type: str = "",
    project: str = "",
    level: str = "project",
):
    """Indicator figures by gender (female, male, non_binary, diverse, total); counts of 1 or 2
    are hidden ("< 3") unless the caller's organisation runs every project in the table.
    Without `year`: the current programme year."""
    user = request.user
    can_view_indicators(user).enforce()
    if year is None:
        current = current_programme_year()
        if current is None:
            raise Http404(_("Es gibt noch kein Programmjahr."))
        year = current.year
    params = {"region": region, "measure_type": measure_type, "project": project}
    projects, _filters = scoped_projects(user, year, params)
    table = ind.indicator_table(user, projects, year=year, level=level)
    # The statewide project table has some 70,000 cells; validating each again as a CellOut
    # took 40 % of the response time (bench/api_lists.py). The payload is built from the same
    # types the schema declares (tests/security/test_api_schema.py checks it against the
    # document), so it is sent as it is.
    return JsonResponse(
        {
            "year": table.year,
            "level": table.level,
            "suppressed": table.suppressed,
            "suppression_note": str(ind.SUPPRESSION_NOTE),
            "age_note": str(ind.AGE_NOTE),
            "project_count": table.project_count,
            "indicators": [
                {
                    "code": i.code,
                    "group": i.group,
                    "label": str(i.label),
                    "definition": str(i.definition),
                    "collected": i.collected,
                }
                for i in table.indicators
            ],
            "rows": [_row(row) for row in table.rows],
            "total": _row(table.total),
        }
    )
