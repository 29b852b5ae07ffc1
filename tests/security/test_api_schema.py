"""The API against its own OpenAPI document (schemathesis): for generated requests to every
operation, as the ministry and as a region's coordination, on the demo data, the server never
answers 5xx, answers only with documented status codes and content types, and every body matches
the documented schema.

The requests go through the real WSGI application in-process (no server), inside the test's
transaction, so writes the fuzzer makes are rolled back.

How hard it tries (tests/security/fuzzing.py): in `make test` (profile `ci`) the ministry gets
schemathesis' coverage phase (deterministic boundary values, missing and malformed parameters and
bodies) and the region its fuzzing phase with at most ten derandomised examples per operation,
about 1,300 requests; in `make test-security` (profile `deep`) both users get every phase with
the deep profile's examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.fuzzing import FUZZ, PROFILES
from zielwerk.accounts.models import User
from zielwerk.accounts.services import api_token_create
from zielwerk.api import api

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

DEEP = FUZZ is PROFILES["deep"]
ALL_PHASES = ("examples", "coverage", "fuzzing")


def _schema(*phases: str):
    enabled = ALL_PHASES if DEEP else phases
    config = {"phases": {phase: {"enabled": phase in enabled} for phase in ALL_PHASES}}
    document = api.get_openapi_schema(path_prefix="/api/v1/")  # its own copy: loading changes it
    return schemathesis.openapi.from_dict(document, config=SchemathesisConfig.from_dict(config))


boundaries = _schema("coverage")
fuzzing = _schema("fuzzing")
FEW = FUZZ if DEEP else settings(FUZZ, max_examples=min(FUZZ.max_examples, 10))
APP = WSGIHandler()


@pytest.fixture
def demo(demo_module, db):
    """The demo data once per module (tests/conftest.py); each test in its own savepoint."""


@pytest.fixture(autouse=True)
def _keep_test_connection() -> Iterator[None]:
    """Django's WSGI handler closes "old" connections at the start and end of each request; inside
    the test's transaction that would close it. The test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(demo) -> dict[str, str]:
    admin = User.objects.get(username="admin")
    return {
        username: api_token_create(actor=admin, owner=User.objects.get(username=username))[1]
        for username in ("ministerium", "wiesbaden")
    }


def _call(case, token: str) -> None:
    case.call_and_validate(app=APP, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


@boundaries.parametrize()
@FUZZ
def test_api_as_ministry(case, tokens):
    _call(case, tokens["ministerium"])


@fuzzing.parametrize()
@FEW
def test_api_as_region(case, tokens):
    _call(case, tokens["wiesbaden"])


def test_an_unreadable_body_is_400_with_a_german_message(tokens):
    """What the coverage phase found first: a body that is not JSON was answered 400 without the
    status in the document and with ninja's English text."""
    from django.test import Client

    response = Client().put(
        "/api/v1/projects/WI-2024-FIB/plan",
        data=b"\x00",
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['wiesbaden']}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Der Anfragekörper ist kein lesbares JSON."}
    document = Client().get("/api/v1/openapi.json").json()
    documented = document["paths"]["/api/v1/projects/{code}/plan"]["put"]["responses"]
    assert {"400", "401", "403", "404", "422"} <= set(documented)


def test_a_huge_page_offset_is_refused_not_a_server_error(tokens):
    """The fuzzing phase found LIMIT/OFFSET beyond the database's integer range answering 500."""
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {tokens['wiesbaden']}"})
    for query in ("limit=5779080973182118705527252844544", "offset=99999999999999999999"):
        response = client.get(f"/api/v1/organisations?{query}")
        assert response.status_code == 422, (query, response.content)
        response = client.get(f"/api/v1/participants?{query}")
        assert response.status_code == 422, (query, response.content)


def test_schema_documents_every_operation():
    """Guards the fuzzing above: if the document lost its operations, the tests would pass on
    nothing."""
    for loaded in (boundaries, fuzzing):
        operations = [result.ok() for result in loaded.get_all_operations() if result.ok()]
        assert len(operations) >= 25
