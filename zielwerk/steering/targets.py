"""Targets travel with the agreement: every new version (a saved change, an amendment) starts
with the targets of the version it follows, so a signed version keeps the targets it was signed
with and the key of each target stays the same across versions."""

from __future__ import annotations

from .models import Target, TargetPhase


def copy_targets(source, destination) -> int:
    """Copy the targets (with their phases) of one agreement version to another; returns the
    number copied. Two queries to read, two to write, whatever the number of targets."""
    targets = list(source.targets.prefetch_related("phases").order_by("position", "pk"))
    if not targets:
        return 0
    copies = Target.objects.bulk_create(
        Target(
            version=destination,
            position=t.position,
            key=t.key,
            label=t.label,
            metric=t.metric,
            scope=t.scope,
            measure_type_id=t.measure_type_id,
            project_id=t.project_id,
            value=t.value,
            period_from=t.period_from,
            period_to=t.period_to,
            phasing=t.phasing,
            note=t.note,
        )
        for t in targets
    )
    by_key = {copy.key: copy for copy in copies}
    if any(copy.pk is None for copy in copies):  # databases that return no keys on bulk insert
        by_key = {t.key: t for t in destination.targets.all()}
    TargetPhase.objects.bulk_create(
        TargetPhase(target=by_key[t.key], starts_on=p.starts_on, ends_on=p.ends_on, value=p.value)
        for t in targets
        for p in t.phases.all()
    )
    return len(targets)
