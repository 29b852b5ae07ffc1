"""Writes on budgets: atomic, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.core.formats import format_date, format_euro
from zielwerk.organisations.models import Region
from zielwerk.programmes.selectors import participating_regions

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


def indicator_values_store(
    *, actor, programme_year, table: Mapping[str, Mapping[str, Decimal]]
) -> int:
    """Store validated indicator values ({ags: {code: value}}), replacing the year's values of
    the same indicators. Unknown indicator codes are created."""
    can_manage_budget(actor).enforce()
    regions = {region.ags: region for region in participating_regions(programme_year) if region.ags}
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
    regions = {
        region.ags or region.code: region for region in participating_regions(programme_year)
    }
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


def _next_number(current: AllocationVersion | None) -> int:
    return (current.number + 1) if current else 1


def _refuse_if_final(allocation: Allocation, current: AllocationVersion | None) -> None:
    if current is not None and current.status == AllocationStatus.FINAL:
        raise ValidationError(
            _(
                "Die Mittelzuweisung für %(region)s ist endgültig; sie kann nicht mehr geändert "
                "werden."
            )
            % {"region": allocation.region.name}
        )


def _agreement_follows(*, actor, version: AllocationVersion, note: str) -> None:
    """The region's agreement of that programme year takes over the allocation's new amount (§ 4).

    * draft or negotiation: the next agreement version with the new amount;
    * agreed: the negotiation is reopened (workflow step „reopen“, with the allocation change as
      reason) and the new amount saved as the next version – an agreed text with a changed amount
      is no longer agreed, so it stays in negotiation until the ministry agrees it again;
    * signed or published: an amendment (Änderungsvereinbarung) is started and its amount set by
      saving the amendment's next version; the signed version stays unchanged.

    Nothing happens when there is no agreement or its amount already equals the new amount.
    Runs inside the caller's transaction; each agreement service writes its own audit entry."""
    from zielwerk.agreements.choices import AgreementStatus
    from zielwerk.agreements.models import Agreement
    from zielwerk.agreements.services import (
        KeyFigureData,
        agreement_amend,
        agreement_transition,
        agreement_version_save,
    )

    allocation = version.allocation
    agreement = Agreement.objects.filter(
        programme_year_id=allocation.programme_year_id, region_id=allocation.region_id
    ).first()
    if agreement is None:
        return
    current = agreement.current
    if current is None or current.amount == version.amount:
        return
    change_note = _("Betrag nach Mittelzuweisung Fassung %(number)s") % {"number": version.number}
    if current.status == AgreementStatus.AGREED:
        current = agreement_transition(
            actor=actor,
            version=current,
            name="reopen",
            reason=_("Mittelzuweisung geändert (Fassung %(number)s): %(note)s")
            % {"number": version.number, "note": note},
        )
    elif current.status in (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED):
        current = agreement_amend(
            actor=actor,
            version=current,
            change_note=_(
                "Änderung der Mittelzuweisung (Fassung %(number)s, wirksam ab %(date)s): "
                "%(old)s → %(new)s. %(note)s"
            )
            % {
                "number": version.number,
                "date": format_date(version.effective_on),
                "old": format_euro(current.amount),
                "new": format_euro(version.amount),
                "note": note,
            },
        )
    agreement_version_save(
        actor=actor,
        agreement=agreement,
        base_number=current.number,
        amount=version.amount,
        projects=[
            row.project
            for row in current.version_projects.select_related("project").order_by("position")
        ],
        key_figures=[
            KeyFigureData(figure.label, figure.value, figure.unit)
            for figure in current.key_figures.order_by("position")
        ],
        change_note=change_note,
    )


def _add_version(
    *,
    actor,
    allocation: Allocation,
    current: AllocationVersion | None,
    amount: Decimal,
    effective_on: dt.date,
    reason: str,
    action: str,
    status: str | None = None,
    follow: bool = True,
    **fields,
) -> AllocationVersion:
    """The next version (inside the caller's transaction), audited; the agreement follows."""
    version = AllocationVersion.objects.create(
        allocation=allocation,
        number=_next_number(current),
        status=status or (AllocationStatus.REVISED if current else AllocationStatus.ANNOUNCED),
        amount=amount,
        effective_on=effective_on,
        reason=reason[:500],
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=allocation,
        changes={
            "number": [current.number if current else None, version.number],
            "status": [current.status if current else None, version.status],
            "amount": [str(current.amount) if current else None, str(amount)],
        },
        reason=reason,
    )
    if follow:
        _agreement_follows(actor=actor, version=version, note=reason)
    return version


def allocation_announce(
    *,
    actor,
    key: DistributionKey,
    effective_on: dt.date,
    invented: Container[Region] = (),
    follow_agreements: bool = True,
) -> list[AllocationVersion]:
    """Announce (or, where an allocation exists, revise) every region's amount from a key.

    The regions' agreements follow the new amounts unless `follow_agreements` is False (the demo
    seed: its agreements keep their own, partly invented amounts)."""
    can_manage_budget(actor).enforce()
    created = []
    with transaction.atomic():
        for result in key.results.select_related("region"):
            allocation, _created = Allocation.objects.get_or_create(
                programme_year=key.programme_year, region=result.region
            )
            allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
            current = allocation.current
            _refuse_if_final(allocation, current)
            created.append(
                _add_version(
                    actor=actor,
                    allocation=allocation,
                    current=current,
                    amount=result.amount,
                    effective_on=effective_on,
                    reason=result.reason or key.note,
                    action="allocation.announce" if not current else "allocation.revise",
                    source_key=key,
                    invented=result.region in invented,
                    follow=follow_agreements,
                )
            )
    return created


