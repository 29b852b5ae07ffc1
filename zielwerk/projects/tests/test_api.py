"""The projects API: scoped reads, the plan as decimal strings, the plan write for the region."""

from __future__ import annotations

import json

import pytest

from zielwerk.grants.choices import ApplicationStatus
from zielwerk.grants.tests.factories import make_application, plan_wiesbaden_projects
from zielwerk.projects.models import Project

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _put(client, code, body):
    return client.put(
        f"{API}/projects/{code}/plan", data=json.dumps(body), content_type="application/json"
    )


def test_list_is_scoped_per_role(demo, client_for):
    plan_wiesbaden_projects()
    url = f"{API}/projects?year=2024&region=wiesbaden"
    codes = {
        username: [p["code"] for p in client_for(username).get(url).json()]
        for username in ("wiesbaden", "ministerium", "traeger-wiesbaden", "frankfurt")
    }
    six = sorted(f"WI-2024-{s}" for s in ("FIB", "HIB", "DIK", "STM", "CBG", "AAB"))
    assert codes["wiesbaden"] == six
    assert codes["ministerium"] == six
    assert codes["traeger-wiesbaden"] == ["WI-2024-FIB", "WI-2024-HIB"]
    assert codes["frankfurt"] == []
    assert client_for(None).get(url).status_code == 401


def test_detail_has_items_totals_and_balance_as_strings(demo, client_for):
    plan_wiesbaden_projects()
    response = client_for("wiesbaden").get(f"{API}/projects/WI-2024-HIB")
    assert response.status_code == 200
    data = response.json()
    # HIB: 430,000 + 50,000 + 93,700 costs; 498,700 + 45,000 + 30,000 funding
    assert data["cost_total"] == "573700.00"
    assert data["funding_total"] == "573700.00"
    assert data["grant_requested"] == "498700.00"
    assert data["difference"] == "0.00"
    assert data["balanced"] is True
    assert {item["category"]: item["amount"] for item in data["costs"]} == {
        "staff": "430000.00",
        "fees": "50000.00",
        "material": "93700.00",
    }
    assert {item["source"]: item["amount"] for item in data["funding"]} == {
        "aqb": "498700.00",
        "own": "45000.00",
        "sgb2": "30000.00",
    }
    assert data["provider"] == "demo-traeger-wiesbaden"


def test_out_of_scope_detail_is_404(demo, client_for):
    plan_wiesbaden_projects()
    assert client_for("frankfurt").get(f"{API}/projects/WI-2024-FIB").status_code == 404
    assert client_for("traeger-wiesbaden").get(f"{API}/projects/WI-2024-DIK").status_code == 404


def test_coordinator_writes_the_plan(demo, client_for):
    response = _put(
        client_for("wiesbaden"),
        "WI-2024-AAB",
        {"costs": {"fees": "120000.00", "material": "30000.00"}, "funding": {"aqb": "149999.99"}},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["cost_total"] == "150000.00"
    assert data["difference"] == "0.01"
    assert data["balanced"] is False
    assert str(Project.objects.get(code="WI-2024-AAB").funding_total) == "149999.99"


def test_plan_write_refusals(demo, client_for):
    body = {"costs": {"staff": "1.00"}, "funding": {"aqb": "1.00"}}
    response = _put(client_for("ministerium"), "WI-2024-FIB", body)
    assert response.status_code == 403
    assert "Koordination" in response.json()["detail"]
    assert _put(client_for("frankfurt"), "WI-2024-FIB", body).status_code == 404
    response = _put(client_for("wiesbaden"), "WI-2024-FIB", {"costs": {"rent": "1.00"}})
    assert response.status_code == 422
    assert "rent" in response.json()["detail"][0]["message"]
    make_application(ApplicationStatus.SUBMITTED)
    response = _put(client_for("wiesbaden"), "WI-2024-FIB", body)
    assert response.status_code == 403
    assert "eingereicht" in response.json()["detail"]
