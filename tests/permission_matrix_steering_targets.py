"""Declared access rules of steering: targets, deviations and deviation rules (see
permission_matrix_steering.py).

The rules (zielwerk/steering/permissions.py): providers have no part in steering (403 with the
reason on every page); another region's pages do not exist for a region (404); programme-wide
staff read everything. Targets are edited with the agreement's own rule: Wiesbaden's version 1 is
signed and published, so everyone reads and nobody writes (403); Frankfurt's draft is edited by
the ministry only. The region explains its deviations, the ministry answers them, checks the
year and keeps the rules (others read the rules, 403 on writes).

Demo state used (zielwerk/demo/steering_targets.py): the AQB rules, Wiesbaden's targets on
version 1 and the accepted deviation "hib-eintritte". Open and explained deviations are created
by the kwargs callables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import LOGIN, Case, Expected, Redirect, roles

WI = {"year": 2024, "region": "wiesbaden"}
FR = {"year": 2024, "region": "frankfurt"}


def region_page(region: str, *, programme_wide: Expected, own: Expected) -> dict[str, Expected]:
    """A steering page of one region: programme-wide roles and the region's coordinator answer,
    the other region 404, the provider 403."""
    return roles(
        anonymous=LOGIN,
        admin=programme_wide,
        ministerium=programme_wide,
        rp_kassel=programme_wide,
        wiesbaden=own if region == "wiesbaden" else 404,
        frankfurt=own if region == "frankfurt" else 404,
        traeger_wiesbaden=403,
    )


def ministry_only(ministry: Expected) -> dict[str, Expected]:
    """Ministry (and admin acting as ministry) get `ministry`; every other signed-in role 403."""
    return roles(
        anonymous=LOGIN,
        admin=ministry,
        ministerium=ministry,
        rp_kassel=403,
        wiesbaden=403,
        frankfurt=403,
        traeger_wiesbaden=403,
    )


def everyone_reads(expected: Expected = 200) -> dict[str, Expected]:
    return roles(
        anonymous=LOGIN,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=expected,
        frankfurt=expected,
        traeger_wiesbaden=403,
    )


def _demo_deviation() -> dict[str, Any]:
    from zielwerk.steering.models import Deviation

    deviation = Deviation.objects.get(
        agreement__region__slug="wiesbaden", target_key="hib-eintritte"
    )
    return {"pk": deviation.pk}


def _wiesbaden_deviation(status: str) -> dict[str, Any]:
    """A deviation of Wiesbaden's FIB entries (above plan) in the given status."""
    from decimal import Decimal

    from zielwerk.steering.models import Deviation, DeviationRule, Target

    target = Target.objects.get(
        version__agreement__region__slug="wiesbaden",
        version__agreement__programme_year__year=2024,
        version__number=1,
        key="fib-eintritte",
    )
    deviation = Deviation.objects.filter(target=target, direction="above").first()
    if deviation is None:
        deviation = Deviation.objects.create(
            agreement=target.version.agreement,
            target=target,
            target_key=target.key,
            rule=DeviationRule.objects.get(programme__code="aqb", metric="entries"),
            direction="above",
            status=status,
            detected_on=dt.date(2024, 4, 2),
            checked_on=dt.date(2024, 4, 2),
            as_of=dt.date(2024, 3, 31),
            planned_to_date=Decimal("8.00"),
            actual=Decimal("11.00"),
            ratio_percent=Decimal("137.5"),
        )
    return {"pk": deviation.pk}


def _open_deviation() -> dict[str, Any]:
    return _wiesbaden_deviation("open")


def _explained_deviation() -> dict[str, Any]:
    return _wiesbaden_deviation("explained")


def _rule() -> dict[str, Any]:
    from zielwerk.steering.models import DeviationRule

    return {"pk": DeviationRule.objects.get(programme__code="aqb", metric="entries").pk}


RULE_DATA = {
    "programme": "aqb",
    "name": "Matrix-Regel",
    "metric": "regular_exits",
    "lower_percent": "75",
    "upper_percent": "",
    "min_elapsed_days": "60",
    "active": "on",
}


def _detail_of_fib_above() -> dict[str, Any]:
    from zielwerk.steering.models import Deviation

    pk = Deviation.objects.filter(target_key="fib-eintritte", direction="above").latest("pk").pk
    return {"pk": pk}


