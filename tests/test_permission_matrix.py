"""The permission matrix: every named URL, requested as every demo role, against the declared rules
in tests/permission_matrix.py; plus the scoping rules that a status code alone does not show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_matrix import (
    DECLARATIONS,
    MISSING_SLUG,
    NAMESPACE_RULES,
    PROVIDER_ORG,
    PUBLIC_ORG,
    ROLES,
    AdminLetIn,
    Case,
    Expected,
    Redirect,
)


def _walk(resolver: URLResolver, namespace: tuple[str, ...] = ()) -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespace, entry.name))


def url_names() -> set[str]:
    """Every named URL pattern in the project, with its namespace ("admin:index", "api:me")."""
    return set(_walk(get_resolver()))


def namespace_rule_for(name: str):
    namespace = name.split(":", 1)[0] if ":" in name else ""
    return NAMESPACE_RULES.get(namespace)


def _matrix() -> Iterator:
    for name, cases in sorted(DECLARATIONS.items()):
        for case in cases:
            for role in ROLES:
                yield pytest.param(name, case, role, id=f"{name}[{case.label}]-{role}")
    for name in sorted(url_names() - set(DECLARATIONS)):
        rule = namespace_rule_for(name)
        if rule is None:
            continue  # reported by test_every_url_name_is_declared
        case = Case("namespace-rule", rule.expect, kwargs=partial(rule.kwargs, name))
        for role in ROLES:
            yield pytest.param(name, case, role, id=f"{name}[namespace-rule]-{role}")


MATRIX = list(_matrix())


@pytest.fixture
def demo(demo_module, db):
    """The demo data is seeded once for this module (see tests/conftest.py); every test runs in
    its own savepoint on top of it."""


# ---- the declaration table is complete and current ---------------------------------------------


def test_every_url_name_is_declared():
    undeclared = sorted(
        name for name in url_names() if name not in DECLARATIONS and not namespace_rule_for(name)
    )
    assert not undeclared, (
        "URL names without a declared permission rule; add them to tests/permission_matrix.py:\n  "
        + "\n  ".join(undeclared)
    )


def test_every_declaration_names_an_existing_url():
    names = url_names()
    stale = sorted(set(DECLARATIONS) - names)
    assert not stale, "Declared URL names that no longer exist:\n  " + "\n  ".join(stale)
    for namespace in NAMESPACE_RULES:
        covered = {
            name for name in names if name.startswith(f"{namespace}:") and name not in DECLARATIONS
        }
        assert covered, f"Namespace rule {namespace!r} covers no URL name any more."


def test_every_case_declares_every_role():
    for name, cases in DECLARATIONS.items():
        assert cases, name
        labels = [case.label for case in cases]
        assert len(labels) == len(set(labels)), f"{name}: duplicate case labels {labels}"
        for case in cases:
            assert set(case.expect) == set(ROLES), f"{name}[{case.label}]"
            assert case.method in {"GET", "POST"}, f"{name}[{case.label}]"
    for namespace, rule in NAMESPACE_RULES.items():
        assert set(rule.expect) == set(ROLES), namespace


def test_the_admin_namespace_rule_does_not_replace_explicit_declarations():
    """The namespace rule is for Django's generated pages; the pages whose answer matters to us
    stay declared one by one, and the rule itself demands the redirect to the admin login."""
    explicit_admin = {name for name in DECLARATIONS if name.startswith("admin:")}
    assert {
        "admin:index",
        "admin:login",
        "admin:logout",
        "admin:core_auditentry_add",
        "admin:core_auditentry_delete",
        "admin:accounts_apitoken_add",
        "admin:organisations_organisation_change",
    } <= explicit_admin
    rule = NAMESPACE_RULES["admin"]
    assert all(
        isinstance(rule.expect[role], Redirect) and rule.expect[role].to == "admin:login"
        for role in ROLES
        if role != "admin"
    )


# ---- the matrix --------------------------------------------------------------------------------


def _assert_answer(response, expected: Expected, path: str) -> None:
    status = response.status_code
    where = f"{response.request['REQUEST_METHOD']} {path}"
    if isinstance(expected, AdminLetIn):
        assert status in {200, 302, 403}, f"{where}: {status}"
        if status == 302:
            assert urlsplit(response["Location"]).path != reverse("admin:login"), where
        return
    if isinstance(expected, Redirect):
        assert status == 302, f"{where}: expected a redirect to {expected.to}, got {status}"
        location = urlsplit(response["Location"])
        assert location.path == reverse(expected.to, kwargs=expected.resolved_kwargs()), (
            f"{where}: redirected to {response['Location']}, expected {expected.to}"
        )
        if expected.with_next:
            assert parse_qs(location.query).get("next") == [path], response["Location"]
        return
    assert status == expected, f"{where}: expected {expected}, got {status}"


@pytest.mark.parametrize(("name", "case", "role"), MATRIX)
def test_access(name: str, case: Case, role: str, client_for):
    path = reverse(name, kwargs=case.resolved_kwargs())
    client = client_for(None if role == "anonymous" else role)
    send = client.post if case.method == "POST" else client.get
    response = send(path, case.data or {})
    _assert_answer(response, case.expect[role], path)


# ---- scoping rules in detail -------------------------------------------------------------------

FRANKFURT = "frankfurt"


def _normalised(response, slug: str) -> str:
    """The page without the requested slug (the language switch echoes the current path) and
    without the CSRF token, which is masked differently on every response."""
    content = response.content.decode().replace(slug, "<slug>")
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<csrf>", content)


def test_hidden_provider_page_looks_exactly_like_a_missing_one(client_for):
    client = client_for(FRANKFURT)
    hidden = client.get(reverse("organisations:organisation_detail", args=[PROVIDER_ORG]))
    missing = client.get(reverse("organisations:organisation_detail", args=[MISSING_SLUG]))
    assert hidden.status_code == missing.status_code == 404
    assert _normalised(hidden, PROVIDER_ORG) == _normalised(missing, MISSING_SLUG)
    assert "Demo-Bildungsträger" not in hidden.content.decode()


def test_hidden_provider_in_the_api_looks_exactly_like_a_missing_one(client_for):
    client = client_for(FRANKFURT)
    hidden = client.get(reverse("api:organisation_detail", kwargs={"slug": PROVIDER_ORG}))
    missing = client.get(reverse("api:organisation_detail", kwargs={"slug": MISSING_SLUG}))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    ("role", "sees_provider"),
    [
        ("admin", True),
        ("ministerium", True),
        ("rp-kassel", True),
        ("wiesbaden", True),
        ("frankfurt", False),
        ("traeger-wiesbaden", True),
    ],
)
def test_provider_in_organisation_lists(client_for, role, sees_provider):
    client = client_for(role)
    html = client.get(reverse("organisations:organisation_list"))
    listed_html = {organisation.slug for organisation in html.context["organisations"]}
    api = client.get(reverse("api:organisation_list"))
    listed_api = {item["slug"] for item in api.json()["items"]}
    assert (PROVIDER_ORG in listed_html) is sees_provider
    assert (PROVIDER_ORG in listed_api) is sees_provider
    assert PUBLIC_ORG in listed_html
    assert PUBLIC_ORG in listed_api


MEMBERS_HEADING = "Personen mit Zugang"
PROGRAMME_WIDE = {"admin": True, "ministerium": True, "rp-kassel": True}


@pytest.mark.parametrize(
    ("slug", "member_name", "visible"),
    [
        (
            PUBLIC_ORG,
            "Wiebke Probe (Demo)",
            {**PROGRAMME_WIDE, "wiesbaden": True, "frankfurt": False, "traeger-wiesbaden": False},
        ),
        (
            PROVIDER_ORG,
            "Tara Trägerin (Demo)",
            # Frankfurt does not see the page at all (404, tested above).
            {**PROGRAMME_WIDE, "wiesbaden": False, "traeger-wiesbaden": True},
        ),
        (
            "hmaijs",
            "Miriam Muster (Demo)",
            {**PROGRAMME_WIDE, "wiesbaden": False, "frankfurt": False, "traeger-wiesbaden": False},
        ),
    ],
)
def test_members_section_only_for_members_and_programme_wide_roles(
    client_for, slug, member_name, visible
):
    for role, shown in visible.items():
        response = client_for(role).get(reverse("organisations:organisation_detail", args=[slug]))
        assert response.status_code == 200, role
        content = response.content.decode()
        assert (response.context["members"] is not None) is shown, role
        assert (MEMBERS_HEADING in content) is shown, role
        assert (member_name in content) is shown, role


def test_contact_edit_refusal_leaves_the_organisation_unchanged(client_for):
    from zielwerk.organisations.models import Organisation

    before = Organisation.objects.get(slug=PUBLIC_ORG)
    url = reverse("organisations:organisation_contact_update", args=[PUBLIC_ORG])
    response = client_for(FRANKFURT).post(url, {"email": "boese@frankfurt.invalid"})
    assert response.status_code == 403
    after = Organisation.objects.get(slug=PUBLIC_ORG)
    assert after.email == before.email


def test_contact_edit_by_own_organisation_is_saved_and_audited(client_for):
    from zielwerk.core.models import AuditEntry
    from zielwerk.organisations.models import Organisation

    url = reverse("organisations:organisation_contact_update", args=[PUBLIC_ORG])
    response = client_for("wiesbaden").post(
        url, {"email": "aqb@wiesbaden.invalid", "reason": "Neue Funktionsadresse"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(slug=PUBLIC_ORG).email == "aqb@wiesbaden.invalid"
    entry = AuditEntry.objects.filter(action="organisation.update_contact").latest("pk")
    assert entry.actor_label and entry.reason == "Neue Funktionsadresse"


@pytest.mark.parametrize("url_name", ["home:audit_list", "home:audit_export"])
@pytest.mark.parametrize(
    "role", ["ministerium", "rp-kassel", "wiesbaden", "frankfurt", "traeger-wiesbaden"]
)
def test_audit_log_is_for_the_administration_only(client_for, url_name, role):
    from zielwerk.core.models import AuditEntry

    before = AuditEntry.objects.count()
    assert client_for(role).get(reverse(url_name)).status_code == 403
    assert AuditEntry.objects.count() == before  # a refused export is not an export


def test_audit_export_for_admin_is_a_csv_and_is_itself_logged(client_for):
    from zielwerk.core.models import AuditEntry

    response = client_for("admin").get(reverse("home:audit_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffZeitpunkt;Person;Aktion;")
    assert AuditEntry.objects.filter(action="audit.export").count() == 1


def test_marking_someone_elses_notification_read_is_404_and_changes_nothing(client_for, users):
    from zielwerk.notifications.models import Notification

    notification = Notification.objects.filter(recipient=users["wiesbaden"]).latest("pk")
    url = reverse("notifications:notification_read", args=[notification.pk])
    for role in ["admin", "frankfurt", "traeger-wiesbaden"]:
        assert client_for(role).post(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert client_for("wiesbaden").post(url).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_revoking_someone_elses_token_is_404_and_the_token_keeps_working(client_for, users):
    from zielwerk.accounts.services import api_token_create

    owner = users["wiesbaden"]
    token, raw = api_token_create(actor=owner, owner=owner, name="Statistik")
    url = reverse("accounts:apitoken_revoke", args=[token.pk])
    for role in ["admin", "frankfurt", "traeger-wiesbaden"]:
        assert client_for(role).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    assert bearer.get(reverse("api:me")).json()["username"] == "wiesbaden"


def test_api_me_reports_the_signed_in_account(client_for):
    body = client_for("traeger-wiesbaden").get(reverse("api:me")).json()
    assert body["username"] == "traeger-wiesbaden"
    assert body["roles"] == ["provider_staff"]
    assert [m["organisation_slug"] for m in body["memberships"]] == [PROVIDER_ORG]
