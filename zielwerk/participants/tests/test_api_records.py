"""The provider API for participant records: scope, validation messages, idempotency, logging."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import Membership, User
from zielwerk.accounts.services import api_token_create
from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.participants.models import AccessLog, IdempotencyKey, Participant
from zielwerk.participants.records import RecordValidator
from zielwerk.projects.models import Project

from .test_services import VALUES

BODY = {"project": "WI-2024-FIB", **VALUES}


@pytest.fixture
def projects(users):
    plan_wiesbaden_projects()
    return {
        project.short_name: project
        for project in Project.objects.filter(code__startswith="WI-2024")
    }


def workshop_person(projects) -> User:
    """A person of the second Wiesbaden provider (it runs the four projects other than FIB and
    HIB)."""
    workshop = next(p.provider for name, p in projects.items() if name not in ("FIB", "HIB"))
    person = User.objects.create_user(username="werkstatt", password="x")
    Membership.objects.create(user=person, organisation=workshop, role=Role.PROVIDER_STAFF)
    return person


def token_for(users, username: str) -> str:
    _token, raw = api_token_create(actor=users["admin"], owner=users[username])
    return raw


@pytest.fixture
def api(users, projects):
    def make(username: str):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(users, username)}")
        return client

    return make


def post(client, path, body, **headers):
    return client.post(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def test_provider_creates_and_the_same_body_updates_nothing(api):
    client = api("traeger-wiesbaden")
    first = post(client, "/participants", BODY)
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["gender"] == "weiblich" and data["entered_on"] == "2024-03-01"
    assert data["pseudonym"].startswith("TN-") and "reference" not in data
    again = post(client, "/participants", BODY)
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert Participant.objects.count() == 1


def test_iso_dates_are_accepted(api):
    response = post(api("traeger-wiesbaden"), "/participants", BODY | {"entered_on": "2024-03-01"})
    assert response.status_code == 201
    assert Participant.objects.get().entered_on.isoformat() == "2024-03-01"


def test_idempotency_key_same_body_answers_again_without_writing(api):
    client = api("traeger-wiesbaden")
    first = post(client, "/participants", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    second = post(client, "/participants", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Participant.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_idempotency_key_with_another_body_is_refused(api):
    client = api("traeger-wiesbaden")
    post(client, "/participants", BODY, HTTP_IDEMPOTENCY_KEY="k-2")
    other = post(client, "/participants", BODY | {"reference": "B-2"}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]
    assert Participant.objects.count() == 1


def test_422_has_exactly_the_validators_messages(api, projects):
    bad = BODY | {"gender": "w", "first_residence_hessen": "nein", "exit_reason": "regulär"}
    response = post(api("traeger-wiesbaden"), "/participants", bad)
    assert response.status_code == 422
    _clean, problems = RecordValidator(projects["FIB"]).validate(
        {key: value for key, value in bad.items() if key != "project"}
    )
    expected = [
        {"field": p.field, "column": p.column, "value": p.value, "message": p.message}
        for p in problems
    ]
    assert response.json()["detail"] == expected
    assert {item["field"] for item in expected} == {
        "gender",
        "first_residence_hessen",
        "exit_reason",
    }
    assert Participant.objects.count() == 0


def test_missing_fields_are_reported_like_the_import(api):
    response = post(api("traeger-wiesbaden"), "/participants", {"project": "WI-2024-FIB"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    missing = {item["column"] for item in detail if item["message"] == "Angabe fehlt."}
    assert "Teilnehmenden-Kennung" in missing and "Geschlecht" in missing


def test_patch_exit_and_followup(api):
    client = api("traeger-wiesbaden")
    pk = post(client, "/participants", BODY).json()["id"]
    patched = client.patch(
        f"/api/v1/participants/{pk}",
        data=json.dumps({"birth_year": 2004}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["birth_year"] == 2004
    exited = post(
        client,
        f"/participants/{pk}/exit",
        {
            "exited_on": "31.03.2024",
            "exit_reason": "regulär",
            "situation_after_exit": "Beschäftigung",
        },
    )
    assert exited.status_code == 200
    assert exited.json()["exited_on"] == "2024-03-31"
    early = post(
        client,
        f"/participants/{pk}/followup",
        {"followup_on": "30.06.2024", "followup_situation": "employed"},
    )
    assert early.status_code == 422
    assert early.json()["detail"][0]["field"] == "followup_on"
    done = post(
        client,
        f"/participants/{pk}/followup",
        {"followup_on": "30.09.2024", "followup_situation": "employed"},
    )
    assert done.status_code == 200 and done.json()["followup_situation"] == "employed"


def test_list_own_records_with_filter_and_access_log(api):
    client = api("traeger-wiesbaden")
    post(client, "/participants", BODY)
    second = post(client, "/participants", BODY | {"reference": "B-2"}).json()["id"]
    post(
        client,
        f"/participants/{second}/exit",
        {"exited_on": "31.03.2024", "exit_reason": "regulär"},
    )
    everything = client.get("/api/v1/participants?project=WI-2024-FIB")
    assert everything.status_code == 200 and everything.json()["count"] == 2
    exited = client.get("/api/v1/participants?project=WI-2024-FIB&exited=true").json()
    assert [item["id"] for item in exited["items"]] == [second]
    still_in = client.get("/api/v1/participants?project=WI-2024-FIB&exited=false").json()
    assert still_in["count"] == 1 and still_in["items"][0]["id"] != second
    logs = AccessLog.objects.filter(kind="api")
    assert logs.count() == 3
    assert sorted(logs.values_list("record_count", flat=True)) == [1, 1, 2]


def test_region_reads_but_cannot_write(api):
    post(api("traeger-wiesbaden"), "/participants", BODY)
    region = api("wiesbaden")
    listed = region.get("/api/v1/participants?project=WI-2024-FIB")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    pk = listed.json()["items"][0]["id"]
    assert region.get(f"/api/v1/participants/{pk}").status_code == 200
    assert post(region, "/participants", BODY | {"reference": "X"}).status_code == 403
    assert (
        post(
            region,
            f"/participants/{pk}/exit",
            {"exited_on": "31.03.2024", "exit_reason": "regulär"},
        ).status_code
        == 403
    )
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel"])
def test_ministry_and_authority_get_403_on_the_list(api, username):
    post(api("traeger-wiesbaden"), "/participants", BODY)
    client = api(username)
    assert client.get("/api/v1/participants").status_code == 403
    assert client.get("/api/v1/participants?project=WI-2024-FIB").status_code == 403
    pk = Participant.objects.get().pk
    assert client.get(f"/api/v1/participants/{pk}").status_code == 404


def test_another_provider_cannot_read_or_write(api, users, projects):
    pk = post(api("traeger-wiesbaden"), "/participants", BODY).json()["id"]
    users["werkstatt"] = workshop_person(projects)
    client = api("werkstatt")
    assert client.get(f"/api/v1/participants/{pk}").status_code == 404
    assert client.get("/api/v1/participants").json()["count"] == 0
    patched = client.patch(
        f"/api/v1/participants/{pk}",
        data=json.dumps({"gender": "divers"}),
        content_type="application/json",
    )
    assert patched.status_code == 404
    assert post(client, "/participants", BODY | {"reference": "Z"}).status_code == 404
    assert Participant.objects.get().gender == "female"


def test_frankfurt_sees_nothing(api):
    pk = post(api("traeger-wiesbaden"), "/participants", BODY).json()["id"]
    client = api("frankfurt")
    assert client.get(f"/api/v1/participants/{pk}").status_code == 404
    assert client.get("/api/v1/participants").json()["count"] == 0


def test_openapi_documents_the_schemas(client_for):
    schema = client_for("admin").get("/api/v1/openapi.json").json()
    assert "/api/v1/participants" in schema["paths"]
    props = schema["components"]["schemas"]["ParticipantIn"]["properties"]
    assert "Rechtskreis" in props["entitlement"]["description"]