def allocation_revise(
    *, actor, allocation: Allocation, amount: Decimal, effective_on: dt.date, reason: str
) -> AllocationVersion:
    """Cut or increase during the year, with date and reason; refused once final."""
    can_manage_budget(actor).enforce()
    if not reason.strip():
        raise ValidationError(_("Bitte begründen Sie die Änderung."))
    if amount < 0:
        raise ValidationError(_("Der Betrag darf nicht negativ sein."))
    with transaction.atomic():
        locked = (
            Allocation.objects.select_for_update().select_related("region").get(pk=allocation.pk)
        )
        current = locked.current
        _refuse_if_final(locked, current)
        return _add_version(
            actor=actor,
            allocation=locked,
            current=current,
            amount=amount,
            effective_on=effective_on,
            reason=reason.strip(),
            action="allocation.revise",
        )


def allocation_finalize(*, actor, programme_year) -> list[AllocationVersion]:
    """Mark every allocation of the year final: a new version with status final and the same
    amount. Refused if the year's allocations are already final (or there are none)."""
    can_manage_budget(actor).enforce()
    created = []
    with transaction.atomic():
        allocations = list(
            Allocation.objects.select_for_update()
            .filter(programme_year=programme_year)
            .select_related("region")
            .order_by("region__name")
        )
        pending = []
        for allocation in allocations:
            current = allocation.current
            if current is not None and current.status != AllocationStatus.FINAL:
                pending.append((allocation, current))
        if not pending:
            raise ValidationError(
                _("Die Mittelzuweisungen %(year)s sind bereits endgültig.")
                % {"year": programme_year.year}
                if allocations
                else _("Für %(year)s gibt es keine Mittelzuweisungen.")
                % {"year": programme_year.year}
            )
        reason = _("Endgültige Mittelzuweisung")
        for allocation, current in pending:
            created.append(
                _add_version(
                    actor=actor,
                    allocation=allocation,
                    current=current,
                    amount=current.amount,
                    effective_on=timezone.localdate(),
                    reason=reason,
                    action="allocation.finalize",
                    status=AllocationStatus.FINAL,
                    follow=False,  # same amount: nothing for the agreement to follow
                    invented=current.invented,
                )
            )
        audit_record(
            actor=actor,
            action="allocation.finalize_year",
            obj=programme_year,
            changes={"allocations": [None, len(created)]},
            reason=reason,
        )
    return created


def allocation_reallocate(
    *,
    actor,
    source: Allocation,
    amount: Decimal,
    targets: Mapping[Allocation, Decimal],
    reason: str,
    effective_on: dt.date,
) -> list[AllocationVersion]:
    """Unspent money a region gives back goes to others: the source is cut by `amount`, the
    targets are increased by their shares, which must add up to `amount` exactly. Every side gets
    a revised version with the reason; the statewide sum stays the same."""
    can_manage_budget(actor).enforce()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Bitte begründen Sie die Umverteilung."))
    if amount <= 0:
        raise ValidationError(_("Der zurückgegebene Betrag muss größer als null sein."))
    if not targets:
        raise ValidationError(_("Bitte geben Sie mindestens eine empfangende Region an."))
    if any(share <= 0 for share in targets.values()):
        raise ValidationError(_("Jede Erhöhung muss größer als null sein."))
    if any(target.pk == source.pk for target in targets):
        raise ValidationError(_("Die abgebende Region kann nicht zugleich empfangen."))
    if any(target.programme_year_id != source.programme_year_id for target in targets):
        raise ValidationError(_("Umverteilt wird nur innerhalb eines Programmjahres."))
    total = sum(targets.values(), Decimal(0))
    if total != amount:
        raise ValidationError(
            _(
                "Die Erhöhungen (zusammen %(total)s) müssen genau dem zurückgegebenen Betrag "
                "(%(amount)s) entsprechen."
            )
            % {
                "total": format_euro(total, cents="always"),
                "amount": format_euro(amount, cents="always"),
            }
        )
    created = []
    with transaction.atomic():
        pks = sorted([source.pk, *(target.pk for target in targets)])
        locked = {
            allocation.pk: allocation
            for allocation in Allocation.objects.select_for_update()
            .filter(pk__in=pks)
            .select_related("region")
            .order_by("pk")
        }
        giver = locked[source.pk]
        current = giver.current
        _refuse_if_final(giver, current)
        if current is None or amount > current.amount:
            raise ValidationError(
                _("%(region)s kann höchstens den aktuellen Betrag (%(current)s) zurückgeben.")
                % {
                    "region": giver.region.name,
                    "current": format_euro(current.amount if current else 0, cents="always"),
                }
            )
        receivers = [(locked[target.pk], share) for target, share in targets.items()]
        for receiver, _share_amount in receivers:
            _refuse_if_final(receiver, receiver.current)
        names = ", ".join(receiver.region.name for receiver, _share_amount in receivers)
        created.append(
            _add_version(
                actor=actor,
                allocation=giver,
                current=current,
                amount=current.amount - amount,
                effective_on=effective_on,
                reason=_("Umverteilung: %(amount)s zurückgegeben an %(names)s. %(reason)s")
                % {"amount": format_euro(amount), "names": names, "reason": reason},
                action="allocation.reallocate",
            )
        )
        for receiver, share in receivers:
            previous = receiver.current
            if previous is None:
                raise ValidationError(
                    _("%(region)s hat noch keine Mittelzuweisung.")
                    % {"region": receiver.region.name}
                )
            created.append(
                _add_version(
                    actor=actor,
                    allocation=receiver,
                    current=previous,
                    amount=previous.amount + share,
                    effective_on=effective_on,
                    reason=_("Umverteilung: %(amount)s von %(source)s. %(reason)s")
                    % {"amount": format_euro(share), "source": giver.region.name, "reason": reason},
                    action="allocation.reallocate",
                )
            )
    return created
