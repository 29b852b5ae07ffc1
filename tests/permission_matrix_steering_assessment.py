"""Declared access rules of steering: the year-end assessment (see permission_matrix_steering.py).

The rules (zielwerk/steering/permissions.py): the ministry (and the administration acting as it)
drafts, edits and finalises the assessment (can_assess); the grant authority and the region's
coordinator read it (403 on every write, with the reason); the other region gets 404 for
Wiesbaden's page, like a region that does not exist; providers have no part in steering (403).
A final assessment is refused to everyone (403, "abgeschlossen"). The statewide overview and its
exports are for programme-wide staff (can_view_statewide); regions and providers get 403, an
unknown export format 404.

The state a case needs (no assessment, a draft, a final one) is made by the kwargs callables
through the services, whatever the demo left: Wiesbaden's binding version 1 gets one target if
the targets' demo has none.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.permission_matrix import LOGIN, Case, Expected, Redirect, roles

WI = {"year": 2024, "region": "wiesbaden"}
FR = {"year": 2024, "region": "frankfurt"}
MISSING_YEAR = {"year": 2023, "region": "wiesbaden"}


def region_page(region: str, *, programme_wide: Expected, own: Expected) -> dict[str, Expected]:
    return roles(
        anonymous=LOGIN,
        admin=programme_wide,
        ministerium=programme_wide,
        rp_kassel=programme_wide,
        wiesbaden=own if region == "wiesbaden" else 404,
        frankfurt=own if region == "frankfurt" else 404,
        traeger_wiesbaden=403,
    )


def ministry_writes(
    region: str, ministry: Expected, *, others: Expected = 403
) -> dict[str, Expected]:
    """A write on a region's assessment: the ministry and admin get `ministry`; the authority and
    the region's own coordinator `others` (403), the other region 404, the provider 403."""
    return roles(
        anonymous=LOGIN,
        admin=ministry,
        ministerium=ministry,
        rp_kassel=others,
        wiesbaden=others if region == "wiesbaden" else 404,
        frankfurt=others if region == "frankfurt" else 404,
        traeger_wiesbaden=403,
    )


def statewide(expected: Expected = 200) -> dict[str, Expected]:
    return roles(
        anonymous=LOGIN,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=403,
        frankfurt=403,
        traeger_wiesbaden=403,
    )


def _wiesbaden_without_assessment() -> dict[str, Any]:
    from zielwerk.agreements.models import Agreement
    from zielwerk.steering.choices import Metric, TargetScope
    from zielwerk.steering.models import Assessment, Target

    agreement = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    Assessment.objects.filter(agreement=agreement).delete()
    version = agreement.versions.get(number=1)
    if not Target.objects.filter(version=version).exists():
        Target.objects.create(
            version=version,
            key="matrix-ausgaben",
            label="Ausgaben (Matrix)",
            metric=Metric.SPENDING,
            scope=TargetScope.REGION,
            value=Decimal("2483300.00"),
            period_from=dt.date(2024, 1, 1),
            period_to=dt.date(2024, 12, 31),
        )
    return WI


def _wiesbaden_draft() -> dict[str, Any]:
    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import Agreement
    from zielwerk.steering.services.assessment import assessment_create

    _wiesbaden_without_assessment()
    assessment_create(
        actor=User.objects.get(username="ministerium"),
        agreement=Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024),
    )
    return WI


def _wiesbaden_final() -> dict[str, Any]:
    from zielwerk.accounts.models import User
    from zielwerk.steering.models import Assessment
    from zielwerk.steering.services.assessment import assessment_finalise

    _wiesbaden_draft()
    assessment_finalise(
        actor=User.objects.get(username="ministerium"),
        assessment=Assessment.objects.get(
            agreement__region__slug="wiesbaden", agreement__programme_year__year=2024
        ),
    )
    return WI


def _overview_with_final() -> dict[str, Any]:
    _wiesbaden_final()
    return {}


def _pdf_with_final() -> dict[str, Any]:
    """The report with Wiesbaden's targets in it."""
    _wiesbaden_final()
    return {"fmt": "pdf"}


WI_PAGE = Redirect("steering:assessment", WI)

ASSESSMENT_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    # The page: everyone with steering reads it in scope (before and after it exists).
    "steering:assessment": (
        Case(
            "wiesbaden-none",
            region_page("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_without_assessment,
        ),
        Case(
            "wiesbaden-draft",
            region_page("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_draft,
        ),
        Case(
            "wiesbaden-final",
            region_page("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_final,
        ),
        Case("frankfurt", region_page("frankfurt", programme_wide=200, own=200), kwargs=FR),
        Case(
            "missing-year",
            region_page("wiesbaden", programme_wide=404, own=404),
            kwargs=MISSING_YEAR,
        ),
        # Editing: an empty form is shown again (400) to the ministry; others 403.
        Case(
            "post-draft-empty",
            ministry_writes("wiesbaden", 400),
            kwargs=_wiesbaden_draft,
            method="POST",
            data={},
        ),
        Case(
            "post-final",
            ministry_writes("wiesbaden", 403),
            kwargs=_wiesbaden_final,
            method="POST",
            data={},
        ),
    ),
    "steering:assessment_create": (
        Case("get", ministry_writes("wiesbaden", 405, others=405), kwargs=WI),
        Case(
            "post-wiesbaden",
            ministry_writes("wiesbaden", WI_PAGE),
            kwargs=_wiesbaden_without_assessment,
            method="POST",
            data={},
        ),
        # A second one is refused with a message on the page (redirect back).
        Case(
            "post-exists",
            ministry_writes("wiesbaden", WI_PAGE),
            kwargs=_wiesbaden_draft,
            method="POST",
            data={},
        ),
        # Frankfurt's agreement is a draft: refused with a message on the page.
        Case(
            "post-frankfurt-unsigned",
            ministry_writes("frankfurt", Redirect("steering:assessment", FR)),
            kwargs=FR,
            method="POST",
            data={},
        ),
    ),
    "steering:assessment_finalise": (
        Case("confirm-draft", ministry_writes("wiesbaden", 200), kwargs=_wiesbaden_draft),
        Case("confirm-final", ministry_writes("wiesbaden", 403), kwargs=_wiesbaden_final),
        # No assessment: nothing to finalise (404) – before anyone's permission is asked.
        Case(
            "none",
            ministry_writes("wiesbaden", 404, others=404),
            kwargs=_wiesbaden_without_assessment,
        ),
        Case(
            "post-draft",
            ministry_writes("wiesbaden", WI_PAGE),
            kwargs=_wiesbaden_draft,
            method="POST",
        ),
    ),
    "steering:assessment_overview": (
        Case("all", statewide()),
        Case("with-final", statewide(), kwargs=_overview_with_final),
    ),
    "steering:assessment_export": (
        Case("csv", statewide(), kwargs={"fmt": "csv"}),
        Case("xlsx", statewide(), kwargs={"fmt": "xlsx"}),
        Case("pdf-with-final", statewide(), kwargs=_pdf_with_final),
        Case("unknown-format", statewide(404), kwargs={"fmt": "json"}),
    ),
}
