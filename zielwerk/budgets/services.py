"""Writes on budgets: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.core.formats import format_euro
from zielwerk.organisations.models import Region

from .allocation import AllocationError, distribute, scores
from .choices import AllocationStatus
from .models import (
    Allocation,
    AllocationVersion,
    DistributionKey,
    Indicator,
    IndicatorValue,
    KeyResult,
    KeyWeight,
)
from .permissions import can_manage_budget


def _share(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("1e-10"))


def _regions(programme_year):
    return [p.region for p in programme_year.participations.select_related("region")]


def indicator_values_store(
    *, actor, programme_year, table: Mapping[str, Mapping[str, Decimal]]
) -> int:
    """Store validated indicator values ({ags: {code: value}}), replacing the year's values of
    the same indicators. Unknown indicator codes are created."""
    can_manage_budget(actor).enforce()
    regions = {region.ags: region for region in _regions(programme_year) if region.ags}
    codes = sorted({code for row in table.values() for code in row})
    with transaction.atomic():
        indicators = {
            code: Indicator.objects.get_or_create(code=code, defaults={"name": code})[0]
            for code in codes
        }
        IndicatorValue.objects.filter(
            programme_year=programme_year, indicator__code__in=codes
        ).delete()
        rows = [
            IndicatorValue(
                programme_year=programme_year,
                region=regions[ags],
                indicator=indicators[code],
                value=value,
            )
            for ags, row in table.items()
            for code, value in row.items()
        ]
        IndicatorValue.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="indicator_values.import",
            obj=programme_year,
            changes={"indicators": [None, codes], "rows": [None, len(table)]},
        )
    return len(rows)


def _store_key(
    *, actor, programme_year, name, total, minimum, unit, note, manual
) -> DistributionKey:
    key = DistributionKey(
        programme_year=programme_year,
        name=name,
        total=total,
        minimum=minimum,
        unit=unit,
        note=note,
        is_manual=manual,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    key.full_clean()
    key.save()
    return key


def distribution_key_compute(
    *,
    actor,
    programme_year,
    name: str,
    total: Decimal,
    weights: Mapping[str, Decimal],
    minimum: Decimal = Decimal(0),
    unit: Decimal = Decimal(100),
    note: str = "",
) -> DistributionKey:
    """Compute a key from the year's indicator values; key, inputs and result are stored
    together."""
    can_manage_budget(actor).enforce()
    if programme_year.budget_total is not None and total > programme_year.budget_total:
        raise ValidationError(
            _("Der zu verteilende Betrag (%(total)s) übersteigt die Haushaltsmittel (%(budget)s).")
            % {"total": format_euro(total), "budget": format_euro(programme_year.budget_total)}
        )
    regions = {region.ags or region.code: region for region in _regions(programme_year)}
    values: dict[str, dict[str, Decimal]] = {label: {} for label in regions}
    for value in IndicatorValue.objects.filter(
        programme_year=programme_year, indicator__code__in=list(weights)
    ).select_related("region", "indicator"):
        label = value.region.ags or value.region.code
        if label in values:
            values[label][value.indicator.code] = value.value
    try:
        region_scores = scores(values, weights)
        amounts = distribute(total, region_scores, minimum=minimum, unit=unit)
    except AllocationError as error:
        raise ValidationError(str(error)) from error
    score_sum = sum(region_scores.values())
    with transaction.atomic():
        key = _store_key(
            actor=actor,
            programme_year=programme_year,
            name=name,
            total=total,
            minimum=minimum,
            unit=unit,
            note=note,
            manual=False,
        )
        KeyWeight.objects.bulk_create(
            KeyWeight(key=key, indicator=Indicator.objects.get(code=code), weight=weight)
            for code, weight in weights.items()
        )
        KeyResult.objects.bulk_create(
            KeyResult(
                key=key,
                region=regions[label],
                share=_share(region_scores[label] / score_sum),
                amount=amounts[label],
            )
            for label in regions
        )
        audit_record(
            actor=actor,
            action="distribution_key.compute",
            obj=key,
            changes=snapshot(key, ["name", "total", "minimum", "unit"]),
        )
    return key


def distribution_key_manual(
    *,
    actor,
    programme_year,
    name: str,
    amounts: Mapping[Region, Decimal],
    reason: str,
    reasons: Mapping[Region, str] | None = None,
) -> DistributionKey:
    """Amounts set by the ministry per region (the real key is not public), with a reason.
    The sum may not exceed the year's budget."""
    can_manage_budget(actor).enforce()
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die manuell gesetzten Beträge."))
    total = sum(amounts.values(), Decimal(0))
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError(_("Beträge dürfen nicht negativ sein."))
    if programme_year.budget_total is not None and total > programme_year.budget_total:
        raise ValidationError(
            _("Die Summe (%(total)s) übersteigt die Haushaltsmittel (%(budget)s).")
            % {"total": format_euro(total), "budget": format_euro(programme_year.budget_total)}
        )
    with transaction.atomic():
        key = _store_key(
            actor=actor,
            programme_year=programme_year,
            name=name,
            total=total,
            minimum=Decimal(0),
            unit=Decimal("0.01"),
            note=reason,
            manual=True,
        )
        KeyResult.objects.bulk_create(
            KeyResult(
                key=key,
                region=region,
                share=(amount / total).quantize(Decimal("1e-10")) if total else Decimal(0),
                amount=amount,
                reason=(reasons or {}).get(region, ""),
            )
            for region, amount in amounts.items()
        )
        audit_record(
            actor=actor,
            action="distribution_key.manual",
            obj=key,
            changes=snapshot(key, ["name", "total"]),
            reason=reason,
        )
    return key


def allocation_announce(
    *, actor, key: DistributionKey, effective_on: dt.date, invented: Container[Region] = ()
) -> list[AllocationVersion]:
    """Announce (or, where an allocation exists, revise) every region's amount from a key."""
    can_manage_budget(actor).enforce()
    created = []
    with transaction.atomic():
        for result in key.results.select_related("region"):
            allocation, _created = Allocation.objects.get_or_create(
                programme_year=key.programme_year, region=result.region
            )
            current = allocation.current
            version = AllocationVersion.objects.create(
                allocation=allocation,
                number=(current.number + 1) if current else 1,
                status=AllocationStatus.REVISED if current else AllocationStatus.ANNOUNCED,
                amount=result.amount,
                effective_on=effective_on,
                reason=result.reason or key.note,
                source_key=key,
                invented=result.region in invented,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                actor=actor,
                action="allocation.announce" if not current else "allocation.revise",
                obj=allocation,
                changes={"amount": [str(current.amount) if current else None, str(result.amount)]},
                reason=key.name,
            )
            created.append(version)
    return created


def allocation_revise(
    *, actor, allocation: Allocation, amount: Decimal, effective_on: dt.date, reason: str
) -> AllocationVersion:
    """Cut or increase during the year, with date and reason."""
    can_manage_budget(actor).enforce()
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die Änderung."))
    if amount < 0:
        raise ValidationError(_("Der Betrag darf nicht negativ sein."))
    with transaction.atomic():
        current = Allocation.objects.select_for_update().get(pk=allocation.pk).current
        version = AllocationVersion.objects.create(
            allocation=allocation,
            number=(current.number + 1) if current else 1,
            status=AllocationStatus.REVISED if current else AllocationStatus.ANNOUNCED,
            amount=amount,
            effective_on=effective_on,
            reason=reason,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="allocation.revise",
            obj=allocation,
            changes={"amount": [str(current.amount) if current else None, str(amount)]},
            reason=reason,
        )
    return version
