import pytest
from django.db import connection, transaction

from zielwerk.core.audit import apply_changes, audit_record
from zielwerk.core.models import AppendOnlyError, AuditEntry
from zielwerk.organisations.models import Organisation


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(kind="provider", name="Träger A", slug="traeger-a")


@pytest.mark.django_db(transaction=True)
def test_audit_record_needs_a_transaction():
    organisation = Organisation.objects.create(kind="provider", name="Träger B", slug="b")
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x.test", obj=organisation)


def test_entries_cannot_be_changed_or_deleted(organisation):
    with transaction.atomic():
        entry = audit_record(actor=None, action="x.test", obj=organisation)
    assert entry.actor_label == "System"
    entry.reason = "nachträglich"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_database_refuses_updates_on_postgresql(organisation):
    from django.db.utils import DatabaseError

    with transaction.atomic():
        entry = audit_record(actor=None, action="x.test", obj=organisation)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [entry.pk])


def test_apply_changes_reports_only_what_changed(organisation):
    changes = apply_changes(organisation, {"name": "Träger A", "email": "a@example.org"})
    assert changes == {"email": ["", "a@example.org"]}
    assert organisation.email == "a@example.org"
