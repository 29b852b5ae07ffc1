"""Creating agreements: from the clause template, or as signed outside Zielwerk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.organisations.models import Organisation

from ..choices import AgreementStatus, Party
from ..clauses import block_fields
from ..models import (
    Agreement,
    AgreementVersion,
    ClauseTemplate,
    KeyFigure,
    Signature,
    VersionClause,
    VersionProject,
)
from ..permissions import can_create_agreement
from .data import KeyFigureData, SignatureData


def ministry_names_on(day: dt.date) -> tuple[str, str]:
    """(name, abbreviation) of the ministry valid on that day."""
    ministry = Organisation.objects.filter(kind="ministry").prefetch_related("names").first()
    if ministry is None:
        raise ValidationError(_("Es ist kein Ministerium in den Referenzdaten eingetragen."))
    for entry in ministry.names.all():
        if entry.is_valid_on(day):
            return entry.name, entry.short_name or ministry.short_name
    return ministry.name, ministry.short_name


def _copy_clauses(version: AgreementVersion, source) -> None:
    VersionClause.objects.bulk_create(
        VersionClause(version=version, **block_fields(block)) for block in source
    )


def _set_projects(version: AgreementVersion, projects: Sequence) -> None:
    for project in projects:
        if (
            project.region_id != version.agreement.region_id
            or project.programme_year_id != version.agreement.programme_year_id
        ):
            raise ValidationError(
                _("Projekt %(code)s: andere Gebietskörperschaft oder anderes Jahr.")
                % {"code": project.code}
            )
    VersionProject.objects.bulk_create(
        VersionProject(version=version, project=project, position=position)
        for position, project in enumerate(projects, start=1)
    )


def _set_signatures(version: AgreementVersion, signatures: Sequence[SignatureData]) -> None:
    Signature.objects.bulk_create(
        Signature(
            version=version,
            party=data.party,
            position=position,
            name=data.name,
            function_lines=data.function_lines,
            place=data.place,
            signed_on=data.signed_on,
        )
        for position, data in enumerate(signatures, start=1)
    )


def _set_key_figures(version: AgreementVersion, figures: Sequence[KeyFigureData]) -> None:
    KeyFigure.objects.bulk_create(
        KeyFigure(version=version, position=position, label=f.label, value=f.value, unit=f.unit)
        for position, f in enumerate(figures, start=1)
    )


def default_signatures(region) -> list[SignatureData]:
    return [
        SignatureData(Party.MINISTRY, "", "", "Wiesbaden"),
        SignatureData(Party.REGION, "", "", region.name),
    ]


def agreement_create(
    *,
    actor,
    programme_year,
    region,
    amount: Decimal | None = None,
    projects: Sequence = (),
    signatures: Sequence[SignatureData] | None = None,
    key_figures: Sequence[KeyFigureData] = (),
    reference_date: dt.date | None = None,
    change_note: str = "",
) -> Agreement:
    """Draft version 1 from the programme's clause template for that year."""
    can_create_agreement(actor, region).enforce()
    template = ClauseTemplate.objects.for_year(programme_year.programme, programme_year.year)
    if template is None:
        raise ValidationError(
            _("Für %(year)s gibt es kein Vertragsmuster.") % {"year": programme_year.year}
        )
    if Agreement.objects.filter(programme_year=programme_year, region=region).exists():
        raise ValidationError(
            _("Für %(region)s gibt es %(year)s schon eine Zielvereinbarung.")
            % {"region": region, "year": programme_year.year}
        )
    if amount is None:  # § 4 follows the current allocation (budgets imports agreements)
        from zielwerk.budgets.selectors import current_allocation_amount

        amount = current_allocation_amount(region, programme_year)
    ministry_name, ministry_short = ministry_names_on(reference_date or timezone.localdate())
    with transaction.atomic():
        agreement = Agreement.objects.create(programme_year=programme_year, region=region)
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=1,
            clause_template=template,
            ministry_name=ministry_name,
            ministry_short_name=ministry_short,
            region_name=region.official_name,
            amount=amount,
            created_by=actor if getattr(actor, "pk", None) else None,
            change_note=change_note,
        )
        _copy_clauses(version, template.blocks.all())
        _set_projects(version, projects)
        _set_signatures(version, signatures or default_signatures(region))
        _set_key_figures(version, key_figures)
        audit_record(
            actor=actor,
            action="agreement.create",
            obj=agreement,
            changes=snapshot(
                version, ["number", "status", "amount", "ministry_name", "region_name"]
            ),
        )
    return agreement


def agreement_set_status(
    *, actor, version: AgreementVersion, status: str, reason: str = "", **fields
) -> AgreementVersion:
    """Low-level status change used by the workflow (which checks the transition)."""
    with transaction.atomic():
        old = version.status
        version.status = status
        for name, value in fields.items():
            setattr(version, name, value)
        version.save(update_fields=["status", *fields])
        audit_record(
            actor=actor,
            action=f"agreement.status.{status}",
            obj=version,
            changes={"status": [old, status]},
            reason=reason,
        )
    return version


def agreement_record_signed(
    *,
    actor,
    programme_year,
    region,
    amount: Decimal,
    projects: Sequence,
    signatures: Sequence[SignatureData],
    reference_date: dt.date,
    published: bool = False,
    change_note: str = "",
) -> Agreement:
    """Enter an agreement that was signed outside Zielwerk (demo data, imports)."""
    agreement = agreement_create(
        actor=actor,
        programme_year=programme_year,
        region=region,
        amount=amount,
        projects=projects,
        signatures=signatures,
        reference_date=reference_date,
        change_note=change_note,
    )
    version = agreement.versions.get()
    agreement_set_status(actor=actor, version=version, status=AgreementStatus.SIGNED)
    if published:
        agreement_set_status(
            actor=actor,
            version=version,
            status=AgreementStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    return agreement
