"""Writes on projects (Maßnahmen) and their cost and financing plans.

Planning belongs to the region's coordination while the region's application of the year is
missing or a draft (zielwerk.grants.permissions.can_plan_projects). The ministry and the
administration may still create projects while they record an agreement (§ 5 lists projects).
Every write is atomic and audited; refusals are German sentences naming the field or row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.audit import apply_changes, audit_record, snapshot
from zielwerk.core.formats import format_date, format_euro
from zielwerk.core.permissions import Verdict, allow
from zielwerk.grants.money import flat_rate
from zielwerk.grants.permissions import can_plan_projects
from zielwerk.organisations.choices import OrganisationKind

from .models import CostCategory, CostItem, FinancingSource, FundingItem, Project

UPDATABLE_FIELDS = (
    "name",
    "short_name",
    "measure_type",
    "provider",
    "description",
    "planned_places",
    "planned_participants",
    "starts_on",
    "ends_on",
    "target_groups",
)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


# --- permission -----------------------------------------------------------------------------


def application_for(region, programme_year):
    """The region's application of the year, or None while there is none."""
    from zielwerk.grants.models import Application

    return Application.objects.filter(region=region, programme_year=programme_year).first()


def can_plan(user, region, programme_year) -> Verdict:
    """can_plan_projects for the region's application of that year."""
    return can_plan_projects(user, application_for(region, programme_year), region)


def can_plan_project(user, project: Project) -> Verdict:
    return can_plan(user, project.region, project.programme_year)


def _can_create(actor, region, programme_year) -> Verdict:
    # The ministry and the administration record agreements, whose § 5 lists projects.
    if is_admin(actor) or actor.has_role(Role.MINISTRY_STAFF):
        return allow()
    return can_plan(actor, region, programme_year)


# --- create and update ----------------------------------------------------------------------


def project_create(
    *, actor, region, programme_year, measure_type, name: str, short_name: str
) -> Project:
    _can_create(actor, region, programme_year).enforce()
    with transaction.atomic():
        project = Project(
            region=region,
            programme_year=programme_year,
            measure_type=measure_type,
            name=name,
            short_name=short_name,
        )
        project.code = Project.make_code(region.code, programme_year.year, short_name)
        _refuse_duplicate_code(project.code, programme_year.year)
        project.full_clean()
        project.save()
        audit_record(
            actor=actor,
            action="project.create",
            obj=project,
            changes=snapshot(project, ["code", "name", "measure_type"]),
        )
    return project


def _refuse_duplicate_code(code: str, year: int, exclude_pk: int | None = None) -> None:
    existing = Project.objects.filter(code=code)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    if existing.exists():
        raise ValidationError(
            {
                "short_name": _(
                    "Das Projekt %(code)s gibt es im Programmjahr %(year)s bereits; bitte wählen "
                    "Sie einen anderen Kurznamen."
                )
                % {"code": code, "year": year}
            }
        )


def _check_provider(provider, region) -> None:
    if provider is None:
        return
    if provider.kind != OrganisationKind.PROVIDER:
        raise ValidationError(
            {
                "provider": _("%(name)s ist kein Träger und kann kein Projekt durchführen.")
                % {"name": provider.name}
            }
        )
    if not provider.regions.filter(pk=region.pk).exists():
        raise ValidationError(
            {
                "provider": _(
                    "Der Träger %(name)s ist nicht für %(region)s tätig; tragen Sie zuerst die "
                    "Gebietskörperschaft beim Träger ein."
                )
                % {"name": provider.name, "region": region.name}
            }
        )


def _check_period(project: Project) -> None:
    year = project.programme_year
    errors: dict[str, str] = {}
    for field, label in (("starts_on", _("Der Beginn")), ("ends_on", _("Das Ende"))):
        day = getattr(project, field)
        if day is None:
            continue
        if not year.first_day <= day <= year.last_day:
            errors[field] = _("%(label)s (%(date)s) liegt nicht im Programmjahr %(year)s.") % {
                "label": label,
                "date": format_date(day),
                "year": year.year,
            }
    start = project.starts_on
    if "starts_on" not in errors and start and year.earliest_start and start < year.earliest_start:
        errors["starts_on"] = _(
            "Der Beginn (%(date)s) liegt vor dem frühesten Maßnahmebeginn %(earliest)s."
        ) % {"date": format_date(start), "earliest": format_date(year.earliest_start)}
    if errors:
        raise ValidationError(errors)


