"""The declared access rules: for every named URL, what each demo role gets.

`tests/test_permission_matrix.py` walks the URL table and fails for a URL name that is not declared
here (a new view needs a rule before it can be merged) and for a declaration whose URL is gone.
Every declaration is a tuple of `Case`s; each case is requested once per role.

The expected values come from the rules, not from running the code:

* Everything outside the login page, the language switch and the API schema needs a login:
  anonymous people are redirected to the login page (HTML) or get 401 (API).
* Public-sector organisations (Land, ministry, grant authority, region administrations) are visible
  to everyone signed in. A provider (Träger) is visible only to programme-wide staff (admin,
  ministry, grant authority), its own people and the coordinators of the regions it works for;
  to anyone else it answers 404, exactly like a slug that does not exist.
* Contact details are changed by the organisation itself, the ministry or the administration
  (403 for everyone else who can see the organisation).
* The audit log and its export belong to the administration alone (403 for other roles).
* The ZIP of all agreements of a programme year is exported by the ministry and the
  administration only (403 for other roles, before the year is looked up).
* Agreements (Zielvereinbarungen): programme-wide staff see all of them, a region's people see
  their region's (everyone else: 404, like a missing one); providers have no agreement list
  (403). Workflow steps, amendments and the draft are the ministry's (and the administration's);
  the region's coordinator edits and comments from the negotiation on; the grant authority only
  reads. A step or an edit the status does not allow is refused with 403 and its reason.
* The public portal (`/portal/`) needs no login and shows published agreements only: a draft
  answers 404 there, for everyone (declared in tests/permission_matrix_portal.py).
* A notification can be marked read by its recipient only, an API token on the account page
  revoked by its owner only; someone else's answers 404.
* The Django admin is the Fachadministration's tool (AdminSite.has_permission); of the demo
  accounts only `admin` gets in, everyone else is sent to the admin's own login page.

Demo data used (see zielwerk/demo/data.py): the agreements 2024 of Wiesbaden (signed and
published, no scan of the signed PDF) and Frankfurt am Main (draft, version 1),
`verwaltung-wiesbaden` (region administration),
`rp-kassel-dez-57` (grant authority), `demo-traeger-wiesbaden` (provider working for Wiesbaden),
programme years AQB 2024-2026, and one "Neue Rolle" notification per non-admin demo user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "admin",
    "ministerium",
    "rp-kassel",
    "wiesbaden",
    "frankfurt",
    "traeger-wiesbaden",
)

PUBLIC_ORG = "verwaltung-wiesbaden"
AUTHORITY_ORG = "rp-kassel-dez-57"
PROVIDER_ORG = "demo-traeger-wiesbaden"
MISSING_SLUG = "gibt-es-nicht"


@dataclass(frozen=True)
class Redirect:
    """A 302 to the URL named `to`; `with_next` expects `?next=<the requested path>`."""

    to: str
    kwargs: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    with_next: bool = False

    def resolved_kwargs(self) -> Mapping[str, Any]:
        """A callable is evaluated after the request (the target may be created by it)."""
        return self.kwargs() if callable(self.kwargs) else self.kwargs


@dataclass(frozen=True)
class AdminLetIn:
    """The admin site let the admin in: no redirect to the admin login and no server error.
    What the page then answers (200, 403 for an action the ModelAdmin forbids, 302 to the admin
    index for an object that does not exist) is Django's own admin behaviour."""


LOGIN = Redirect("accounts:login", with_next=True)
ADMIN_LOGIN = Redirect("admin:login", with_next=True)
ADMIN_INDEX = Redirect("admin:index")
LET_IN = AdminLetIn()

Expected = int | Redirect | AdminLetIn
Kwargs = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class Case:
    label: str
    expect: Mapping[str, Expected]
    kwargs: Kwargs = field(default_factory=dict)
    method: str = "GET"
    data: Mapping[str, Any] | None = None

    def resolved_kwargs(self) -> Mapping[str, Any]:
        """The reverse() kwargs; a callable is evaluated at test time (it may need the database)."""
        return self.kwargs() if callable(self.kwargs) else self.kwargs


def roles(
    *,
    anonymous: Expected,
    admin: Expected,
    ministerium: Expected,
    rp_kassel: Expected,
    wiesbaden: Expected,
    frankfurt: Expected,
    traeger_wiesbaden: Expected,
) -> dict[str, Expected]:
    """One expectation per demo role; keyword-only so that no role can be forgotten."""
    return {
        "anonymous": anonymous,
        "admin": admin,
        "ministerium": ministerium,
        "rp-kassel": rp_kassel,
        "wiesbaden": wiesbaden,
        "frankfurt": frankfurt,
        "traeger-wiesbaden": traeger_wiesbaden,
    }


def no_providers(
    *,
    admin: Expected,
    ministerium: Expected,
    rp_kassel: Expected,
    wiesbaden: Expected,
    frankfurt: Expected,
) -> dict[str, Expected]:
    """Pages of the public-sector side (steering, surveys, conferences): anonymous people log
    in first, providers are always refused."""
    return roles(
        anonymous=LOGIN,
        admin=admin,
        ministerium=ministerium,
        rp_kassel=rp_kassel,
        wiesbaden=wiesbaden,
        frankfurt=frankfurt,
        traeger_wiesbaden=403,
    )


