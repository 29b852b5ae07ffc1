"""Record pages per role: the provider records, the region reads, everyone else sees nothing."""

from __future__ import annotations

import pytest

from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.participants.models import AccessLog, Participant
from zielwerk.participants.services import participant_record
from zielwerk.projects.models import Project

from .test_services import VALUES

FORM = {key: value for key, value in VALUES.items() if not key.startswith(("exit", "situation"))}
FORM |= {"entered_on": "2024-03-01", "gender": "weiblich", "education_level": "ISCED 0-2"}


@pytest.fixture
def setup(users):
    plan_wiesbaden_projects()
    fib = Project.objects.get(code="WI-2024-FIB")
    other = (
        Project.objects.filter(code__startswith="WI-2024")
        .exclude(short_name__in=["FIB", "HIB"])
        .first()
    )
    participant, _ = participant_record(
        actor=users["traeger-wiesbaden"], project=fib, values=VALUES
    )
    return fib, other, participant


def test_provider_sees_own_project_list_and_it_is_logged(setup, client_for):
    fib, _other, participant = setup
    response = client_for("traeger-wiesbaden").get(f"/projekte/{fib.code}/teilnehmende/")
    assert response.status_code == 200
    assert participant.pseudonym in response.content.decode()
    assert "Akte 4711" not in response.content.decode()
    log = AccessLog.objects.get(kind="list")
    assert (log.project, log.record_count) == (fib, 1)


def test_list_filters(setup, client_for, users):
    fib, _other, participant = setup
    client = client_for("traeger-wiesbaden")
    assert (
        participant.pseudonym
        not in client.get(f"/projekte/{fib.code}/teilnehmende/?status=ausgetreten").content.decode()
    )
    assert (
        participant.pseudonym
        in client.get(f"/projekte/{fib.code}/teilnehmende/?status=aktiv").content.decode()
    )


def test_other_providers_project_is_404(setup, client_for):
    _fib, other, _participant = setup
    client = client_for("traeger-wiesbaden")
    assert client.get(f"/projekte/{other.code}/teilnehmende/").status_code == 404
    assert client.get(f"/projekte/{other.code}/teilnehmende/neu/").status_code == 404


@pytest.mark.parametrize("username", ["frankfurt", "ministerium", "rp-kassel"])
def test_outside_the_scope_everything_is_404(setup, client_for, username):
    fib, _other, participant = setup
    client = client_for(username)
    for url in (
        f"/projekte/{fib.code}/teilnehmende/",
        f"/projekte/{fib.code}/teilnehmende/neu/",
        f"/teilnehmende/{participant.pk}/",
        f"/teilnehmende/{participant.pk}/bearbeiten/",
        f"/teilnehmende/{participant.pk}/austritt/",
        f"/teilnehmende/{participant.pk}/nachbefragung/",
    ):
        assert client.get(url).status_code == 404, url
    assert not AccessLog.objects.exists()


def test_region_reads_pseudonymously_but_cannot_write(setup, client_for):
    fib, _other, participant = setup
    client = client_for("wiesbaden")
    listing = client.get(f"/projekte/{fib.code}/teilnehmende/")
    assert listing.status_code == 200 and participant.pseudonym in listing.content.decode()
    assert "teilnehmende/neu/" not in listing.content.decode()
    assert client.get(f"/teilnehmende/{participant.pk}/").status_code == 200
    assert client.get(f"/projekte/{fib.code}/teilnehmende/neu/").status_code == 403
    assert client.post(f"/projekte/{fib.code}/teilnehmende/neu/", FORM).status_code == 403
    assert client.get(f"/teilnehmende/{participant.pk}/bearbeiten/").status_code == 403
    assert client.get(f"/teilnehmende/{participant.pk}/austritt/").status_code == 403
    assert Participant.objects.count() == 1


def test_detail_view_is_logged(setup, client_for):
    _fib, _other, participant = setup
    response = client_for("traeger-wiesbaden").get(f"/teilnehmende/{participant.pk}/")
    assert response.status_code == 200
    log = AccessLog.objects.get(kind="view")
    assert log.record_count == 1 and participant.pseudonym in log.what


def test_provider_records_in_the_browser(setup, client_for):
    fib, _other, _participant = setup
    client = client_for("traeger-wiesbaden")
    form = client.get(f"/projekte/{fib.code}/teilnehmende/neu/").content.decode()
    assert "Teilnehmenden-Kennung" in form and "verschlüsselten Abgleichwert" in form
    response = client.post(f"/projekte/{fib.code}/teilnehmende/neu/", FORM | {"reference": "B-7"})
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_ineligible_shows_the_message_and_saves_nothing(setup, client_for):
    fib, _other, _participant = setup
    response = client_for("traeger-wiesbaden").post(
        f"/projekte/{fib.code}/teilnehmende/neu/",
        FORM | {"reference": "B-8", "first_residence_hessen": "nein"},
    )
    assert response.status_code == 200
    assert "Nicht förderfähig" in response.content.decode()
    assert (
        response.context["form"].errors["first_residence_hessen"][0].startswith("Nicht förderfähig")
    )
    assert Participant.objects.count() == 1


def test_missing_values_show_the_validators_message(setup, client_for):
    fib, _other, _participant = setup
    response = client_for("traeger-wiesbaden").post(
        f"/projekte/{fib.code}/teilnehmende/neu/", FORM | {"reference": "B-9", "gender": ""}
    )
    assert response.context["form"].errors["gender"] == ["Angabe fehlt."]


def test_edit_and_exit_in_the_browser(setup, client_for):
    _fib, _other, participant = setup
    client = client_for("traeger-wiesbaden")
    edit = client.get(f"/teilnehmende/{participant.pk}/bearbeiten/")
    assert edit.status_code == 200
    data = {k: v for k, v in FORM.items() if k != "reference"} | {"birth_year": "2003"}
    assert client.post(f"/teilnehmende/{participant.pk}/bearbeiten/", data).status_code == 302
    response = client.post(
        f"/teilnehmende/{participant.pk}/austritt/",
        {
            "exited_on": "2024-06-30",
            "exit_reason": "vorzeitig",
            "dropout_reason": "Umzug",
            "situation_after_exit": "Arbeitssuche",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.birth_year == 2003
    assert (participant.exit_reason, participant.dropout_reason) == ("early", "Umzug")
