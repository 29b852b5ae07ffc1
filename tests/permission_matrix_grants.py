"""Declared access rules of the grant procedure (projects, applications, decisions, payments,
proof of use), merged into DECLARATIONS by tests/permission_matrix.py.

The rules, from the issue and zielwerk/grants/permissions.py:

* The region's coordination plans the projects, submits the application, requests money and
  submits the proof of use; the grant authority (and the Fachadministration acting for it)
  reviews, decides, pays and checks; the ministry reads everything and writes nothing (403);
  another region gets 404 for everything of Wiesbaden's, like a missing object.
* A provider sees its own projects only (other projects: 404) and none of the procedure's pages:
  403 on a region's lists (applications, decisions, payments, proof of use), 404 on single objects.
* A step the status does not allow answers 403 with its reason.

Demo state used (zielwerk/demo/grants.py): Wiesbaden 2024 is decided (grant decision 1 issued,
two tranches paid, proof of use with an issued reclaim decision); FIB and HIB are run by
demo-traeger-wiesbaden, the other four projects by another (invented) provider; Wiesbaden has
no application for 2026. Objects a case needs beyond that (a draft decision, an open payment
request) are created by the kwargs callable inside the test's savepoint.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import (
    API,
    LOGIN,
    Case,
    Expected,
    Redirect,
    roles,
    signed_in,
)

WI_2024 = {"year": 2024, "region": "wiesbaden"}
WI_2026 = {"year": 2026, "region": "wiesbaden"}


def wiesbaden_region(
    *,
    programme_wide: Expected,
    ministry: Expected | None = None,
    authority: Expected | None = None,
    own: Expected,
    provider: Expected = 403,
    admin: Expected | None = None,
) -> dict[str, Expected]:
    """A page of Wiesbaden's procedure: frankfurt 404 (out of scope), the provider `provider`."""
    return roles(
        anonymous=LOGIN,
        admin=admin if admin is not None else programme_wide,
        ministerium=ministry if ministry is not None else programme_wide,
        rp_kassel=authority if authority is not None else programme_wide,
        wiesbaden=own,
        frankfurt=404,
        traeger_wiesbaden=provider,
    )


READ_ALL = wiesbaden_region(programme_wide=200, own=200)
REGION_WRITES = wiesbaden_region(programme_wide=403, own=200)
AUTHORITY_WRITES = wiesbaden_region(programme_wide=200, ministry=403, own=403, provider=404)
REFUSED = wiesbaden_region(programme_wide=403, own=403, provider=404)


def _api(answers: dict[str, Expected]) -> dict[str, Expected]:
    return {**answers, "anonymous": API}


# ---- lazy kwargs -------------------------------------------------------------------------------


def _decision(kind: str = "grant") -> Any:
    def kwargs() -> dict[str, Any]:
        from zielwerk.grants.models import Decision

        decision = (
            Decision.objects.filter(
                application__region__slug="wiesbaden",
                application__programme_year__year=2024,
                kind=kind,
            )
            .order_by("number")
            .first()
        )
        assert decision is not None, kind
        return {"pk": decision.pk}

    return kwargs


def _draft_amendment() -> dict[str, Any]:
    from zielwerk.accounts.models import User
    from zielwerk.grants.choices import DecisionKind
    from zielwerk.grants.models import Application
    from zielwerk.grants.services.decisions import decision_draft

    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    decision = decision_draft(
        actor=User.objects.get(username="rp-kassel"),
        application=application,
        kind=DecisionKind.AMENDMENT,
    )
    return {"pk": decision.pk}


def _template() -> dict[str, Any]:
    from zielwerk.grants.models import DecisionTemplate

    return {"pk": DecisionTemplate.objects.order_by("pk").values_list("pk", flat=True).first()}


def _open_request() -> Any:
    from decimal import Decimal

    from zielwerk.grants.models import Application, PaymentRequest

    application = Application.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    request = PaymentRequest.objects.create(
        application=application,
        number=99,
        amount=Decimal("1.00"),
        period_start="2024-11-01",
        period_end="2024-12-31",
    )
    return request


def _open_request_step(name: str) -> Any:
    def kwargs() -> dict[str, Any]:
        return {"pk": _open_request().pk, "name": name}

    return kwargs


def _payment() -> dict[str, Any]:
    from zielwerk.grants.models import Payment

    payment = Payment.objects.filter(request__application__region__slug="wiesbaden").first()
    assert payment is not None
    return {"pk": payment.pk}


def _payment_before_proof() -> dict[str, Any]:
    """The first payout, with the demo's proof of use set back to draft (in the savepoint)."""
    from zielwerk.grants.models import ProofOfUse

    ProofOfUse.objects.filter(application__region__slug="wiesbaden").update(status="draft")
    return _payment()


def _reclaim() -> dict[str, Any]:
    from zielwerk.grants.models import Reclaim

    reclaim = Reclaim.objects.filter(decision__application__region__slug="wiesbaden").first()
    assert reclaim is not None
    return {"pk": reclaim.pk}


