"""The steering API (api.py): scope per role and the figures, on the fixture of test_dashboard.py
(hand-computed values are explained there)."""

from __future__ import annotations

import pytest

from zielwerk.steering.tests.test_dashboard import build_fixture

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/steering/2024/regions"
TARGETS = "/api/v1/steering/2024/regions/wiesbaden/targets"
DEVIATIONS = "/api/v1/steering/2024/regions/wiesbaden/deviations"


@pytest.fixture
def fx(demo):
    return build_fixture()


def test_ministry_sees_every_region(fx, client_for):
    body = client_for("ministerium").get(REGIONS + "?stichtag=30.06.2024").json()
    assert body["as_of"] == "2024-06-30"
    assert len(body["regions"]) == 26
    wiesbaden = next(row for row in body["regions"] if row["region"] == "wiesbaden")
    assert wiesbaden["budget"] == "2500000.01"
    assert wiesbaden["agreed"] == "2400000.10"
    assert wiesbaden["approved"] == "2483300.00"
    assert wiesbaden["paid"] == "1250000.00"
    assert wiesbaden["participants"] == 3
    assert (wiesbaden["targets"], wiesbaden["on_track"], wiesbaden["below"]) == (2, 1, 1)
    assert wiesbaden["attainment"] == "50.0"
    assert wiesbaden["attainment_band"] == "low"
    assert wiesbaden["open_deviations"] == 1


def test_authority_sees_every_region(fx, client_for):
    assert len(client_for("rp-kassel").get(REGIONS).json()["regions"]) == 26


def test_region_sees_only_its_own_row(fx, client_for):
    body = client_for("wiesbaden").get(REGIONS).json()
    assert [row["region"] for row in body["regions"]] == ["wiesbaden"]
    body = client_for("frankfurt").get(REGIONS).json()
    assert [row["region"] for row in body["regions"]] == ["frankfurt"]


def test_provider_and_anonymous_are_refused(fx, client_for):
    for url in (REGIONS, TARGETS, DEVIATIONS):
        assert client_for("traeger-wiesbaden").get(url).status_code == 403
        assert client_for(None).get(url).status_code == 401


def test_targets_of_wiesbaden(fx, client_for):
    body = client_for("wiesbaden").get(TARGETS + "?stichtag=30.06.2024").json()
    assert (body["region"], body["version"], body["as_of"]) == ("wiesbaden", 1, "2024-06-30")
    entries, spending = body["targets"]
    assert entries["key"] == "eintritte-dik"
    assert (entries["plan"], entries["plan_to_date"], entries["actual"]) == (
        "10.00",
        "4.97",
        "3.00",
    )
    assert entries["ratio"] == "60.4"
    assert entries["status"] == "below" and entries["status_label"] == "unter Plan"
    # Forecast: 3 ÷ 4,97 × 10 = 6,036… → 6,04
    assert entries["forecast"] == "6.04"
    assert spending["plan_to_date"] == "1234865.03"
    assert spending["actual"] == "1250000.00"
    assert spending["ratio"] == "101.2"
    assert spending["status"] == "in_plan"


def test_targets_outside_scope_answer_404(fx, client_for):
    assert client_for("frankfurt").get(TARGETS).status_code == 404
    assert client_for("frankfurt").get(DEVIATIONS).status_code == 404
    assert (
        client_for("ministerium")
        .get("/api/v1/steering/2024/regions/gibt-es-nicht/targets")
        .status_code
        == 404
    )
    assert client_for("ministerium").get("/api/v1/steering/2023/regions").status_code == 404


def test_deviations_of_wiesbaden(fx, client_for):
    body = client_for("ministerium").get(DEVIATIONS).json()
    assert {(d["target_key"], d["status"]) for d in body} == {
        ("eintritte-dik", "open"),
        ("ausgaben", "accepted"),
    }
    open_one = next(d for d in body if d["status"] == "open")
    assert open_one["ratio_percent"] == "60.4"
    assert open_one["planned_to_date"] == "4.97"
