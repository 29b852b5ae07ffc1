"""Logging reads of record-level participant data and every export (AccessLog). Call
`log_access` in the view or command that shows or hands out the records, after the permission
check, with the number of records it shows."""

from __future__ import annotations

from zielwerk.core.audit import actor_label

from .models import AccessLog


def log_access(user, kind: str, what: str, *, project=None, record_count: int = 0) -> AccessLog:
    return AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        user_label=actor_label(user),
        kind=kind,
        project=project,
        what=what[:300],
        record_count=record_count,
    )
