import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Organisation
from zielwerk.organisations.services import organisation_update_contact

pytestmark = pytest.mark.django_db


def test_region_coordinator_updates_own_contact_with_audit(users):
    org = Organisation.objects.get(slug="verwaltung-wiesbaden")
    organisation_update_contact(
        actor=users["wiesbaden"],
        organisation=org,
        data={"email": "aqb@wiesbaden.example", "phone": "0611 1234"},
        reason="Neue Funktionsadresse",
    )
    org.refresh_from_db()
    assert org.email == "aqb@wiesbaden.example"
    entry = AuditEntry.objects.filter(action="organisation.update_contact").get()
    assert entry.actor == users["wiesbaden"]
    assert entry.changes == {
        "email": ["", "aqb@wiesbaden.example"],
        "phone": ["", "0611 1234"],
    }
    assert entry.reason == "Neue Funktionsadresse"


def test_other_region_may_not_change_it(users):
    org = Organisation.objects.get(slug="verwaltung-wiesbaden")
    with pytest.raises(PermissionDenied):
        organisation_update_contact(
            actor=users["frankfurt"], organisation=org, data={"email": "x@example.org"}
        )
    org.refresh_from_db()
    assert org.email == ""
    assert not AuditEntry.objects.filter(action="organisation.update_contact").exists()


def test_only_contact_fields_can_change(users):
    org = Organisation.objects.get(slug="verwaltung-wiesbaden")
    with pytest.raises(ValueError, match="name"):
        organisation_update_contact(
            actor=users["ministerium"], organisation=org, data={"name": "Anders"}
        )


def test_invalid_email_changes_nothing(users):
    org = Organisation.objects.get(slug="verwaltung-wiesbaden")
    with pytest.raises(ValidationError):
        organisation_update_contact(
            actor=users["wiesbaden"], organisation=org, data={"email": "keine-adresse"}
        )
    org.refresh_from_db()
    assert org.email == ""
    assert not AuditEntry.objects.filter(action="organisation.update_contact").exists()


def test_unchanged_data_writes_no_audit_entry(users):
    org = Organisation.objects.get(slug="verwaltung-wiesbaden")
    organisation_update_contact(actor=users["wiesbaden"], organisation=org, data={"email": ""})
    assert not AuditEntry.objects.filter(action="organisation.update_contact").exists()


def test_region_list_does_not_carry_hidden_providers(users):
    from zielwerk.organisations.selectors import region_list

    wiesbaden = next(r for r in region_list(users["frankfurt"]) if r.slug == "wiesbaden")
    assert list(wiesbaden.providers.all()) == []
    wiesbaden = next(r for r in region_list(users["ministerium"]) if r.slug == "wiesbaden")
    assert [p.slug for p in wiesbaden.providers.all()] == ["demo-traeger-wiesbaden"]
