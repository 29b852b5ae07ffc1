"""Writes of good practice: atomic, permission-checked, audited. After every save the stored
German search vector is refreshed (PostgreSQL only; SQLite searches the text columns)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.organisations.models import Region

from .models import Entry
from .permissions import can_manage_practice

SEARCH_CONFIG = "german"
TEXT_FIELDS = ("title", "summary", "description")


@dataclass(frozen=True)
class EntryData:
    title: str
    summary: str
    region: Region
    description: str = ""
    project_ids: tuple[int, ...] = ()
    measure_type_ids: tuple[int, ...] = ()
    published: bool = False


def search_vector_refresh(entry_ids) -> None:
    """Title weighs most (A), then summary (B), then description (C); German stemming."""
    if connection.vendor != "postgresql":
        return
    Entry.objects.filter(pk__in=list(entry_ids)).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def entry_save(*, actor, data: EntryData, entry: Entry | None = None) -> Entry:
    can_manage_practice(actor).enforce()
    errors = {}
    if not data.title.strip():
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    if not data.summary.strip():
        errors["summary"] = _("Bitte geben Sie eine Kurzbeschreibung an.")
    if len(data.summary) > 600:
        errors["summary"] = _("Die Kurzbeschreibung hat höchstens 600 Zeichen.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = entry is None
        if entry is None:
            entry = Entry(created_by=actor)
            before = {}
        else:
            entry = Entry.objects.select_for_update().get(pk=entry.pk)
            before = {name: getattr(entry, name) for name in (*TEXT_FIELDS, "published")}
            before["region"] = entry.region_id
        entry.title = data.title.strip()
        entry.summary = data.summary.strip()
        entry.description = data.description.strip()
        entry.region = data.region
        entry.published = data.published
        entry.save()
        entry.projects.set(data.project_ids)
        entry.measure_types.set(data.measure_type_ids)
        search_vector_refresh([entry.pk])
        after = {name: getattr(entry, name) for name in (*TEXT_FIELDS, "published")}
        after["region"] = entry.region_id
        audit_record(
            actor=actor,
            action="practice.entry.create" if creating else "practice.entry.update",
            obj=entry,
            changes={
                name: [None if creating else str(before.get(name)), str(value)]
                for name, value in after.items()
                if creating or before.get(name) != value
            },
        )
    return entry


def entry_publish(*, actor, entry: Entry, published: bool) -> Entry:
    can_manage_practice(actor).enforce()
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.published != published:
            entry.published = published
            entry.save(update_fields=["published", "updated_at"])
            audit_record(
                actor=actor,
                action="practice.entry.publish" if published else "practice.entry.withdraw",
                obj=entry,
                changes={"published": [str(not published), str(published)]},
            )
    return entry
