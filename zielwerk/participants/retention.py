"""Deleting participant records after the retention period, keeping the aggregates.

The period starts on the programme year's `closed_on` (or on 31 December of the year when the year
is closed and `closed_on` is empty) and lasts `Programme.participant_retention_months`. Its last
day is `retention_ends_on`; from the day after, `retention_run` stores each project's unsuppressed
indicator figures in RetainedFigures, deletes the project's records and audits the deletion with
counts only (no pseudonyms, no values). Years that are not closed are never due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from zielwerk.core.audit import audit_record
from zielwerk.core.dates import add_months
from zielwerk.programmes.choices import ProgrammeYearStatus
from zielwerk.projects.models import Project

from .indicators import add_counts, empty_counts, figures_of
from .models import IdempotencyKey, Participant, RetainedFigures


def retention_starts_on(programme_year) -> dt.date | None:
    if programme_year.closed_on is not None:
        return programme_year.closed_on
    if programme_year.status == ProgrammeYearStatus.CLOSED:
        return programme_year.last_day
    return None


def retention_ends_on(programme_year) -> dt.date | None:
    """The last day on which the records are kept; None while the year is not closed."""
    start = retention_starts_on(programme_year)
    if start is None:
        return None
    return add_months(start, programme_year.programme.participant_retention_months)


@dataclass(frozen=True)
class RetentionItem:
    project: Project
    records: int
    ends_on: dt.date


def retention_due(today: dt.date) -> list[RetentionItem]:
    """Projects with records whose retention period ended before `today`."""
    projects = (
        Project.objects.annotate(records=Count("participants"))
        .filter(records__gt=0)
        .select_related("programme_year__programme", "region")
        .order_by("code")
    )
    items = []
    for project in projects:
        ends_on = retention_ends_on(project.programme_year)
        if ends_on is not None and ends_on < today:
            items.append(RetentionItem(project, project.records, ends_on))
    return items


def retention_delete(*, actor, item: RetentionItem) -> int:
    """Keep the figures of one project, then delete its records; returns the number deleted."""
    project = item.project
    with transaction.atomic():
        figures = empty_counts()
        existing = RetainedFigures.objects.select_for_update().filter(project=project).first()
        if existing is not None:
            add_counts(figures, existing.figures)
        add_counts(figures, figures_of(project))
        deleted, _by_model = Participant.objects.filter(project=project).delete()
        if existing is None:
            RetainedFigures.objects.create(
                project=project, figures=figures, records_deleted=deleted
            )
        else:
            existing.figures = figures
            existing.records_deleted += deleted
            existing.save(update_fields=["figures", "records_deleted"])
        audit_record(
            actor=actor,
            action="participants.retention_delete",
            obj=project,
            changes={"records": [deleted, 0]},
            reason=f"Aufbewahrungsfrist endete am {item.ends_on.isoformat()}",
        )
    return deleted


IDEMPOTENCY_KEEP = dt.timedelta(days=30)


def idempotency_keys_due(now: dt.datetime):
    """Stored API answers older than 30 days: a client retries within minutes, and the answers
    contain (pseudonymous) records, so they are not kept longer than needed."""
    return IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_KEEP)
