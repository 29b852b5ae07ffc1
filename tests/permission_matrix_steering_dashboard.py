"""Declared access rules of steering: dashboard, region page and API (see
permission_matrix_steering.py).

The rules (zielwerk/steering/permissions.py): every steering page needs can_view_steering, so a
provider gets 403 everywhere. The statewide dashboard and its exports are for programme-wide staff
(admin, ministry, grant authority); a region's coordinator gets 403 there (with a link to its own
region). A region page is visible within the region scope: programme-wide staff see every region,
a coordinator its own; another region answers 404, like a slug that does not exist. The API
follows the same rules; its statewide rows are open to coordinators too, narrowed to their own
row. /steuerung/ sends programme-wide staff to the dashboard of the current year and a
coordinator to its region's page.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import API, LOGIN, Case, Expected, Redirect, roles


def _current_year() -> dict[str, Any]:
    from zielwerk.home.selectors import current_programme_year

    programme_year = current_programme_year()
    assert programme_year is not None
    return {"year": programme_year.year}


def _region_of(slug: str):
    def kwargs() -> dict[str, Any]:
        return {**_current_year(), "region": slug}

    return kwargs


def statewide(expected: Expected, *, coordinators: Expected = 403) -> dict[str, Expected]:
    return roles(
        anonymous=LOGIN,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=coordinators,
        frankfurt=coordinators,
        traeger_wiesbaden=403,
    )


def region_page(region: str, expected: Expected = 200) -> dict[str, Expected]:
    return roles(
        anonymous=LOGIN,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=expected if region == "wiesbaden" else 404,
        frankfurt=expected if region == "frankfurt" else 404,
        traeger_wiesbaden=403,
    )


def api(answers: dict[str, Expected]) -> dict[str, Expected]:
    return {**answers, "anonymous": API}


Y2024 = {"year": 2024}
WIESBADEN = {"year": 2024, "region": "wiesbaden"}
FRANKFURT = {"year": 2024, "region": "frankfurt"}
MISSING = {"year": 2024, "region": "gibt-es-nicht"}
DASHBOARD = Redirect("steering:dashboard", _current_year)
TO_LOGIN = Redirect("accounts:login")

DASHBOARD_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    "steering:index": (
        Case(
            "start",
            roles(
                anonymous=LOGIN,
                admin=DASHBOARD,
                ministerium=DASHBOARD,
                rp_kassel=DASHBOARD,
                wiesbaden=Redirect("steering:region", _region_of("wiesbaden")),
                frankfurt=Redirect("steering:region", _region_of("frankfurt")),
                traeger_wiesbaden=403,
            ),
        ),
    ),
    "steering:dashboard": (
        Case("2024", statewide(200), kwargs=Y2024),
        # With a query the login redirect's next= carries it too: checked without next here.
        Case(
            "2024-as-of",
            {**statewide(200), "anonymous": TO_LOGIN},
            kwargs=Y2024,
            data={"stichtag": "30.06.2024"},
        ),
        Case(
            "sorted",
            {**statewide(200), "anonymous": TO_LOGIN},
            kwargs=Y2024,
            data={"sort": "paid", "dir": "desc"},
        ),
        Case("missing-year", statewide(404), kwargs={"year": 2023}),
    ),
    "steering:dashboard_export": (
        Case("csv", statewide(200), kwargs={"year": 2024, "fmt": "csv"}),
        Case("xlsx", statewide(200), kwargs={"year": 2024, "fmt": "xlsx"}),
        Case("unknown-format", statewide(404), kwargs={"year": 2024, "fmt": "pdf"}),
    ),
    "steering:region": (
        Case("wiesbaden", region_page("wiesbaden"), kwargs=WIESBADEN),
        Case("frankfurt", region_page("frankfurt"), kwargs=FRANKFURT),
        Case("missing", region_page("none", 404), kwargs=MISSING),
        Case("missing-year", region_page("wiesbaden", 404), kwargs={**WIESBADEN, "year": 2023}),
    ),
    # API: the statewide rows are open to coordinators (their own row only).
    "api:steering_regions": (Case("2024", api(statewide(200, coordinators=200)), kwargs=Y2024),),
    "api:steering_region_targets": (
        Case("wiesbaden", api(region_page("wiesbaden")), kwargs=WIESBADEN),
        Case("missing", api(region_page("none", 404)), kwargs=MISSING),
    ),
    "api:steering_region_deviations": (
        Case("wiesbaden", api(region_page("wiesbaden")), kwargs=WIESBADEN),
        Case("frankfurt", api(region_page("frankfurt")), kwargs=FRANKFURT),
    ),
}
