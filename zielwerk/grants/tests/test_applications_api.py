"""API of applications: reads in scope, steps through the services, errors 403/404/422."""

from __future__ import annotations

import pytest

from zielwerk.grants.choices import ApplicationStatus
from zielwerk.grants.models import Application
from zielwerk.grants.tests import factories

from .test_applications_support import draft_application

pytestmark = pytest.mark.django_db

BASE = "/api/v1/applications"


def test_list_and_detail_in_scope(client_for):
    draft_application()
    listed = client_for("ministerium").get(f"{BASE}?year=2024").json()
    assert [(a["region"], a["status"]) for a in listed] == [("wiesbaden", "draft")]
    assert client_for("ministerium").get(f"{BASE}?year=2025").json() == []
    assert client_for("frankfurt").get(BASE).json() == []
    detail = client_for("wiesbaden").get(f"{BASE}/2024/wiesbaden").json()
    assert detail["applied_total"] == "2508300.00"
    assert detail["allocation"] == "2508300.00"
    assert len(detail["projects"]) == 6
    assert detail["steps"] == ["submit"]
    assert client_for("frankfurt").get(f"{BASE}/2024/wiesbaden").status_code == 404
    assert client_for(None).get(f"{BASE}/2024/wiesbaden").status_code == 401


def test_provider_sees_only_its_projects_and_no_reviews(client_for):
    factories.make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    detail = client_for("traeger-wiesbaden").get(f"{BASE}/2024/wiesbaden").json()
    assert sorted(p["code"] for p in detail["projects"]) == ["WI-2024-FIB", "WI-2024-HIB"]
    assert detail["reviews"] == [] and detail["allocation"] is None
    authority = client_for("rp-kassel").get(f"{BASE}/2024/wiesbaden").json()
    assert sorted(r["kind"] for r in authority["reviews"]) == ["content", "finance"]
    assert sorted(authority["steps"]) == ["return"]


def test_transitions_through_the_api(client_for):
    draft_application()
    url = f"{BASE}/2024/wiesbaden/transitions"
    refused = client_for("ministerium").post(
        f"{url}/submit", {"reason": ""}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "Koordination" in refused.json()["detail"]
    # The 2024 deadline has passed: without a reason the submission is invalid.
    invalid = client_for("wiesbaden").post(
        f"{url}/submit", {"reason": ""}, content_type="application/json"
    )
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["field"] == "reason"
    done = client_for("wiesbaden").post(
        f"{url}/submit", {"reason": "Ratsbeschluss im April"}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "submitted" and done.json()["is_late"] is True
    assert (
        client_for("rp-kassel")
        .post(f"{url}/decide", {}, content_type="application/json")
        .status_code
        == 404
    )
    review = client_for("rp-kassel").post(
        f"{url}/start_review", {}, content_type="application/json"
    )
    assert review.status_code == 200 and review.json()["status"] == "in_review"
    assert Application.objects.get().reviews.count() == 2
