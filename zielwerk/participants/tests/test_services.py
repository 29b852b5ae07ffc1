"""Writing single records: create, update, unchanged, eligibility, audit, exit and follow-up."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied

from zielwerk.core.models import AuditEntry
from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.participants.models import Participant
from zielwerk.participants.records import RecordValidator
from zielwerk.participants.services import (
    RecordInvalid,
    participant_exit,
    participant_followup,
    participant_record,
    participant_update,
    participant_values,
)
from zielwerk.projects.models import Project

VALUES = {
    "reference": "Akte 4711",
    "entered_on": "01.03.2024",
    "gender": "weiblich",
    "birth_year": "2006",
    "residence": "06414",
    "first_residence_hessen": "ja",
    "entitlement": "SGB II",
    "via_household": "ja",
    "employment_status": "arbeitslos",
    "education_level": "ISCED 0-2",
    "target_group": "",
    "disability": "ja",
    "foreign_background": "nein",
    "third_country_national": "keine Angabe",
    "followup_consent": "ja",
    "exited_on": "",
    "exit_reason": "",
    "situation_after_exit": "",
}


@pytest.fixture
def fib(users):
    plan_wiesbaden_projects()
    return Project.objects.get(code="WI-2024-FIB")


@pytest.fixture
def provider(users):
    return users["traeger-wiesbaden"]


def test_record_creates_then_leaves_identical_values_unchanged(fib, provider):
    participant, created = participant_record(actor=provider, project=fib, values=VALUES)
    assert created
    participant.refresh_from_db()
    assert participant.entered_on == dt.date(2024, 3, 1)
    assert participant.gender == "female"
    assert participant.residence_region.name == "Wiesbaden"
    assert participant.disability == "yes"
    assert participant.pseudonym.startswith("TN-") and len(participant.pseudonym) == 13
    stamp = participant.updated_at
    audits = AuditEntry.objects.count()

    again, created = participant_record(actor=provider, project=fib, values=VALUES)
    assert (again.pk, created) == (participant.pk, False)
    again.refresh_from_db()
    assert again.updated_at == stamp
    assert AuditEntry.objects.count() == audits
    assert Participant.objects.count() == 1


def test_the_reference_is_never_stored(fib, provider):
    participant, _created = participant_record(actor=provider, project=fib, values=VALUES)
    stored = json.dumps(list(Participant.objects.filter(pk=participant.pk).values()), default=str)
    assert "4711" not in stored


def test_record_with_the_same_reference_updates(fib, provider):
    first, _ = participant_record(actor=provider, project=fib, values=VALUES)
    second, created = participant_record(
        actor=provider,
        project=fib,
        values=VALUES | {"reference": "  Akte 4711 ", "gender": "divers"},
    )
    assert (second.pk, created) == (first.pk, False)
    assert Participant.objects.get().gender == "diverse"
    entry = AuditEntry.objects.filter(action="participant.update").get()
    assert entry.changes == {"fields": ["gender"]}


def test_ineligible_person_is_refused_and_nothing_written(fib, provider):
    audits = AuditEntry.objects.count()
    with pytest.raises(RecordInvalid) as caught:
        participant_record(
            actor=provider, project=fib, values=VALUES | {"first_residence_hessen": "nein"}
        )
    [problem] = caught.value.problems
    assert problem.field == "first_residence_hessen"
    assert "Nicht förderfähig" in problem.message
    assert caught.value.message_dict == {"first_residence_hessen": [problem.message]}
    assert Participant.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_messages_are_exactly_the_validators(fib, provider):
    bad = VALUES | {"gender": "w", "entered_on": "31.02.2024"}
    _clean, expected = RecordValidator(fib).validate(bad)
    with pytest.raises(RecordInvalid) as caught:
        participant_record(actor=provider, project=fib, values=bad)
    assert caught.value.problems == expected


def test_only_the_provider_records(fib, users):
    for username in ("wiesbaden", "ministerium", "frankfurt"):
        with pytest.raises(PermissionDenied):
            participant_record(actor=users[username], project=fib, values=VALUES)
    assert Participant.objects.count() == 0


def test_audit_has_pseudonym_and_field_names_but_no_values(fib, provider):
    participant, _ = participant_record(actor=provider, project=fib, values=VALUES)
    participant_update(
        actor=provider, participant=participant, values={"third_country_national": "ja"}
    )
    entries = AuditEntry.objects.filter(action__startswith="participant.")
    assert entries.count() == 2
    for entry in entries:
        assert participant.pseudonym in entry.object_repr
        text = json.dumps(entry.changes) + entry.object_repr + entry.reason
        for value in ("4711", "yes", "not_stated", "keine Angabe", "female", "2006"):
            assert value not in text
    assert entries.get(action="participant.update").changes == {
        "fields": ["third_country_national"]
    }


def test_update_merges_and_validates(fib, provider):
    participant, _ = participant_record(actor=provider, project=fib, values=VALUES)
    updated = participant_update(
        actor=provider, participant=participant, values={"birth_year": 2001}
    )
    assert updated.birth_year == 2001 and updated.gender == "female"
    with pytest.raises(RecordInvalid) as caught:
        participant_update(actor=provider, participant=participant, values={"birth_year": 1900})
    assert [problem.field for problem in caught.value.problems] == ["birth_year"]
    assert Participant.objects.get().birth_year == 2001


def test_values_round_trip_through_the_validator(fib, provider):
    participant, _ = participant_record(actor=provider, project=fib, values=VALUES)
    values = participant_values(participant)
    assert values["gender"] == "weiblich"
    assert values["entitlement"] == "SGB II"
    assert values["residence"] == "06414"
    assert values["followup_consent"] == "ja"
    clean, problems = RecordValidator(fib).validate(values | {"reference": "x"})
    assert problems == []
    assert clean is not None and clean["gender"] == "female"


def test_exit_and_early_exit_reason(fib, provider):
    participant, _ = participant_record(actor=provider, project=fib, values=VALUES)
    exited = participant_exit(
        actor=provider,
        participant=participant,
        exited_on="30.06.2024",
        exit_reason="vorzeitig",
        situation_after_exit="Beschäftigung",
        dropout_reason="Arbeitsaufnahme",
    )
    assert exited.exited_on == dt.date(2024, 6, 30)
    assert (exited.exit_reason, exited.situation_after_exit) == ("early", "employment")
    assert exited.dropout_reason == "Arbeitsaufnahme"
    with pytest.raises(RecordInvalid) as caught:
        participant_exit(
            actor=provider, participant=exited, exited_on="28.02.2024", exit_reason="regulär"
        )
    assert caught.value.message_dict == {"exited_on": ["Der Austritt liegt vor dem Eintritt."]}


def test_followup_needs_consent(fib, provider):
    participant, _ = participant_record(
        actor=provider, project=fib, values=VALUES | {"followup_consent": "nein"}
    )
    participant = participant_exit(
        actor=provider, participant=participant, exited_on="31.03.2024", exit_reason="regulär"
    )
    with pytest.raises(RecordInvalid) as caught:
        participant_followup(
            actor=provider,
            participant=participant,
            followup_on="30.09.2024",
            followup_situation="employed",
        )
    assert "Einwilligung" in caught.value.message_dict["followup_consent"][0]
    participant.refresh_from_db()
    assert participant.followup_on is None and participant.followup_situation == ""


def test_followup_at_least_five_months_after_exit(fib, provider):
    participant, _ = participant_record(actor=provider, project=fib, values=VALUES)
    participant = participant_exit(
        actor=provider, participant=participant, exited_on="31.03.2024", exit_reason="regulär"
    )
    with pytest.raises(RecordInvalid) as caught:
        participant_followup(
            actor=provider,
            participant=participant,
            followup_on="29.08.2024",
            followup_situation="beschäftigt, auch selbständig",
        )
    [message] = caught.value.message_dict["followup_on"]
    # 31 March + 5 months = 31 August; 29 August is two days too early.
    assert "29.08.2024" in message and "31.03.2024" in message and "31.08.2024" in message
    done = participant_followup(
        actor=provider,
        participant=participant,
        followup_on="31.08.2024",
        followup_situation="beschäftigt, auch selbständig",
    )
    assert (done.followup_on, done.followup_situation) == (dt.date(2024, 8, 31), "employed")


def test_consent_is_dated_with_the_entry_and_cleared_when_withdrawn(fib, provider):
    participant, _created = participant_record(actor=provider, project=fib, values=VALUES)
    participant.refresh_from_db()
    assert participant.followup_consent_on == dt.date(2024, 3, 1)  # VALUES' entry date
    participant_record(actor=provider, project=fib, values=VALUES | {"followup_consent": "nein"})
    participant.refresh_from_db()
    assert participant.followup_consent_on is None