def signed_in(expected: Expected, *, anonymous: Expected = LOGIN) -> dict[str, Expected]:
    """The same answer for every signed-in role."""
    return roles(
        anonymous=anonymous,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=expected,
        frankfurt=expected,
        traeger_wiesbaden=expected,
    )


def admin_only(*, others: Expected, anonymous: Expected, admin: Expected = 200):
    return roles(
        anonymous=anonymous,
        admin=admin,
        ministerium=others,
        rp_kassel=others,
        wiesbaden=others,
        frankfurt=others,
        traeger_wiesbaden=others,
    )


def admin_site(admin: Expected = 200) -> dict[str, Expected]:
    """A page behind AdminSite.admin_view: only `admin` gets in, everyone else is sent to the
    admin login (the admin site has its own login page, not the app's)."""
    return admin_only(admin=admin, others=ADMIN_LOGIN, anonymous=ADMIN_LOGIN)


# ---- lazy kwargs: primary keys of demo objects, looked up when the test runs -----------------


def _organisation_pk(slug: str) -> Callable[[], dict[str, Any]]:
    def kwargs() -> dict[str, Any]:
        from zielwerk.organisations.models import Organisation

        return {"object_id": Organisation.objects.get(slug=slug).pk}

    return kwargs


def _user_pk(username: str, key: str = "object_id") -> Callable[[], dict[str, Any]]:
    def kwargs() -> dict[str, Any]:
        from zielwerk.accounts.models import User

        return {key: User.objects.get(username=username).pk}

    return kwargs


def _first_audit_entry() -> dict[str, Any]:
    from zielwerk.core.models import AuditEntry

    return {"object_id": AuditEntry.objects.order_by("pk").values_list("pk", flat=True)[0]}


def _notification_of(username: str) -> Callable[[], dict[str, Any]]:
    def kwargs() -> dict[str, Any]:
        from zielwerk.notifications.models import Notification

        # The "Neue Rolle" notice links to the start page (the grant procedure's notices link to
        # their objects).
        notices = Notification.objects.filter(recipient__username=username, link="/")
        return {"pk": notices.latest("pk").pk}

    return kwargs


def _token_of(username: str) -> Callable[[], dict[str, Any]]:
    """A fresh API token of that account (created inside the test's transaction)."""

    def kwargs() -> dict[str, Any]:
        from zielwerk.accounts.models import User
        from zielwerk.accounts.services import api_token_create

        owner = User.objects.get(username=username)
        token, _raw = api_token_create(actor=owner, owner=owner, name="Matrix")
        return {"pk": token.pk}

    return kwargs


def _app_for(username: str) -> Callable[[], dict[str, Any]]:
    """A confirmed authenticator app for that account (created inside the test's transaction)."""

    def kwargs() -> dict[str, Any]:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from zielwerk.accounts.models import User

        TOTPDevice.objects.create(
            user=User.objects.get(username=username), name="Matrix", confirmed=True
        )
        return {}

    return kwargs


def _someones_totp_device() -> dict[str, Any]:
    """An app of an account outside the demo roles (so no requesting role has to verify)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zielwerk.accounts.models import User

    owner = User.objects.create(username="matrix-app-owner")
    device = TOTPDevice.objects.create(user=owner, name="Matrix", confirmed=True)
    return {"pk": device.pk}


def _organisation_on_site() -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    from zielwerk.organisations.models import Organisation

    return {
        "content_type_id": ContentType.objects.get_for_model(Organisation).pk,
        "object_id": Organisation.objects.get(slug=PUBLIC_ORG).pk,
    }


def _agreement(region: str, **extra: Any) -> Callable[[], dict[str, Any]]:
    def kwargs() -> dict[str, Any]:
        from zielwerk.agreements.models import Agreement

        pk = Agreement.objects.get(region__slug=region, programme_year__year=2024).pk
        return {"pk": pk, **extra}

    return kwargs


def _wiesbaden_without_scan() -> dict[str, Any]:
    """Version 1 of Wiesbaden 2024 without its stored scan (the demo keeps one for the portal)."""
    from zielwerk.agreements.models import AgreementVersion

    AgreementVersion.objects.filter(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    ).update(signed_pdf="")
    return _agreement("wiesbaden", number=1)()


def _wiesbaden_with_signed_pdf() -> dict[str, Any]:
    """Wiesbaden's version 1 with a scan attached, as the signing step stores it (the demo has
    none); the test's transaction and the in-memory storage take it away afterwards."""
    import hashlib

    from django.core.files.base import ContentFile

    from zielwerk.agreements.models import AgreementVersion

    content = b"%PDF-1.4\n% Matrix\n%%EOF\n"
    version = AgreementVersion.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    )
    version.signed_pdf.save("matrix.pdf", ContentFile(content), save=False)
    version.signed_pdf_sha256 = hashlib.sha256(content).hexdigest()
    version.save()
    return {"pk": version.agreement_id, "number": 1}


def _wiesbaden_attachment_pk() -> int:
    """An Anlage on Wiesbaden's version 1, stored as the upload stores it (the demo has none)."""
    import hashlib

    from django.core.files.base import ContentFile

    from zielwerk.accounts.models import User
    from zielwerk.agreements.models import AgreementVersion, Attachment

    content = b"%PDF-1.4\n% Matrix-Anlage\n%%EOF\n"
    version = AgreementVersion.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    )
    attachment = Attachment(
        version=version,
        title="Matrix-Anlage",
        original_name="matrix-anlage.pdf",
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=User.objects.get(username="ministerium"),
    )
    attachment.file.save("matrix-anlage.pdf", ContentFile(content), save=False)
    attachment.save()
    return attachment.pk


