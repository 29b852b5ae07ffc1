"""Writing the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditEntry

Changes = dict[str, list[Any]]


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the audit trail."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [_plain(item) for item in value]
    return str(value)


def apply_changes(obj: models.Model, data: Mapping[str, Any]) -> Changes:
    """Set the given fields on obj and return {field: [old, new]} for those that changed."""
    changes: Changes = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changes


def snapshot(obj: models.Model, fields: Iterable[str]) -> Changes:
    """For creations: {field: [None, value]}."""
    return {field: [None, _plain(getattr(obj, field))] for field in fields}


def actor_label(actor: Any) -> str:
    if actor is None:
        return "System"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full} ({actor.get_username()})" if full else actor.get_username()


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: Changes | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one audit row. Must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record muss innerhalb einer Transaktion aufgerufen werden.")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        reason=reason,
    )
