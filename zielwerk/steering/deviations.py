"""Reads of deviations for every part of steering (region page, dashboard, meeting, assessment).
The writes are in services/deviations.py."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from zielwerk.agreements.models import Agreement
from zielwerk.programmes.models import ProgrammeYear

from .choices import OPEN_DEVIATION_STATUSES
from .models import Deviation, DeviationMessage


def deviations_of(agreement: Agreement, *, status: str | None = None) -> list[Deviation]:
    """The agreement's deviations, newest first, with target, rule and messages (and their
    authors) – a fixed number of queries however many there are."""
    queryset = Deviation.objects.filter(agreement=agreement)
    if status:
        queryset = queryset.filter(status=status)
    return list(
        queryset.select_related("target", "rule", "agreement__region", "agreement__programme_year")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=DeviationMessage.objects.select_related("author").order_by(
                    "written_on", "created_at", "pk"
                ),
            )
        )
        .order_by("-detected_on", "pk")
    )


def open_deviation_counts(programme_year: ProgrammeYear) -> dict[int, int]:
    """{region id: number of open deviations (open, explained, queried)} in one query."""
    rows = (
        Deviation.objects.filter(
            agreement__programme_year=programme_year, status__in=OPEN_DEVIATION_STATUSES
        )
        .values("agreement__region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["agreement__region_id"]: row["n"] for row in rows}