TO_DETAIL = Redirect("steering:deviation_detail", _detail_of_fib_above)
TO_RULES = Redirect("steering:rule_list")
TO_FRANKFURT_TARGETS = Redirect("steering:target_edit", FR)
REASON = {"reason": "Matrix: Begründung", "correction": "Matrix: Gegensteuerung"}
ANSWER = {"kind": "comment", "body": "Matrix: Kommentar"}

TARGET_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    "steering:target_edit": (
        Case("wiesbaden", region_page("wiesbaden", programme_wide=200, own=200), kwargs=WI),
        Case("frankfurt", region_page("frankfurt", programme_wide=200, own=200), kwargs=FR),
        # Wiesbaden's version is signed: nobody changes its targets.
        Case(
            "wiesbaden-post",
            region_page("wiesbaden", programme_wide=403, own=403),
            kwargs=WI,
            method="POST",
        ),
        # Frankfurt's draft: the ministry edits (an empty POST re-renders with the errors).
        Case(
            "frankfurt-post",
            {
                **region_page("frankfurt", programme_wide=403, own=403),
                "admin": 200,
                "ministerium": 200,
            },
            kwargs=FR,
            method="POST",
        ),
    ),
    "steering:target_propose": (
        Case(
            "wiesbaden",
            region_page("wiesbaden", programme_wide=403, own=403),
            kwargs=WI,
            method="POST",
        ),
        Case(
            "frankfurt",
            {
                **region_page("frankfurt", programme_wide=403, own=403),
                "admin": TO_FRANKFURT_TARGETS,
                "ministerium": TO_FRANKFURT_TARGETS,
            },
            kwargs=FR,
            method="POST",
        ),
    ),
    "steering:target_phases": (
        Case(
            "fib",
            region_page("wiesbaden", programme_wide=200, own=200),
            kwargs={**WI, "key": "fib-eintritte"},
        ),
        Case(
            "fib-post",
            region_page("wiesbaden", programme_wide=403, own=403),
            kwargs={**WI, "key": "fib-eintritte"},
            method="POST",
        ),
        Case(
            "missing",
            region_page("wiesbaden", programme_wide=404, own=404),
            kwargs={**WI, "key": "gibt-es-nicht"},
        ),
    ),
    "steering:deviation_list": (
        Case("wiesbaden", region_page("wiesbaden", programme_wide=200, own=200), kwargs=WI),
        Case("frankfurt", region_page("frankfurt", programme_wide=200, own=200), kwargs=FR),
    ),
    "steering:deviation_detail": (
        Case(
            "accepted",
            region_page("wiesbaden", programme_wide=200, own=200),
            kwargs=_demo_deviation,
        ),
    ),
    "steering:deviation_reason": (
        # An open deviation: the region's coordinator explains it, nobody else.
        Case(
            "open",
            region_page("wiesbaden", programme_wide=403, own=TO_DETAIL),
            kwargs=_open_deviation,
            method="POST",
            data=REASON,
        ),
        # The demo's deviation is accepted: no reason any more.
        Case(
            "accepted",
            region_page("wiesbaden", programme_wide=403, own=403),
            kwargs=_demo_deviation,
            method="POST",
            data=REASON,
        ),
    ),
    "steering:deviation_answer": (
        Case(
            "explained",
            {
                **region_page("wiesbaden", programme_wide=403, own=403),
                "admin": TO_DETAIL,
                "ministerium": TO_DETAIL,
            },
            kwargs=_explained_deviation,
            method="POST",
            data=ANSWER,
        ),
        Case(
            "accepted",
            region_page("wiesbaden", programme_wide=403, own=403),
            kwargs=_demo_deviation,
            method="POST",
            data=ANSWER,
        ),
    ),
    "steering:deviation_check": (
        Case("form", ministry_only(200), kwargs={"year": 2024}),
        Case(
            "run",
            ministry_only(Redirect("steering:deviation_check", {"year": 2024})),
            kwargs={"year": 2024},
            method="POST",
            data={"as_of": "30.06.2024"},
        ),
    ),
    "steering:rule_list": (Case("list", everyone_reads()),),
    "steering:rule_create": (
        Case("form", ministry_only(200)),
        Case("post", ministry_only(TO_RULES), method="POST", data=RULE_DATA),
    ),
    "steering:rule_edit": (
        # Everyone in steering reads a rule; only the ministry changes it.
        Case("read", everyone_reads(), kwargs=_rule),
        Case(
            "post",
            {**everyone_reads(403), "admin": TO_RULES, "ministerium": TO_RULES},
            kwargs=_rule,
            method="POST",
            data=RULE_DATA,
        ),
    ),
}
