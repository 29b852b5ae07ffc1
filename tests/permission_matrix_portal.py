"""Declared access rules: the public portal "Arbeitswelt Hessen" (merged by
tests/permission_matrix.py).

The portal (/portal/) needs no login and shows published agreement versions only: a draft, a
missing agreement and a year that does not exist answer 404 for everyone, signed in or not.
The old addresses under /oeffentlich/ answer 301 (moved permanently) for everyone. The ministry's
list of feedback (/rueckmeldungen/) belongs to the ministry and the administration: 403 for every
other role, the login page for anonymous people.

Demo data used: Wiesbaden 2024 published (version 1), Frankfurt 2024 a draft, programme years
2024-2026 (1999 does not exist). Whether the demo stores Wiesbaden's signed PDF
(zielwerk/demo/portal.py) does not matter: the cases set or remove it themselves.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import (
    EVERYONE_200,
    EVERYONE_404,
    LOGIN,
    Case,
    _wiesbaden_with_signed_pdf,
    roles,
)

WIESBADEN = {"year": 2024, "region": "wiesbaden"}
FRANKFURT = {"year": 2024, "region": "frankfurt"}
MISSING = {"year": 2023, "region": "wiesbaden"}
EVERYONE_301 = {role: 301 for role in EVERYONE_200}

MINISTRY_ONLY = roles(
    anonymous=LOGIN,
    admin=200,
    ministerium=200,
    rp_kassel=403,
    wiesbaden=403,
    frankfurt=403,
    traeger_wiesbaden=403,
)


def _portal_with_signed_pdf() -> dict[str, Any]:
    _wiesbaden_with_signed_pdf()
    return WIESBADEN


def _portal_without_signed_pdf() -> dict[str, Any]:
    from zielwerk.agreements.models import AgreementVersion

    AgreementVersion.objects.filter(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024
    ).update(signed_pdf="", signed_pdf_sha256="")
    return WIESBADEN


def _feedback() -> dict[str, Any]:
    from zielwerk.portal.models import Feedback
    from zielwerk.portal.services import feedback_submit

    feedback = Feedback.objects.first() or feedback_submit(message="Matrix-Rückmeldung")
    return {"pk": feedback.pk}


def _agreement_data() -> tuple[Case, ...]:
    return (
        Case("wiesbaden-published", EVERYONE_200, kwargs=WIESBADEN),
        Case("frankfurt-draft", EVERYONE_404, kwargs=FRANKFURT),
        Case("missing", EVERYONE_404, kwargs=MISSING),
    )


PORTAL_DECLARATIONS: dict = {
    "portal:start": (Case("start", EVERYONE_200),),
    "portal:agreement_list": (Case("list", EVERYONE_200),),
    "portal:agreement_detail": (
        Case("wiesbaden-published", EVERYONE_200, kwargs=WIESBADEN),
        Case("frankfurt-draft", EVERYONE_404, kwargs=FRANKFURT),
        Case("missing", EVERYONE_404, kwargs=MISSING),
    ),
    "portal:agreement_signed_pdf": (
        Case("no-scan", EVERYONE_404, kwargs=_portal_without_signed_pdf),
        Case("uploaded", EVERYONE_200, kwargs=_portal_with_signed_pdf),
        Case("frankfurt-draft", EVERYONE_404, kwargs=FRANKFURT),
    ),
    "portal:agreement_document": (
        Case("wiesbaden-pdf", EVERYONE_200, kwargs={**WIESBADEN, "fmt": "pdf"}),
        # Word drafts are for the parties, and drafts are never public.
        Case("wiesbaden-docx", EVERYONE_404, kwargs={**WIESBADEN, "fmt": "docx"}),
        Case("frankfurt-draft-pdf", EVERYONE_404, kwargs={**FRANKFURT, "fmt": "pdf"}),
    ),
    "portal:agreement_data_json": _agreement_data(),
    "portal:agreement_data_csv": _agreement_data(),
    "portal:key_figures": (
        Case("2024", EVERYONE_200, kwargs={"year": 2024}),
        Case("missing-year", EVERYONE_404, kwargs={"year": 1999}),
    ),
    "portal:allocation": (
        Case("2024", EVERYONE_200, kwargs={"year": 2024}),
        Case("missing-year", EVERYONE_404, kwargs={"year": 1999}),
    ),
    "portal:dcat_jsonld": (Case("catalogue", EVERYONE_200),),
    "portal:dcat_ttl": (Case("catalogue", EVERYONE_200),),
    "portal:accessibility": (Case("statement", EVERYONE_200),),
    # GET only: a POST stores feedback and counts against the per-address rate limit; the
    # feedback tests (zielwerk/portal/tests/test_feedback.py) cover it.
    "portal:feedback_create": (Case("form", EVERYONE_200),),
    "portal:feedback_list": (Case("list", MINISTRY_ONLY),),
    "portal:feedback_detail": (
        Case("detail", MINISTRY_ONLY, kwargs=_feedback),
        Case("missing", {**MINISTRY_ONLY, "admin": 404, "ministerium": 404}, kwargs={"pk": 999999}),
    ),
    "portal:legacy_start": (Case("old-start", EVERYONE_301),),
    "portal:legacy_redirect": (
        Case("old-list", EVERYONE_301, kwargs={"rest": "zielvereinbarungen/"}),
        Case("old-detail", EVERYONE_301, kwargs={"rest": "zielvereinbarungen/2024/wiesbaden/"}),
    ),
}
