"""IDOR coverage of the permission matrix: every URL that names an object (a number, a slug, a
year or region in its path) is declared with at least one signed-in role that gets 403 or 404 for
it – so each such URL is requested in tests/test_permission_matrix.py by someone whose
organisation must not see the object, and that answer is checked."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from tests.permission_matrix import DECLARATIONS
from tests.security.test_idor_writes import WRITE_ROUTES

SIGNED_IN = ("ministerium", "rp-kassel", "wiesbaden", "frankfurt", "traeger-wiesbaden")
REFUSALS = {403, 404}

# Namespaces whose object URLs are public or admin-only by design: the portal shows only
# published material to everyone, the admin site lets in only `admin` (declared separately).
EXEMPT_NAMESPACES = {"admin", "portal"}

# Object URLs whose other-organisation case lives elsewhere, with the reason.
COVERED_ELSEWHERE = dict.fromkeys(
    WRITE_ROUTES, "API writes: a valid body is sent by another region (test_idor_writes.py)"
) | {
    "participants:indicators": "the year is a filter of aggregates, each role sees its own scope "
    "(tests/permission_matrix_participants.py, zielwerk/participants/tests/test_indicators.py)",
}


def _parameters(pattern) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return set(converters)
    regex = getattr(pattern, "regex", None)
    return set(regex.groupindex) if regex is not None else set()


def _walk(
    resolver: URLResolver, namespace: tuple[str, ...] = (), inherited: frozenset[str] = frozenset()
) -> Iterator[tuple[str, frozenset[str]]]:
    for entry in resolver.url_patterns:
        params = inherited | _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from _walk(entry, inner, frozenset(params))
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespace, entry.name)), frozenset(params)


def object_urls() -> dict[str, frozenset[str]]:
    return {
        name: params
        for name, params in _walk(get_resolver())
        if params and name.split(":", 1)[0] not in EXEMPT_NAMESPACES
    }


def test_exemptions_are_current():
    urls = object_urls()
    assert set(COVERED_ELSEWHERE) <= set(urls), set(COVERED_ELSEWHERE) - set(urls)


def test_object_urls_exist():
    # The walk itself must find the object URLs (agreements by slug, applications by number …).
    urls = object_urls()
    assert "agreements:detail" in urls or any(name.startswith("agreements:") for name in urls)
    assert len(urls) > 50


def test_every_object_url_is_requested_by_a_role_that_must_be_refused():
    unguarded = []
    for name, params in sorted(object_urls().items()):
        if name in COVERED_ELSEWHERE:
            continue
        cases = DECLARATIONS.get(name, ())
        refused = any(case.expect.get(role) in REFUSALS for case in cases for role in SIGNED_IN)
        if not refused:
            unguarded.append(f"{name} ({', '.join(sorted(params))})")
    assert not unguarded, (
        "Object URLs without a case where a signed-in role of another organisation is refused "
        "(403/404); add one to tests/permission_matrix*.py:\n  " + "\n  ".join(unguarded)
    )