def _wiesbaden_attachment() -> dict[str, Any]:
    return {**WIESBADEN_AGREEMENT(), "attachment_pk": _wiesbaden_attachment_pk()}


def _wiesbaden_attachment_under_frankfurt() -> dict[str, Any]:
    """Wiesbaden's Anlage asked for through Frankfurt's agreement: not Frankfurt's, so 404."""
    return {**FRANKFURT_AGREEMENT(), "attachment_pk": _wiesbaden_attachment_pk()}


# ---- answers shared by several declarations ---------------------------------------------------

# A provider: programme-wide roles, its own staff and the coordinator of Wiesbaden (the region it
# works for) see it; Frankfurt does not, and gets the same 404 as for a missing slug.
PROVIDER_VISIBILITY = roles(
    anonymous=LOGIN,
    admin=200,
    ministerium=200,
    rp_kassel=200,
    wiesbaden=200,
    frankfurt=404,
    traeger_wiesbaden=200,
)

API = 401  # anonymous answer of every data endpoint of the API


def _api_visibility(html: Mapping[str, Expected]) -> dict[str, Expected]:
    return {**html, "anonymous": API}


CONTACT_POST = {
    "unit": "Amt für Soziale Arbeit",
    "email": "aqb@wiesbaden.invalid",
    "phone": "0611 310000",
    "address": "Konradinerallee 11\n65189 Wiesbaden",
    "reason": "Matrix-Test",
}


def wiesbadens_own(own: Expected) -> dict[str, Expected]:
    """An object that belongs to the account `wiesbaden`: 404 for every other account."""
    return roles(
        anonymous=LOGIN,
        admin=404,
        ministerium=404,
        rp_kassel=404,
        wiesbaden=own,
        frankfurt=404,
        traeger_wiesbaden=404,
    )


DETAIL_PUBLIC = Redirect("organisations:organisation_detail", {"slug": PUBLIC_ORG})


def agreement_of(region: str, *, programme_wide: Expected, own: Expected) -> dict[str, Expected]:
    """An agreement's page: programme-wide roles and the region's own coordinator get an answer,
    everyone else 404 (the other region and the provider, which has no agreements)."""
    wiesbaden = own if region == "wiesbaden" else 404
    frankfurt = own if region == "frankfurt" else 404
    return roles(
        anonymous=LOGIN,
        admin=programme_wide,
        ministerium=programme_wide,
        rp_kassel=programme_wide,
        wiesbaden=wiesbaden,
        frankfurt=frankfurt,
        traeger_wiesbaden=404,
    )


def ministry_step(region: str, *, ministry: Expected, region_answer: Expected = 403):
    """A step only the ministry takes: admin and ministry get `ministry`; the grant authority
    and the region's own coordinator 403 (with the reason); the rest 404 (out of scope)."""
    answers = agreement_of(region, programme_wide=403, own=region_answer)
    return {**answers, "admin": ministry, "ministerium": ministry}


WIESBADEN_AGREEMENT = _agreement("wiesbaden")
FRANKFURT_AGREEMENT = _agreement("frankfurt")
FRANKFURT_DETAIL = Redirect("agreements:agreement_detail", FRANKFURT_AGREEMENT)
WIESBADEN_DETAIL = Redirect("agreements:agreement_detail", WIESBADEN_AGREEMENT)


# ---- budgets ---------------------------------------------------------------------------------


def _allocation(region: str) -> Callable[[], dict[str, Any]]:
    def kwargs() -> dict[str, Any]:
        from zielwerk.budgets.models import Allocation

        return {"pk": Allocation.objects.get(region__slug=region, programme_year__year=2024).pk}

    return kwargs


def programme_wide(expected: Expected, *, others: Expected = 403) -> dict[str, Expected]:
    """Budgets: admin, ministry and grant authority; every other role is refused (403) before
    anything is looked up."""
    return roles(
        anonymous=LOGIN,
        admin=expected,
        ministerium=expected,
        rp_kassel=expected,
        wiesbaden=others,
        frankfurt=others,
        traeger_wiesbaden=others,
    )


def budget_manager(expected: Expected) -> dict[str, Expected]:
    """Budget writes: the ministry and the administration (can_manage_budget); 403 for the rest."""
    return admin_only(others=403, anonymous=LOGIN, admin=expected) | {"ministerium": expected}


def _demo_key() -> dict[str, Any]:
    """The demo's manual key of 2024 (see zielwerk/demo/data.py, seed_allocations)."""
    from zielwerk.budgets.models import DistributionKey

    return {"pk": DistributionKey.objects.get(programme_year__year=2024, is_manual=True).pk}


def _wiesbaden_letter() -> dict[str, Any]:
    """Wiesbaden's allocation with a revised version 2 (the demo has only the announced one),
    created directly so that its agreement stays as the demo has it."""
    import datetime as dt
    from decimal import Decimal

    from zielwerk.budgets.choices import AllocationStatus
    from zielwerk.budgets.models import Allocation, AllocationVersion

    allocation = Allocation.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    AllocationVersion.objects.get_or_create(
        allocation=allocation,
        number=2,
        defaults={
            "status": AllocationStatus.REVISED,
            "amount": Decimal("2400000.00"),
            "effective_on": dt.date(2024, 7, 1),
            "reason": "Matrix",
        },
    )
    return {"pk": allocation.pk, "number": 2}