def _check_target_groups(groups: Iterable, programme_year) -> list:
    groups = list(groups)
    for group in groups:
        if group.programme_id != programme_year.programme_id:
            raise ValidationError(
                {
                    "target_groups": _(
                        "Die Zielgruppe „%(name)s“ gehört zu einem anderen Programm."
                    )
                    % {"name": group.name}
                }
            )
    return groups


def project_update(*, actor, project: Project, **fields: Any) -> Project:
    """Change the plan data of a project (see UPDATABLE_FIELDS). The short name (and with it the
    project number) changes only while the application has never been submitted."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"project_update: unbekannte Felder {sorted(unknown)}")
    application = application_for(project.region, project.programme_year)
    can_plan_projects(actor, application, project.region).enforce()
    groups = fields.pop("target_groups", None)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        renaming = "short_name" in fields and fields["short_name"] != project.short_name
        if renaming and application is not None and application.submitted_at is not None:
            raise ValidationError(
                {
                    "short_name": _(
                        "Der Antrag wurde bereits eingereicht; der Kurzname (und damit die "
                        "Projektnummer %(code)s) bleibt unverändert."
                    )
                    % {"code": project.code}
                }
            )
        changes = apply_changes(project, fields)
        if "provider" in changes:
            _check_provider(project.provider, project.region)
        new_code = Project.make_code(
            project.region.code, project.programme_year.year, project.short_name
        )
        if new_code != project.code:
            _refuse_duplicate_code(new_code, project.programme_year.year, exclude_pk=project.pk)
            changes["code"] = [project.code, new_code]
            project.code = new_code
        project.full_clean()
        _check_period(project)
        project.save()
        if groups is not None:
            groups = _check_target_groups(groups, project.programme_year)
            old = sorted(group.code for group in project.target_groups.all())
            new = sorted(group.code for group in groups)
            if old != new:
                project.target_groups.set(groups)
                changes["target_groups"] = [old, new]
        if changes:
            audit_record(actor=actor, action="project.update", obj=project, changes=changes)
    return project


# --- cost and financing plan ----------------------------------------------------------------


def _amount(value: Any, label: str) -> Decimal:
    if isinstance(value, float):
        raise ValidationError(
            _("%(row)s: Beträge bitte nicht als Gleitkommazahl.") % {"row": label}
        )
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(row)s: „%(value)s“ ist kein Betrag.") % {"row": label, "value": value}
        ) from None
    if not amount.is_finite():
        raise ValidationError(
            _("%(row)s: „%(value)s“ ist kein Betrag.") % {"row": label, "value": value}
        )
    if amount < 0:
        raise ValidationError(
            _("%(row)s: Der Betrag %(amount)s darf nicht negativ sein.")
            % {"row": label, "amount": format_euro(amount, cents="always")}
        )
    if amount != amount.quantize(CENT):
        raise ValidationError(
            _("%(row)s: Der Betrag %(value)s hat mehr als zwei Nachkommastellen.")
            % {"row": label, "value": value}
        )
    if amount >= Decimal("10000000000"):
        raise ValidationError(_("%(row)s: Der Betrag ist zu groß.") % {"row": label})
    return amount.quantize(CENT)


def _clean_rows(rows: Mapping[str, Any], choices, kind_label: str) -> dict[str, Decimal]:
    labels = dict(choices.choices)
    cleaned: dict[str, Decimal] = {}
    errors: list[ValidationError] = []
    for key, value in rows.items():
        if key not in labels:
            errors.append(
                ValidationError(
                    _("%(kind)s „%(key)s“ gibt es nicht.") % {"kind": kind_label, "key": key}
                )
            )
            continue
        try:
            cleaned[key] = _amount(value, str(labels[key]))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def computed_flat_rate(project: Project, staff_costs: Decimal) -> Decimal | None:
    """The flat rate for indirect costs the programme year allows, or None without one."""
    percent = project.programme_year.flat_rate_percent
    if percent is None:
        return None
    return flat_rate(staff_costs, percent)


def _with_flat_rate(project: Project, costs: dict[str, Decimal]) -> dict[str, Decimal]:
    typed = costs.pop(CostCategory.FLAT_RATE, None)
    computed = computed_flat_rate(project, costs.get(CostCategory.STAFF, ZERO))
    if computed is None:
        if typed:
            raise ValidationError(
                _(
                    "Das Programmjahr %(year)s lässt keine Pauschale für indirekte Ausgaben zu; "
                    "bitte setzen Sie diese Ausgaben einzeln an."
                )
                % {"year": project.programme_year.year}
            )
        return costs
    if typed is not None and typed != computed:
        raise ValidationError(
            _(
                "Die Pauschale für indirekte Ausgaben wird aus den Personalausgaben berechnet "
                "(%(percent)s %%: %(computed)s) und nicht eingegeben; angegeben war %(typed)s."
            )
            % {
                "percent": project.programme_year.flat_rate_percent,
                "computed": format_euro(computed, cents="always"),
                "typed": format_euro(typed, cents="always"),
            }
        )
    costs[CostCategory.FLAT_RATE] = computed
    return costs


def _plan_snapshot(project: Project) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {item.category: str(item.amount) for item in project.cost_items.all()},
        {item.source: str(item.amount) for item in project.funding_items.all()},
    )


def _replace_items(project: Project, costs: Mapping[str, Decimal], funding: Mapping[str, Decimal]):
    project.cost_items.all().delete()
    project.funding_items.all().delete()
    cost_items = [
        CostItem(project=project, category=key, amount=amount)
        for key, amount in costs.items()
        if amount
    ]
    funding_items = [
        FundingItem(project=project, source=key, amount=amount)
        for key, amount in funding.items()
        if amount
    ]
    for item in [*cost_items, *funding_items]:
        item.full_clean(exclude=["project"])
    CostItem.objects.bulk_create(cost_items)
    FundingItem.objects.bulk_create(funding_items)


def project_plan_save(
    *, actor, project: Project, costs: Mapping[str, Any], funding: Mapping[str, Any]
) -> Project:
    """Replace the cost and financing plan. Zero amounts are not stored; the flat rate is computed
    from the staff costs when the programme year allows one. An unbalanced plan is saved (a plan
    is worked on over days); submitting the application requires balance (plan_problems)."""
    can_plan_project(actor, project).enforce()
    errors: list[ValidationError] = []
    clean_costs: dict[str, Decimal] = {}
    clean_funding: dict[str, Decimal] = {}
    try:
        clean_costs = _clean_rows(costs, CostCategory, _("Die Kostenart"))
    except ValidationError as error:
        errors.append(error)
    try:
        clean_funding = _clean_rows(funding, FinancingSource, _("Die Finanzierungsquelle"))
    except ValidationError as error:
        errors.append(error)
    if not errors:
        try:
            clean_costs = _with_flat_rate(project, clean_costs)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        old_costs, old_funding = _plan_snapshot(project)
        _replace_items(project, clean_costs, clean_funding)
        new_costs, new_funding = _plan_snapshot(project)
        changes: dict[str, list] = {}
        if old_costs != new_costs:
            changes["costs"] = [old_costs, new_costs]
        if old_funding != new_funding:
            changes["funding"] = [old_funding, new_funding]
        if changes:
            changes["difference"] = [None, str(project.cost_total - project.funding_total)]
            audit_record(actor=actor, action="project.plan_save", obj=project, changes=changes)
    return project


def plan_difference(project: Project) -> Decimal:
    """Costs minus funding: positive = not yet covered, negative = more funding than costs."""
    return project.cost_total - project.funding_total


# --- carry over -----------------------------------------------------------------------------


def _same_day_in(day: dt.date | None, year: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def project_carry_over(*, actor, project: Project, target_year) -> Project:
    """Copy a project with its plan into a later programme year (carried_over_from is set)."""
    from zielwerk.programmes.models import MeasureType, TargetGroup

    can_plan(actor, project.region, target_year).enforce()
    source_year = project.programme_year
    if target_year.programme_id != source_year.programme_id or target_year.year <= source_year.year:
        raise ValidationError(
            _(
                "Ein Projekt aus %(source)s kann nur in ein späteres Jahr desselben Programms "
                "übernommen werden."
            )
            % {"source": source_year.year}
        )
    code = Project.make_code(project.region.code, target_year.year, project.short_name)
    if Project.objects.filter(code=code).exists():
        raise ValidationError(
            _(
                "%(source)s wird nicht übernommen: Das Projekt %(code)s gibt es im Programmjahr "
                "%(year)s bereits."
            )
            % {"source": project.code, "code": code, "year": target_year.year}
        )
    if (
        not MeasureType.objects.for_year(target_year.year)
        .filter(pk=project.measure_type_id)
        .exists()
    ):
        raise ValidationError(
            _(
                "%(source)s wird nicht übernommen: Die Maßnahmenart „%(type)s“ gilt "
                "%(year)s nicht mehr."
            )
            % {"source": project.code, "type": project.measure_type, "year": target_year.year}
        )
    provider = project.provider
    if provider is not None and not provider.regions.filter(pk=project.region_id).exists():
        provider = None
    starts_on = _same_day_in(project.starts_on, target_year.year)
    if starts_on and target_year.earliest_start and starts_on < target_year.earliest_start:
        starts_on = target_year.earliest_start
    with transaction.atomic():
        copy = Project(
            region=project.region,
            programme_year=target_year,
            measure_type=project.measure_type,
            name=project.name,
            short_name=project.short_name,
            provider=provider,
            description=project.description,
            planned_places=project.planned_places,
            planned_participants=project.planned_participants,
            starts_on=starts_on,
            ends_on=_same_day_in(project.ends_on, target_year.year),
            carried_over_from=project,
        )
        copy.code = code
        copy.full_clean()
        copy.save()
        groups = TargetGroup.objects.for_year(target_year.year).filter(
            pk__in=project.target_groups.values("pk")
        )
        copy.target_groups.set(groups)
        costs = {
            item.category: item.amount
            for item in project.cost_items.all()
            if item.category != CostCategory.FLAT_RATE
        }
        staff = costs.get(CostCategory.STAFF, ZERO)
        computed = computed_flat_rate(copy, staff)
        if computed:
            costs[CostCategory.FLAT_RATE] = computed
        funding = {item.source: item.amount for item in project.funding_items.all()}
        _replace_items(copy, costs, funding)
        changes = snapshot(
            copy, ["code", "name", "measure_type", "provider", "starts_on", "ends_on"]
        )
        changes["carried_over_from"] = [None, project.code]
        audit_record(actor=actor, action="project.carry_over", obj=copy, changes=changes)
    return copy


# --- completeness ---------------------------------------------------------------------------


def plan_problems(project: Project) -> list[str]:
    """What keeps the project's plan from being submitted, as German sentences naming the project
    (empty when the plan is complete): a provider, a period inside the programme year, planned
    participants, a cost plan, an AQB grant, and a financing plan that balances to the cent."""
    problems: list[str] = []
    label = project.code
    if project.provider_id is None:
        problems.append(_("%(project)s: Es ist kein Träger eingetragen.") % {"project": label})
    if project.starts_on is None or project.ends_on is None:
        problems.append(_("%(project)s: Beginn und Ende fehlen.") % {"project": label})
    else:
        year = project.programme_year
        if not (year.first_day <= project.starts_on <= project.ends_on <= year.last_day):
            problems.append(
                _(
                    "%(project)s: Der Zeitraum %(start)s–%(end)s liegt nicht im Programmjahr "
                    "%(year)s."
                )
                % {
                    "project": label,
                    "start": format_date(project.starts_on),
                    "end": format_date(project.ends_on),
                    "year": year.year,
                }
            )
    if not project.planned_participants:
        problems.append(_("%(project)s: Die geplanten Teilnehmenden fehlen.") % {"project": label})
    costs, funding = project.cost_total, project.funding_total
    if costs <= 0:
        problems.append(_("%(project)s: Der Kostenplan ist leer.") % {"project": label})
    if project.grant_requested <= 0:
        problems.append(
            _("%(project)s: Der Finanzierungsplan enthält keine AQB-Zuwendung.")
            % {"project": label}
        )
    if costs != funding:
        problems.append(
            _(
                "%(project)s: Der Finanzierungsplan (%(funding)s) deckt den Kostenplan "
                "(%(costs)s) nicht genau; Differenz %(difference)s."
            )
            % {
                "project": label,
                "funding": format_euro(funding, cents="always"),
                "costs": format_euro(costs, cents="always"),
                "difference": format_euro(costs - funding, cents="always"),
            }
        )
    return problems