GRANT_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    # ---- projects ----------------------------------------------------------------------------
    "projects:project_list": (
        Case(
            "wiesbaden-2024",
            wiesbaden_region(programme_wide=200, own=200, provider=200),
            kwargs=WI_2024,
        ),
    ),
    # Wiesbaden 2026 has no application yet: its coordination plans; 2024 is decided.
    "projects:project_create": (
        Case("wiesbaden-2026", wiesbaden_region(programme_wide=403, own=200), kwargs=WI_2026),
        Case("wiesbaden-2024-decided", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024),
    ),
    "projects:project_carry_over": (
        Case(
            "into-2025",
            wiesbaden_region(programme_wide=403, own=200),
            kwargs={"year": 2025, "region": "wiesbaden"},
        ),
    ),
    "projects:project_detail": (
        Case(
            "fib-own-provider",
            wiesbaden_region(programme_wide=200, own=200, provider=200),
            kwargs={"code": "WI-2024-FIB"},
        ),
        Case(
            "dik-other-provider",
            wiesbaden_region(programme_wide=200, own=200, provider=404),
            kwargs={"code": "WI-2024-DIK"},
        ),
        Case("missing", signed_in(404), kwargs={"code": "WI-2024-XXX"}),
    ),
    "projects:project_edit": (
        Case("fib-decided", REFUSED | {"traeger-wiesbaden": 403}, kwargs={"code": "WI-2024-FIB"}),
    ),
    "projects:project_plan": (
        Case("fib-decided", REFUSED | {"traeger-wiesbaden": 403}, kwargs={"code": "WI-2024-FIB"}),
    ),
    # ---- applications --------------------------------------------------------------------------
    "grants:overview": (
        Case(
            "2024",
            wiesbaden_region(programme_wide=200, own=200) | {"frankfurt": 200},
            kwargs={"year": 2024},
        ),
    ),
    # The application is one object: the provider gets 404 like for a missing one.
    "grants:application_detail": (
        Case("wiesbaden-2024", READ_ALL | {"traeger-wiesbaden": 404}, kwargs=WI_2024),
    ),
    "grants:application_create": (
        # Out of scope answers 404 before the method is looked at.
        Case("get", wiesbaden_region(programme_wide=405, own=405, provider=404), kwargs=WI_2026),
        Case(
            "post-2026",
            wiesbaden_region(
                programme_wide=403,
                own=Redirect("grants:application_detail", WI_2026),
                provider=404,
            ),
            kwargs=WI_2026,
            method="POST",
        ),
    ),
    "grants:application_edit": (Case("decided", REFUSED, kwargs=WI_2024),),
    "grants:application_transition": (
        Case("submit-decided", REFUSED, kwargs={**WI_2024, "name": "submit"}),
        Case(
            "unknown-step",
            REFUSED | {"admin": 404, "ministerium": 404, "rp-kassel": 404, "wiesbaden": 404},
            kwargs={**WI_2024, "name": "decide"},
        ),
    ),
    "grants:application_review": (Case("decided", REFUSED, kwargs={**WI_2024, "kind": "content"}),),
    # ---- decisions ---------------------------------------------------------------------------
    "grants:decision_list": (Case("wiesbaden-2024", READ_ALL, kwargs=WI_2024),),
    "grants:decision_create": (
        Case(
            "amendment",
            AUTHORITY_WRITES | {"traeger-wiesbaden": 403},
            kwargs={**WI_2024, "kind": "amendment"},
        ),
    ),
    "grants:decision_detail": (
        Case("grant", READ_ALL | {"traeger-wiesbaden": 404}, kwargs=_decision("grant")),
        Case("reclaim", READ_ALL | {"traeger-wiesbaden": 404}, kwargs=_decision("reclaim")),
    ),
    "grants:decision_edit": (
        Case("issued", REFUSED, kwargs=_decision("grant")),
        Case("draft", AUTHORITY_WRITES, kwargs=_draft_amendment),
    ),
    "grants:decision_issue": (
        Case("issued", REFUSED, kwargs=_decision("grant")),
        Case("draft", AUTHORITY_WRITES, kwargs=_draft_amendment),
    ),
    "grants:decision_delete": (
        Case("issued", REFUSED, kwargs=_decision("grant")),
        Case("draft", AUTHORITY_WRITES, kwargs=_draft_amendment),
    ),
    "grants:decision_document": (
        Case(
            "pdf",
            READ_ALL | {"traeger-wiesbaden": 404},
            kwargs=lambda: {**_decision("grant")(), "fmt": "pdf"},
        ),
        Case(
            "docx",
            READ_ALL | {"traeger-wiesbaden": 404},
            kwargs=lambda: {**_decision("reclaim")(), "fmt": "docx"},
        ),
        Case("odt", signed_in(404), kwargs=lambda: {**_decision("grant")(), "fmt": "odt"}),
    ),
    "grants:template_list": (
        Case(
            "list",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=200,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
        ),
    ),
    "grants:template_edit": (
        Case(
            "first",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=403,
                rp_kassel=200,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs=_template,
        ),
    ),
    # ---- payments ----------------------------------------------------------------------------
    "grants:payment_list": (Case("wiesbaden-2024", READ_ALL, kwargs=WI_2024),),
    "grants:payment_request_create": (Case("wiesbaden-2024", REGION_WRITES, kwargs=WI_2024),),
    "grants:payment_request_transition": (
        Case("approve-open", AUTHORITY_WRITES, kwargs=_open_request_step("approve")),
        Case("reject-open", AUTHORITY_WRITES, kwargs=_open_request_step("reject")),
    ),
    "grants:payment_used": (
        # The demo's proof of use is submitted (reclaim), so the usage days are closed for all.
        Case("first-payout-proof-submitted", REFUSED, kwargs=_payment),
        # Before the proof of use goes in, the region reports (or corrects) the day of use.
        Case(
            "first-payout-before-proof",
            REGION_WRITES | {"traeger-wiesbaden": 404},
            kwargs=_payment_before_proof,
        ),
    ),
    # ---- proof of use and reclaim ------------------------------------------------------------
    "grants:proof_detail": (Case("wiesbaden-2024", READ_ALL, kwargs=WI_2024),),
    "grants:proof_create": (
        Case(
            "get",
            wiesbaden_region(programme_wide=405, own=405, provider=403),
            kwargs=WI_2024,
        ),
        # The proof of use exists already (the demo's reclaim): refused for everyone in scope.
        Case("post-exists", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024, method="POST"),
    ),
    "grants:proof_edit": (
        Case("in-reclaim", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024),
    ),
    "grants:proof_redraft": (
        Case("in-reclaim", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024),
    ),
    "grants:proof_transition": (
        Case(
            "submit-in-reclaim",
            REFUSED | {"traeger-wiesbaden": 403},
            kwargs={**WI_2024, "name": "submit"},
        ),
    ),
    "grants:proof_review": (
        Case("in-reclaim", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024),
    ),
    "grants:reclaim_create": (
        Case("exists", REFUSED | {"traeger-wiesbaden": 403}, kwargs=WI_2024),
    ),
    # The reclaim decision is issued and not yet repaid: the authority records the repayment.
    "grants:reclaim_repaid": (
        Case("open", AUTHORITY_WRITES | {"traeger-wiesbaden": 403}, kwargs=_reclaim),
    ),
    # ---- API: reads are scoped like the pages (lists filter, objects 404); writes are POST/PUT
    # only, so the matrix's GET answers 405 – who may write is tested in each part's API tests.
    "api:project_list": (Case("all", signed_in(200, anonymous=API)),),
    "api:project_detail": (
        Case(
            "fib",
            _api(wiesbaden_region(programme_wide=200, own=200, provider=200)),
            kwargs={"code": "WI-2024-FIB"},
        ),
        Case(
            "dik",
            _api(wiesbaden_region(programme_wide=200, own=200, provider=404)),
            kwargs={"code": "WI-2024-DIK"},
        ),
    ),
    "api:project_plan_put": (
        Case("get", signed_in(405, anonymous=405), kwargs={"code": "WI-2024-FIB"}),
    ),
    "api:application_list": (Case("all", signed_in(200, anonymous=API)),),
    "api:application_detail": (
        # The provider runs FIB and HIB: it sees the application with its own projects only.
        Case(
            "wiesbaden-2024",
            _api(wiesbaden_region(programme_wide=200, own=200, provider=200)),
            kwargs={"year": 2024, "region_slug": "wiesbaden"},
        ),
    ),
    "api:application_step": (
        Case(
            "get",
            signed_in(405, anonymous=405),
            kwargs={"year": 2024, "region_slug": "wiesbaden", "name": "submit"},
        ),
    ),
    "api:decision_list": (Case("all", signed_in(200, anonymous=API) | {"traeger-wiesbaden": 403}),),
    "api:decision_get": (
        Case("grant", _api(READ_ALL | {"traeger-wiesbaden": 404}), kwargs=_decision("grant")),
    ),
    "api:payment_request_list": (
        Case("all", signed_in(200, anonymous=API) | {"traeger-wiesbaden": 403}),
    ),
    "api:payment_request_post": (
        Case("all", signed_in(200, anonymous=API) | {"traeger-wiesbaden": 403}),
    ),
    "api:payment_request_step": (
        Case("get", signed_in(405, anonymous=405), kwargs=_open_request_step("approve")),
    ),
    "api:payment_usage": (Case("get", signed_in(405, anonymous=405), kwargs=_payment),),
    "api:proof_list": (Case("all", signed_in(200, anonymous=API)),),
    "api:proof_detail": (
        Case(
            "wiesbaden-2024",
            _api(READ_ALL | {"traeger-wiesbaden": 404}),
            kwargs={"year": 2024, "region_slug": "wiesbaden"},
        ),
    ),
}
