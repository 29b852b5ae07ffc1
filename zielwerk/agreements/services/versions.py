"""Saving changes as new versions, guarded against concurrent edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.projects.services import project_create
from zielwerk.steering.targets import copy_targets

from ..clauses import check_placeholders
from ..models import (
    Agreement,
    AgreementVersion,
    Attachment,
)
from ..permissions import can_edit_agreement
from .creation import (
    _copy_clauses,
    _set_key_figures,
    _set_projects,
    _set_signatures,
)
from .data import KeyFigureData, NewProjectData, SignatureData


def _person(user) -> str:
    if user is None:
        return _("dem System")
    return user.get_full_name() or user.get_username()


def _lock_current(agreement: Agreement) -> tuple[Agreement, AgreementVersion]:
    """Lock the agreement row (the next writer waits here) and read its newest version."""
    locked = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("region", "programme_year")
        .get(pk=agreement.pk)
    )
    current = (
        AgreementVersion.objects.select_related("created_by", "agreement__region")
        .filter(agreement=locked)
        .order_by("-number")
        .first()
    )
    if current is None:  # agreement_create always writes version 1
        raise ValidationError(_("Diese Zielvereinbarung hat keine Fassung."))
    return locked, current


def _stale(current: AgreementVersion) -> ValidationError:
    return ValidationError(
        _(
            "Diese Zielvereinbarung wurde inzwischen von %(person)s geändert (jetzt Fassung "
            "%(number)s). Ihre Änderungen wurden nicht gespeichert – bitte laden Sie die Seite "
            "neu."
        )
        % {"person": _person(current.created_by), "number": current.number},
        code="stale",
    )


def _refuse_if_stale(current: AgreementVersion, base_number: int) -> None:
    if current.number != base_number:
        raise _stale(current)


def _create_next(current: AgreementVersion, *, actor, **overrides) -> AgreementVersion:
    fields = {
        "agreement": current.agreement,
        "number": current.number + 1,
        "kind": current.kind,
        "amends": current.amends,
        "status": current.status,
        "clause_template": current.clause_template,
        "ministry_name": current.ministry_name,
        "ministry_short_name": current.ministry_short_name,
        "region_name": current.region_name,
        "amount": current.amount,
        "created_by": actor if getattr(actor, "pk", None) else None,
        **overrides,
    }
    try:
        with transaction.atomic():  # the unique (agreement, number) is the last line of defence
            version = AgreementVersion.objects.create(**fields)
    except IntegrityError as exc:
        raise _stale(current) from exc
    copy_targets(current, version)  # steering targets are part of every version
    return version


def _copy_signatures(version: AgreementVersion, source: AgreementVersion, *, dates: bool) -> None:
    _set_signatures(
        version,
        [
            SignatureData(
                s.party, s.name, s.function_lines, s.place, s.signed_on if dates else None
            )
            for s in source.signatures.order_by("position")
        ],
    )


def _copy_attachments(version: AgreementVersion, source: AgreementVersion) -> None:
    Attachment.objects.bulk_create(
        Attachment(
            version=version,
            title=a.title,
            file=a.file.name,
            original_name=a.original_name,
            sha256=a.sha256,
            uploaded_by_id=a.uploaded_by_id,
        )
        for a in source.attachments.all()
    )


def _resolve_projects(*, actor, agreement: Agreement, projects: Sequence) -> list:
    resolved = []
    for entry in projects:
        if isinstance(entry, NewProjectData):
            entry = project_create(
                actor=actor,
                region=agreement.region,
                programme_year=agreement.programme_year,
                measure_type=entry.measure_type,
                name=entry.name,
                short_name=entry.short_name,
            )
        resolved.append(entry)
    if len({project.pk for project in resolved}) != len(resolved):
        raise ValidationError(_("Ein Projekt ist mehrfach aufgeführt."))
    return resolved


def _clauses_with(source: AgreementVersion, clause_bodies: Mapping[int, str] | None) -> list:
    clauses = list(source.clauses.order_by("position"))
    bodies = dict(clause_bodies or {})
    unknown = set(bodies) - {clause.position for clause in clauses}
    if unknown:
        raise ValidationError(_("Diesen Abschnitt gibt es in der Fassung nicht."))
    for clause in clauses:
        if clause.position in bodies:
            body = bodies[clause.position].replace("\r\n", "\n").strip()
            if not body:
                raise ValidationError(_("Ein Abschnitt darf nicht leer sein."))
            check_placeholders(body)
            clause.body = body
    return clauses


def _project_rows(version: AgreementVersion):
    return version.version_projects.select_related("project").order_by("position")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _figures(version: AgreementVersion) -> list[str]:
    return [f"{f.label}: {f.value} {f.unit}".strip() for f in version.key_figures.all()]


def agreement_version_save(
    *,
    actor,
    agreement: Agreement,
    base_number: int,
    amount: Decimal | None,
    projects: Sequence,
    key_figures: Sequence[KeyFigureData],
    change_note: str,
    clause_bodies: Mapping[int, str] | None = None,
) -> AgreementVersion:
    """Save a change as the next version. `base_number` is the version the person edited; if
    someone saved another version meanwhile, nothing is saved (no silent overwrite).

    `projects` is the new § 5 list in order: existing Projects and NewProjectData."""
    if amount is not None and amount < 0:
        raise ValidationError(_("Der Betrag darf nicht negativ sein."))
    with transaction.atomic():
        locked, current = _lock_current(agreement)
        _refuse_if_stale(current, base_number)
        can_edit_agreement(actor, current).enforce()
        clauses = _clauses_with(current, clause_bodies)
        resolved = _resolve_projects(actor=actor, agreement=locked, projects=projects)
        version = _create_next(
            current, actor=actor, amount=amount, change_note=change_note.strip()[:500]
        )
        _copy_clauses(version, clauses)
        _set_projects(version, resolved)
        _copy_signatures(version, current, dates=True)
        _set_key_figures(version, key_figures)
        _copy_attachments(version, current)
        changes: dict[str, list] = {"number": [current.number, version.number]}
        if current.amount != version.amount:
            changes["amount"] = [_money(current.amount), _money(version.amount)]
        old_projects = [vp.project.code for vp in _project_rows(current)]
        new_projects = [project.code for project in resolved]
        if old_projects != new_projects:
            changes["projects"] = [old_projects, new_projects]
        if _figures(current) != _figures(version):
            changes["key_figures"] = [_figures(current), _figures(version)]
        old_bodies = {c.position: c.body for c in current.clauses.all()}
        edited = [c.number or c.title for c in clauses if old_bodies.get(c.position) != c.body]
        if edited:
            changes["clauses"] = [None, edited]
        audit_record(
            actor=actor,
            action="agreement.version.save",
            obj=version,
            changes=changes,
            reason=version.change_note,
        )
    return version