WIESBADEN_ALLOCATION = _allocation("wiesbaden")
BUDGET_2024 = Redirect("budgets:overview", {"year": 2024})
REVISE_POST = {"amount": "2.500.000,00", "effective_on": "2024-07-01", "reason": "Matrix"}
EVERYONE_200 = signed_in(200, anonymous=200)
EVERYONE_404 = signed_in(404, anonymous=404)

DECLARATIONS: dict[str, tuple[Case, ...]] = {
    # ---- home ----------------------------------------------------------------------------------
    "home:start": (Case("start", signed_in(200)),),
    "home:audit_list": (Case("audit", admin_only(others=403, anonymous=LOGIN)),),
    "home:audit_export": (Case("csv", admin_only(others=403, anonymous=LOGIN)),),
    # ---- accounts ------------------------------------------------------------------------------
    # The login page is public; a signed-in person is sent on to the start page.
    "accounts:login": (Case("form", signed_in(Redirect("home:start"), anonymous=200)),),
    # Logging out is POST only (no logout by a crafted link); it always ends on the login page.
    "accounts:logout": (
        Case("get", signed_in(405, anonymous=405)),
        Case(
            "post",
            signed_in(Redirect("accounts:login"), anonymous=Redirect("accounts:login")),
            method="POST",
        ),
    ),
    # "Mein Konto": every signed-in person sees and manages their own account and API tokens; a
    # token of someone else does not exist for them (404), for the administration too (it revokes
    # tokens in the admin, not through another person's account page).
    "accounts:account_detail": (Case("own", signed_in(200)),),
    "accounts:apitoken_create": (
        Case(
            # The new token is shown once, on the answer to the POST itself.
            "post",
            signed_in(200),
            method="POST",
            data={"name": "Matrix", "valid_days": 30},
        ),
        Case("post-invalid", signed_in(400), method="POST", data={"name": "", "valid_days": 0}),
        Case("get", signed_in(405)),
    ),
    "accounts:apitoken_revoke": (
        Case("confirm-wiesbadens", wiesbadens_own(200), kwargs=_token_of("wiesbaden")),
        Case(
            "post-wiesbadens",
            wiesbadens_own(Redirect("accounts:account_detail")),
            kwargs=_token_of("wiesbaden"),
            method="POST",
        ),
    ),
    # Two-factor pages (tests/security/test_auth.py walks the flows with the requirement on; here
    # it is off, as in local development, and the demo accounts have no app). The code step has
    # nothing to check without an app and sends on to the start page; everyone may set one up;
    # removing needs an app first (back to the account page). Wiesbaden with an app but an
    # unverified session (force_login) reaches only the code step.
    "accounts:two_factor_verify": (
        Case("no-app", signed_in(Redirect("home:start"))),
        Case(
            "wiesbaden-with-app",
            signed_in(Redirect("home:start")) | {"wiesbaden": 200},
            kwargs=_app_for("wiesbaden"),
        ),
    ),
    "accounts:two_factor_setup": (
        Case("form", signed_in(200)),
        Case("post-wrong-code", signed_in(400), method="POST", data={"code": "abcdef"}),
        Case(
            "wiesbaden-with-app",
            signed_in(200) | {"wiesbaden": Redirect("accounts:two_factor_verify")},
            kwargs=_app_for("wiesbaden"),
        ),
    ),
    "accounts:two_factor_remove": (
        Case("no-app", signed_in(Redirect("accounts:account_detail"))),
        Case(
            "post-no-app",
            signed_in(Redirect("accounts:account_detail")),
            method="POST",
        ),
        Case(
            "wiesbaden-with-app",
            signed_in(Redirect("accounts:account_detail"))
            | {"wiesbaden": Redirect("accounts:two_factor_verify")},
            kwargs=_app_for("wiesbaden"),
        ),
    ),
    # ---- organisations -------------------------------------------------------------------------
    "organisations:organisation_list": (Case("list", signed_in(200)),),
    "organisations:organisation_detail": (
        Case("public", signed_in(200), kwargs={"slug": PUBLIC_ORG}),
        Case("provider", PROVIDER_VISIBILITY, kwargs={"slug": PROVIDER_ORG}),
        Case("missing", signed_in(404), kwargs={"slug": MISSING_SLUG}),
    ),
    "organisations:organisation_contact_update": (
        Case(
            "own-region",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=403,
                wiesbaden=200,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs={"slug": PUBLIC_ORG},
        ),
        Case(
            "own-authority",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=200,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs={"slug": AUTHORITY_ORG},
        ),
        Case(
            # Wiesbaden sees the provider but may not change it; Frankfurt does not see it at all.
            "provider",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=404,
                traeger_wiesbaden=200,
            ),
            kwargs={"slug": PROVIDER_ORG},
        ),
        Case("missing", signed_in(404), kwargs={"slug": MISSING_SLUG}),
        Case(
            "post-own-region",
            roles(
                anonymous=LOGIN,
                admin=DETAIL_PUBLIC,
                ministerium=DETAIL_PUBLIC,
                rp_kassel=403,
                wiesbaden=DETAIL_PUBLIC,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs={"slug": PUBLIC_ORG},
            method="POST",
            data=CONTACT_POST,
        ),
    ),
    "organisations:region_list": (Case("list", signed_in(200)),),
    # ---- programmes ----------------------------------------------------------------------------
    "programmes:programmeyear_list": (Case("list", signed_in(200)),),
    "programmes:programmeyear_detail": (
        Case("aqb-2024", signed_in(200), kwargs={"programme": "aqb", "year": 2024}),
        Case("aqb-2026", signed_in(200), kwargs={"programme": "aqb", "year": 2026}),
        Case("missing-year", signed_in(404), kwargs={"programme": "aqb", "year": 2023}),
    ),
    # ---- agreements: documents ---------------------------------------------------------------
    # The ZIP of all agreements of a year is the ministry's (and the administration's) export; every
    # other role gets 403, whether the year exists or not.
    "agreements:agreement_year_zip": (
        Case(
            "aqb-2024",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs={"year": 2024},
        ),
        Case(
            "missing-year",
            roles(
                anonymous=LOGIN,
                admin=404,
                ministerium=404,
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs={"year": 2023},
        ),
    ),
    # ---- agreements: the workflow --------------------------------------------------------------
    "agreements:agreement_list": (
        Case(
            "list",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=200,
                wiesbaden=200,
                frankfurt=200,
                traeger_wiesbaden=403,
            ),
        ),
    ),
    "agreements:agreement_create": (
        Case("form", admin_only(others=403, anonymous=LOGIN) | {"ministerium": 200}),
        # An empty form comes back with its errors (200) for the ministry; the rest is refused.
        Case(
            "post-empty",
            admin_only(others=403, anonymous=LOGIN) | {"ministerium": 200},
            method="POST",
        ),
    ),
    "agreements:agreement_detail": (
        Case(
            "wiesbaden",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=WIESBADEN_AGREEMENT,
        ),
        Case(
            "frankfurt",
            agreement_of("frankfurt", programme_wide=200, own=200),
            kwargs=FRANKFURT_AGREEMENT,
        ),
        Case("missing", signed_in(404), kwargs={"pk": 999999}),
    ),
    "agreements:version_detail": (
        Case(
            "wiesbaden-1",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=_agreement("wiesbaden", number=1),
        ),
        Case("missing-version", signed_in(404), kwargs=_agreement("wiesbaden", number=9)),
    ),
    "agreements:version_signed_pdf": (
        Case("no-scan", signed_in(404), kwargs=_wiesbaden_without_scan),
        Case(
            "uploaded",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_with_signed_pdf,
        ),
    ),
    "agreements:version_document": (
        Case(
            "wiesbaden-1-pdf",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=_agreement("wiesbaden", number=1, fmt="pdf"),
        ),
        Case(
            "frankfurt-1-docx",
            agreement_of("frankfurt", programme_wide=200, own=200),
            kwargs=_agreement("frankfurt", number=1, fmt="docx"),
        ),
        Case(
            "unknown-format",
            agreement_of("wiesbaden", programme_wide=404, own=404),
            kwargs=_agreement("wiesbaden", number=1, fmt="exe"),
        ),
    ),
    "agreements:agreement_edit": (
        # The draft is the ministry's; the region joins in the negotiation.
        Case(
            "frankfurt-draft", ministry_step("frankfurt", ministry=200), kwargs=FRANKFURT_AGREEMENT
        ),
        Case(
            "frankfurt-draft-post-invalid",
            ministry_step("frankfurt", ministry=400),
            kwargs=FRANKFURT_AGREEMENT,
            method="POST",
        ),
        # A published agreement is changed by an amendment only: 403 for everyone who sees it.
        Case(
            "wiesbaden-published",
            agreement_of("wiesbaden", programme_wide=403, own=403),
            kwargs=WIESBADEN_AGREEMENT,
        ),
    ),
    "agreements:agreement_compare": (
        Case(
            "wiesbaden",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=WIESBADEN_AGREEMENT,
        ),
        Case(
            "frankfurt",
            agreement_of("frankfurt", programme_wide=200, own=200),
            kwargs=FRANKFURT_AGREEMENT,
        ),
    ),
    "agreements:agreement_transition": (
        Case(
            "frankfurt-start-negotiation",
            ministry_step("frankfurt", ministry=200),
            kwargs=_agreement("frankfurt", name="start_negotiation"),
        ),
        Case(
            "frankfurt-post-start-negotiation",
            ministry_step("frankfurt", ministry=FRANKFURT_DETAIL),
            kwargs=_agreement("frankfurt", name="start_negotiation"),
            method="POST",
            data={"base_number": 1},
        ),
        # Not from the draft: refused for the ministry too, with the reason.
        Case(
            "frankfurt-publish-draft",
            ministry_step("frankfurt", ministry=403),
            kwargs=_agreement("frankfurt", name="publish"),
        ),
        Case(
            "wiesbaden-sign-published",
            ministry_step("wiesbaden", ministry=403),
            kwargs=_agreement("wiesbaden", name="sign"),
        ),
        Case("unknown-step", signed_in(404), kwargs=_agreement("frankfurt", name="loeschen")),
    ),
    "agreements:agreement_amend": (
        Case(
            "wiesbaden-published",
            ministry_step("wiesbaden", ministry=200),
            kwargs=WIESBADEN_AGREEMENT,
        ),
        Case(
            "wiesbaden-post",
            ministry_step("wiesbaden", ministry=WIESBADEN_DETAIL),
            kwargs=WIESBADEN_AGREEMENT,
            method="POST",
            data={"base_number": 1, "change_note": "Matrix"},
        ),
        # A draft is edited, not amended.
        Case(
            "frankfurt-draft", ministry_step("frankfurt", ministry=403), kwargs=FRANKFURT_AGREEMENT
        ),
    ),
    "agreements:comment_create": (
        Case(
            "get",
            agreement_of("frankfurt", programme_wide=405, own=405),
            kwargs=FRANKFURT_AGREEMENT,
        ),
        # In the draft the ministry comments; the region once the negotiation has begun.
        Case(
            "post-frankfurt-draft",
            ministry_step("frankfurt", ministry=FRANKFURT_DETAIL),
            kwargs=FRANKFURT_AGREEMENT,
            method="POST",
            data={"body": "Matrix"},
        ),
        # After signing nobody comments.
        Case(
            "post-wiesbaden-published",
            agreement_of("wiesbaden", programme_wide=403, own=403),
            kwargs=WIESBADEN_AGREEMENT,
            method="POST",
            data={"body": "Matrix"},
        ),
    ),
    # Anlagen: uploaded by whoever may edit the current version (the ministry in the draft, the
    # region's coordinator from the negotiation on, nobody after the agreement is agreed); POST
    # only. An invalid upload (here: none) is sent back to the page with the reason.
    "agreements:attachment_create": (
        Case(
            "get",
            agreement_of("frankfurt", programme_wide=405, own=405),
            kwargs=FRANKFURT_AGREEMENT,
        ),
        Case(
            "post-frankfurt-draft-empty",
            ministry_step("frankfurt", ministry=FRANKFURT_DETAIL),
            kwargs=FRANKFURT_AGREEMENT,
            method="POST",
        ),
        Case(
            "post-wiesbaden-published",
            agreement_of("wiesbaden", programme_wide=403, own=403),
            kwargs=WIESBADEN_AGREEMENT,
            method="POST",
        ),
    ),
    # An Anlage is read by everyone who sees the agreement; asked for through another agreement
    # or missing, it answers 404 like a missing agreement.
    "agreements:attachment_download": (
        Case(
            "wiesbaden",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_attachment,
        ),
        Case("other-agreement", signed_in(404), kwargs=_wiesbaden_attachment_under_frankfurt),
        Case("missing", signed_in(404), kwargs=_agreement("wiesbaden", attachment_pk=999999)),
    ),
    # ---- budgets: programme-wide reading, ministry writing ---------------------------------
    # The year's budget and its distribution are seen by programme-wide staff (admin, ministry,
    # grant authority); everyone else gets 403, whether the year exists or not.
    "budgets:overview": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    # The demo has one key in 2024: the page answers with the hint that two are needed.
    "budgets:key_comparison": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    # Controlling per region × measure type and its exports (each export is audited).
    "budgets:controlling": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    "budgets:controlling_csv": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    "budgets:controlling_xlsx": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    # Revising an allocation is the ministry's (and the administration's); the grant authority only
    # reads. A valid change goes back to the year's overview, an invalid one is shown again.
    "budgets:allocation_revise": (
        Case("wiesbaden-form", budget_manager(200), kwargs=WIESBADEN_ALLOCATION),
        Case("missing", budget_manager(404), kwargs={"pk": 999999}),
        Case(
            "post-wiesbaden",
            budget_manager(BUDGET_2024),
            kwargs=WIESBADEN_ALLOCATION,
            method="POST",
            data=REVISE_POST,
        ),
        Case(
            "post-invalid",
            budget_manager(200),
            kwargs=WIESBADEN_ALLOCATION,
            method="POST",
            data={**REVISE_POST, "amount": "2.50"},
        ),
    ),
    # Indicator values and keys: programme-wide roles read, the ministry and the administration
    # write (403 for the grant authority, before the year or key is looked up). An upload without
    # a file is shown again with 400; an empty key form is shown again (200).
    # An allocation's page and the letters of its revised versions: programme-wide roles and the
    # region's own coordinator; everyone else 404, like a missing allocation. The letter of a
    # version that is not revised (Wiesbaden's version 1, announced) does not exist.
    "budgets:allocation_detail": (
        Case(
            "wiesbaden",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=WIESBADEN_ALLOCATION,
        ),
        Case(
            "frankfurt",
            agreement_of("frankfurt", programme_wide=200, own=200),
            kwargs=_allocation("frankfurt"),
        ),
        Case(
            "missing", agreement_of("wiesbaden", programme_wide=404, own=404), kwargs={"pk": 999999}
        ),
    ),
    "budgets:allocation_letter": (
        Case(
            "wiesbaden-2",
            agreement_of("wiesbaden", programme_wide=200, own=200),
            kwargs=_wiesbaden_letter,
        ),
        Case(
            "frankfurt-1-announced",
            agreement_of("frankfurt", programme_wide=404, own=404),
            kwargs=lambda: {**_allocation("frankfurt")(), "number": 1},
        ),
        Case(
            "missing-version",
            agreement_of("wiesbaden", programme_wide=404, own=404),
            kwargs=lambda: {**WIESBADEN_ALLOCATION(), "number": 99},
        ),
    ),
    # Reallocating and finalising are the ministry's (and the administration's): 403 for other
    # signed-in roles before the year is looked up. Finalising redirects to the year's overview.
    "budgets:allocation_reallocate": (
        Case("aqb-2024", budget_manager(200), kwargs={"year": 2024}),
        Case("missing-year", budget_manager(404), kwargs={"year": 2023}),
        Case(
            "post-invalid",
            budget_manager(200),
            kwargs={"year": 2024},
            method="POST",
            data={"amount": "1.000,00", "effective_on": "2024-07-01", "reason": "Matrix"},
        ),
    ),
    "budgets:allocation_finalize": (
        Case("confirm-2024", budget_manager(200), kwargs={"year": 2024}),
        Case("missing-year", budget_manager(404), kwargs={"year": 2023}),
        Case("post-2024", budget_manager(BUDGET_2024), kwargs={"year": 2024}, method="POST"),
    ),
    "budgets:indicator_values": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
        Case(
            "post-without-file",
            budget_manager(400),
            kwargs={"year": 2024},
            method="POST",
            data={},
        ),
    ),
    "budgets:indicator_template": (
        Case("aqb-2024", programme_wide(200), kwargs={"year": 2024}),
        Case("missing-year", programme_wide(404), kwargs={"year": 2023}),
    ),
    "budgets:key_compute": (
        Case("aqb-2024", budget_manager(200), kwargs={"year": 2024}),
        Case("missing-year", budget_manager(404), kwargs={"year": 2023}),
        Case("post-empty", budget_manager(200), kwargs={"year": 2024}, method="POST", data={}),
    ),
    "budgets:key_manual": (
        Case("aqb-2024", budget_manager(200), kwargs={"year": 2024}),
        Case("missing-year", budget_manager(404), kwargs={"year": 2023}),
        Case("post-empty", budget_manager(200), kwargs={"year": 2024}, method="POST", data={}),
    ),
    "budgets:key_detail": (
        Case("demo-key", programme_wide(200), kwargs=_demo_key),
        Case("missing", programme_wide(404), kwargs={"pk": 999999}),
    ),
    # Publishing and announcing: a confirmation page (GET), the step itself (POST) goes back to
    # the key's page.
    "budgets:key_publish": (
        Case("confirm", budget_manager(200), kwargs=_demo_key),
        Case("missing", budget_manager(404), kwargs={"pk": 999999}),
        Case(
            "post",
            budget_manager(Redirect("budgets:key_detail", _demo_key)),
            kwargs=_demo_key,
            method="POST",
        ),
    ),
    "budgets:key_announce": (
        Case("confirm", budget_manager(200), kwargs=_demo_key),
        Case("missing", budget_manager(404), kwargs={"pk": 999999}),
        Case(
            "post",
            budget_manager(Redirect("budgets:key_detail", _demo_key)),
            kwargs=_demo_key,
            method="POST",
        ),
    ),
    # ---- notifications -------------------------------------------------------------------------
    "notifications:notification_list": (Case("list", signed_in(200)),),
    "notifications:notification_read": (
        Case(
            # Only the recipient; for anyone else the notification does not exist. Its link is "/".
            "post-wiesbadens",
            roles(
                anonymous=LOGIN,
                admin=404,
                ministerium=404,
                rp_kassel=404,
                wiesbaden=Redirect("home:start"),
                frankfurt=404,
                traeger_wiesbaden=404,
            ),
            kwargs=_notification_of("wiesbaden"),
            method="POST",
        ),
        Case("get", signed_in(405), kwargs=_notification_of("wiesbaden")),
    ),
    "notifications:notification_read_all": (
        Case(
            "post",
            signed_in(Redirect("notifications:notification_list")),
            method="POST",
        ),
        Case("get", signed_in(405)),
    ),
    # ---- language switch (Django's set_language): public, sends back to `next` ------------------
    "set_language": (
        Case(
            "post",
            signed_in(Redirect("home:start"), anonymous=Redirect("home:start")),
            method="POST",
            data={"language": "en", "next": "/"},
        ),
    ),
    # ---- API (django-ninja, namespace "api") ---------------------------------------------------
    # The schema and the Swagger page describe the API and hold no data; they are public.
    "api:openapi-json": (Case("schema", signed_in(200, anonymous=200)),),
    "api:openapi-view": (Case("docs", signed_in(200, anonymous=200)),),
    # django-ninja's placeholder for the API root: always 404, for everyone.
    "api:api-root": (Case("root", signed_in(404, anonymous=404)),),
    "api:me": (Case("me", signed_in(200, anonymous=API)),),
    "api:organisation_list": (Case("list", signed_in(200, anonymous=API)),),
    "api:organisation_detail": (
        Case("public", signed_in(200, anonymous=API), kwargs={"slug": PUBLIC_ORG}),
        Case("provider", _api_visibility(PROVIDER_VISIBILITY), kwargs={"slug": PROVIDER_ORG}),
        Case("missing", signed_in(404, anonymous=API), kwargs={"slug": MISSING_SLUG}),
    ),
    "api:region_list": (Case("list", signed_in(200, anonymous=API)),),
    "api:programme_year_list": (Case("list", signed_in(200, anonymous=API)),),
    "api:programme_year_regions": (
        Case("aqb-2024", signed_in(200, anonymous=API), kwargs={"programme": "aqb", "year": 2024}),
        Case(
            "missing-year",
            signed_in(404, anonymous=API),
            kwargs={"programme": "aqb", "year": 2023},
        ),
    ),
    # ---- Django admin: selected pages explicitly ------------------------------------------------
    "admin:index": (Case("index", admin_site()),),
    # The admin login page is public; the admin is sent on to the admin index, anyone else
    # signed in sees the form again (with a "not authorised" note).
    "admin:login": (Case("form", signed_in(200, anonymous=200) | {"admin": ADMIN_INDEX}),),
    # Admin logout is POST only and, like the app's logout, ends on the app's login page
    # (LOGOUT_REDIRECT_URL); without admin access it sends to the admin index.
    "admin:logout": (
        Case("get", admin_only(admin=405, others=ADMIN_INDEX, anonymous=ADMIN_INDEX)),
        Case(
            "post",
            admin_only(admin=Redirect("accounts:login"), others=ADMIN_INDEX, anonymous=ADMIN_INDEX),
            method="POST",
        ),
    ),
    "admin:app_list": (Case("organisations", admin_site(), kwargs={"app_label": "organisations"}),),
    "admin:view_on_site": (
        Case("organisation", admin_site(admin=DETAIL_PUBLIC), kwargs=_organisation_on_site),
    ),
    "admin:accounts_user_changelist": (Case("list", admin_site()),),
    "admin:accounts_user_change": (Case("wiesbaden", admin_site(), kwargs=_user_pk("wiesbaden")),),
    "admin:auth_user_password_change": (
        Case("wiesbaden", admin_site(), kwargs=_user_pk("wiesbaden", key="id")),
    ),
    # API tokens are only created with `manage.py api_token` (the raw token is shown once).
    "admin:accounts_apitoken_add": (Case("add", admin_site(admin=403)),),
    # The admin may delete a lost authenticator app, but never read its secret or QR code
    # (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": (
        Case("other", admin_site(admin=403), kwargs=_someones_totp_device),
    ),
    "admin:otp_totp_totpdevice_qrcode": (
        Case("other", admin_site(admin=403), kwargs=_someones_totp_device),
    ),
    "admin:organisations_organisation_changelist": (Case("list", admin_site()),),
    "admin:organisations_organisation_change": (
        Case("provider", admin_site(), kwargs=_organisation_pk(PROVIDER_ORG)),
    ),
    # The audit trail is append-only, in the admin too: it can be read, never added or deleted.
    "admin:core_auditentry_changelist": (Case("list", admin_site()),),
    "admin:core_auditentry_add": (Case("add", admin_site(admin=403)),),
    "admin:core_auditentry_change": (Case("view", admin_site(), kwargs=_first_audit_entry),),
    "admin:core_auditentry_delete": (
        Case("delete", admin_site(admin=403), kwargs=_first_audit_entry),
    ),
}


