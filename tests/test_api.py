"""The JSON API under /api/v1/: schema and docs, session and bearer-token authentication, the
scoping of organisations and the regions per programme year and per day (Hanau from 2026)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zielwerk.accounts.models import ApiToken
from zielwerk.accounts.services import api_token_revoke

API = "/api/v1"
PROVIDER_ORG = "demo-traeger-wiesbaden"


def _create_token(username: str) -> str:
    """Run `manage.py api_token USERNAME`; the token is the last line of stdout."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("api_token", username, stdout=stdout, stderr=stderr)
    lines = stdout.getvalue().strip().splitlines()
    assert lines, "api_token wrote nothing to stdout"
    return lines[-1].strip()


def _bearer(token: str) -> Client:
    """A client without a session that sends the token on every request."""
    return Client(headers={"Authorization": f"Bearer {token}"})


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [region["slug"] for region in response.json()]


# ---- schema and docs ---------------------------------------------------------------------------


def test_openapi_document_is_json_with_all_paths(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Zielwerk API"
    assert {
        f"{API}/me",
        f"{API}/organisations",
        f"{API}/organisations/{{slug}}",
        f"{API}/regions",
        f"{API}/programme-years",
        f"{API}/programme-years/{{programme}}/{{year}}/regions",
    } <= set(schema["paths"])
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} >= {"http", "apiKey"}
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_docs_page_answers(db):
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    assert "openapi.json" in response.content.decode()


# ---- session authentication (the browser) ------------------------------------------------------


def test_anonymous_api_request_is_401(demo):
    response = Client().get(f"{API}/me")
    assert response.status_code == 401


def test_session_auth_with_a_logged_in_client(client_for):
    response = client_for("wiesbaden").get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "wiesbaden"


def test_session_auth_after_signing_in_through_the_login_form(demo):
    from zielwerk.demo.data import DEMO_PASSWORD

    client = Client()
    login = client.post("/anmelden/", {"username": "wiesbaden", "password": DEMO_PASSWORD})
    assert login.status_code == 302, login.content
    assert "sessionid" in client.cookies
    response = client.get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "wiesbaden"


# ---- bearer tokens from `manage.py api_token` --------------------------------------------------


def test_bearer_token_from_the_management_command(demo):
    token = _create_token("wiesbaden")
    assert token.startswith("zw_")
    response = _bearer(token).get(f"{API}/me")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["username"] == "wiesbaden"
    assert body["roles"] == ["region_coordinator"]
    assert [m["organisation_slug"] for m in body["memberships"]] == ["verwaltung-wiesbaden"]


def test_only_the_token_is_on_stdout_and_only_its_hash_is_stored(demo):
    token = _create_token("wiesbaden")
    stored = ApiToken.objects.get(user__username="wiesbaden")
    assert token not in {stored.key_hash, stored.prefix}
    assert token.startswith(stored.prefix)


def test_wrong_token_is_401(demo):
    _create_token("wiesbaden")
    assert _bearer("zw_this-is-not-a-token").get(f"{API}/me").status_code == 401
    assert _bearer("not-even-the-prefix").get(f"{API}/me").status_code == 401


def test_revoked_token_is_401(demo, users):
    token = _create_token("wiesbaden")
    assert _bearer(token).get(f"{API}/me").status_code == 200
    stored = ApiToken.objects.get(user=users["wiesbaden"])
    api_token_revoke(actor=users["wiesbaden"], token=stored, reason="Test")
    assert _bearer(token).get(f"{API}/me").status_code == 401


def test_token_of_a_deactivated_account_is_401(demo, users):
    token = _create_token("frankfurt")
    user = users["frankfurt"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _bearer(token).get(f"{API}/me").status_code == 401


def test_bearer_token_sees_what_its_owner_sees(demo):
    """Scoping applies to token access exactly as to the browser."""
    frankfurt = _bearer(_create_token("frankfurt"))
    wiesbaden = _bearer(_create_token("wiesbaden"))
    assert frankfurt.get(f"{API}/organisations/{PROVIDER_ORG}").status_code == 404
    assert wiesbaden.get(f"{API}/organisations/{PROVIDER_ORG}").status_code == 200


def test_command_for_an_unknown_account_fails_in_german(demo):
    with pytest.raises(CommandError, match="Es gibt kein aktives Benutzerkonto „niemand“"):
        call_command("api_token", "niemand", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()


def test_command_for_a_deactivated_account_fails(demo, users):
    users["frankfurt"].is_active = False
    users["frankfurt"].save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="kein aktives Benutzerkonto"):
        call_command("api_token", "frankfurt", stdout=io.StringIO(), stderr=io.StringIO())


# ---- data: regions per programme year and per day ----------------------------------------------


def test_programme_year_2024_has_26_regions_without_hanau(client_for):
    slugs = _slugs(client_for("wiesbaden").get(f"{API}/programme-years/aqb/2024/regions"))
    assert len(slugs) == 26
    assert len(set(slugs)) == 26
    assert "hanau" not in slugs
    assert {"wiesbaden", "frankfurt", "main-kinzig-kreis"} <= set(slugs)


def test_programme_year_2026_has_27_regions_with_hanau(client_for):
    slugs = _slugs(client_for("wiesbaden").get(f"{API}/programme-years/aqb/2026/regions"))
    assert len(slugs) == 27
    assert "hanau" in slugs
    assert "main-kinzig-kreis" in slugs  # the district remains, without Hanau


def test_unknown_programme_year_is_404(client_for):
    response = client_for("wiesbaden").get(f"{API}/programme-years/aqb/2023/regions")
    assert response.status_code == 404


def test_regions_on_the_last_day_before_hanau(client_for):
    slugs = _slugs(client_for("frankfurt").get(f"{API}/regions", {"on": "2025-12-31"}))
    assert len(slugs) == 26
    assert "hanau" not in slugs


def test_regions_on_the_first_day_of_hanau(client_for):
    response = client_for("frankfurt").get(f"{API}/regions", {"on": "2026-01-01"})
    slugs = _slugs(response)
    assert len(slugs) == 27
    hanau = next(region for region in response.json() if region["slug"] == "hanau")
    assert hanau["valid_from"] == "2026-01-01"
    assert hanau["district"] == "Darmstadt"


def test_regions_with_an_invalid_day_is_a_validation_error(client_for):
    response = client_for("frankfurt").get(f"{API}/regions", {"on": "31.12.2025"})
    assert response.status_code == 422


# ---- data: which organisations a person sees ---------------------------------------------------


def _organisation_slugs(client) -> set[str]:
    response = client.get(f"{API}/organisations")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"]), "more than one page: raise the limit in the test"
    return {item["slug"] for item in body["items"]}


def test_frankfurt_does_not_see_the_wiesbaden_provider(client_for):
    slugs = _organisation_slugs(client_for("frankfurt"))
    assert PROVIDER_ORG not in slugs
    assert {"verwaltung-frankfurt", "verwaltung-wiesbaden", "hmaijs"} <= slugs


def test_wiesbaden_and_the_provider_itself_see_the_provider(client_for):
    assert PROVIDER_ORG in _organisation_slugs(client_for("wiesbaden"))
    assert PROVIDER_ORG in _organisation_slugs(client_for("traeger-wiesbaden"))


def test_provider_filter_by_kind_for_frankfurt_is_empty(client_for):
    response = client_for("frankfurt").get(f"{API}/organisations", {"kind": "provider"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