def _merge_declarations() -> None:
    """The grant procedure, participant monitoring and steering declare their URLs in their own
    modules."""
    from tests.permission_matrix_exchange import EXCHANGE_DECLARATIONS
    from tests.permission_matrix_grants import GRANT_DECLARATIONS
    from tests.permission_matrix_participants import PARTICIPANT_DECLARATIONS
    from tests.permission_matrix_portal import PORTAL_DECLARATIONS
    from tests.permission_matrix_steering import STEERING_DECLARATIONS
    from tests.permission_matrix_surveys import SURVEY_DECLARATIONS

    for more in (
        GRANT_DECLARATIONS,
        PARTICIPANT_DECLARATIONS,
        STEERING_DECLARATIONS,
        SURVEY_DECLARATIONS,
        EXCHANGE_DECLARATIONS,
        PORTAL_DECLARATIONS,
    ):
        overlap = set(DECLARATIONS) & set(more)
        assert not overlap, overlap
        DECLARATIONS.update(more)


_merge_declarations()


# ---- Django admin: one rule for the rest of the namespace -------------------------------------
#
# The admin generates five URL names per registered model (changelist, add, change, delete,
# history) plus site-wide pages, and third-party apps (axes, django-tasks) register their own. All
# of them are wrapped by AdminSite.admin_view, which lets only the admin role in. Declaring
# each generated name by hand would only repeat Django's naming scheme and break with every model
# registered, so the rest of the `admin` namespace shares one rule. It is still requested for
# every name and every role: all other roles and anonymous must be redirected to the admin login,
# and the admin must be let in without a server error. Pages whose answer for the admin
# account matters to us (append-only audit, no token creation, ...) are declared explicitly above.


def admin_object_kwargs(name: str) -> dict[str, Any]:
    """kwargs for a generated admin URL: the first object of the model for object URLs."""
    from django.contrib import admin

    route = name.split(":", 1)[1]
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if route.startswith(prefix) and route.removeprefix(prefix) in {
            "change",
            "delete",
            "history",
        }:
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            # No object (e.g. no lockouts yet): the admin answers with a redirect to its index.
            return {"object_id": pk if pk is not None else 0}
    return {}


@dataclass(frozen=True)
class NamespaceRule:
    reason: str
    expect: Mapping[str, Expected]
    kwargs: Callable[[str], Mapping[str, Any]]


NAMESPACE_RULES: dict[str, NamespaceRule] = {
    "admin": NamespaceRule(
        reason="generated Django admin pages, all behind AdminSite.admin_view (admin only)",
        expect=admin_site(admin=LET_IN),
        kwargs=admin_object_kwargs,
    ),
}
