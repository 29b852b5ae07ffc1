"""Writes on agreements: every function runs in a transaction, checks permission, audits."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.organisations.models import Organisation
from zielwerk.projects.services import project_create

from .choices import AgreementStatus, Party, VersionKind
from .clauses import check_placeholders
from .models import (
    Agreement,
    AgreementVersion,
    Attachment,
    ClauseTemplate,
    Comment,
    KeyFigure,
    Signature,
    VersionClause,
    VersionProject,
)
from .permissions import (
    can_amend_agreement,
    can_comment_agreement,
    can_create_agreement,
    can_edit_agreement,
    can_transition,
)
from .workflows import get_transition


@dataclass(frozen=True)
class SignatureData:
    party: str
    name: str
    function_lines: str
    place: str
    signed_on: dt.date | None = None


@dataclass(frozen=True)
class KeyFigureData:
    label: str
    value: Decimal
    unit: str = ""


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
        VersionClause(
            version=version,
            position=block.position,
            kind=block.kind,
            number=block.number,
            title=block.title,
            body=block.body,
        )
        for block in source
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


def default_signatures(region, ministry_short: str) -> list[SignatureData]:
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
        _set_signatures(version, signatures or default_signatures(region, ministry_short))
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


# ---- the workflow in the browser: versions, transitions, comments, amendments ---------------

MAX_SIGNED_PDF_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class NewProjectData:
    """A project named for the first time while editing the agreement (created with the save)."""

    measure_type: object
    name: str
    short_name: str


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
            return AgreementVersion.objects.create(**fields)
    except IntegrityError as exc:
        raise _stale(current) from exc


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


def check_signed_pdf(upload) -> str:
    """Refuse anything but a PDF of at most 20 MB; return its SHA-256 (hex)."""
    if not upload:
        raise ValidationError(_("Bitte laden Sie das unterzeichnete PDF hoch."))
    if upload.size > MAX_SIGNED_PDF_BYTES:
        raise ValidationError(_("Die Datei ist größer als 20 MB."))
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ValidationError(_("Die Datei ist kein PDF-Dokument."))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _require_amount(version: AgreementVersion) -> dict:
    if version.amount is None:
        raise ValidationError(
            _("Ohne Betrag in § 4 kann die Zielvereinbarung nicht abgestimmt werden.")
        )
    return {}


def _sign(
    version: AgreementVersion,
    *,
    signed_pdf,
    ministry_signed_on: dt.date | None,
    region_signed_on: dt.date | None,
    ministry_name: str,
    ministry_function_lines: str,
    region_name: str,
    region_function_lines: str,
) -> dict:
    today = timezone.localdate()
    parties = {
        Party.MINISTRY: (ministry_name, ministry_function_lines, ministry_signed_on),
        Party.REGION: (region_name, region_function_lines, region_signed_on),
    }
    for name, _functions, signed_on in parties.values():
        if not name.strip():
            raise ValidationError(_("Bitte geben Sie die Namen beider Unterzeichnenden an."))
        if signed_on is None:
            raise ValidationError(_("Bitte geben Sie beide Unterschriftsdaten an."))
        if signed_on > today:
            raise ValidationError(_("Ein Unterschriftsdatum liegt in der Zukunft."))
    sha256 = check_signed_pdf(signed_pdf)
    existing = {s.party: s for s in version.signatures.all()}
    for position, (party, (name, functions, signed_on)) in enumerate(parties.items(), start=1):
        signature = existing.get(party) or Signature(
            version=version,
            party=party,
            position=position,
            place="Wiesbaden" if party == Party.MINISTRY else version.agreement.region.name,
        )
        signature.name = name.strip()
        signature.function_lines = functions.replace("\r\n", "\n").strip()
        signature.signed_on = signed_on
        signature.save()
    agreement = version.agreement
    filename = (
        f"zielvereinbarung-{agreement.programme_year.year}-{agreement.region.slug}"
        f"-fassung-{version.number}.pdf"
    )
    version.signed_pdf.save(filename, signed_pdf, save=False)
    version.signed_pdf_sha256 = sha256
    return {
        "signed_pdf": version.signed_pdf.name,
        "signed_pdf_sha256": sha256,
        "ministry_signed_on": str(ministry_signed_on),
        "region_signed_on": str(region_signed_on),
    }


def _publish(version: AgreementVersion) -> dict:
    version.published_at = timezone.now()
    return {"published_at": version.published_at.isoformat()}


# What a step does beside changing the status; returns the extra fields for the audit trail.
TRANSITION_EFFECTS: dict[str, Callable[..., dict]] = {
    "agree": _require_amount,
    "sign": _sign,
    "publish": _publish,
}


def agreement_transition(
    *, actor, version: AgreementVersion, name: str, reason: str = "", **form_data
) -> AgreementVersion:
    """Take one step of the workflow table (workflows.TRANSITIONS) on the version the person saw.

    If the agreement moved on meanwhile (a newer version), the step is refused."""
    transition = get_transition(name)
    if transition is None:
        raise ValidationError(_("Diesen Schritt gibt es nicht."))
    with transaction.atomic():
        _locked, current = _lock_current(version.agreement)
        _refuse_if_stale(current, version.number)
        can_transition(actor, current, transition).enforce()
        effect = TRANSITION_EFFECTS.get(name)
        if effect is None and form_data:
            raise TypeError(f"{name} takes no form data")
        extra = effect(current, **form_data) if effect else {}
        old = current.status
        current.status = transition.target
        current.save()
        audit_record(
            actor=actor,
            action=f"agreement.{name}",
            obj=current,
            changes={
                "status": [old, current.status],
                **{key: [None, value] for key, value in extra.items()},
            },
            reason=reason,
        )
    return current


def agreement_amend(*, actor, version: AgreementVersion, change_note: str) -> AgreementVersion:
    """Änderungsvereinbarung: the next version, in draft, referencing the signed one it changes.

    Clauses, projects, key figures and signatories are copied; the signature dates are not."""
    if not change_note.strip():
        raise ValidationError(_("Bitte geben Sie an, was die Änderungsvereinbarung ändert."))
    with transaction.atomic():
        _locked, current = _lock_current(version.agreement)
        _refuse_if_stale(current, version.number)
        can_amend_agreement(actor, current).enforce()
        ministry_name, ministry_short = ministry_names_on(timezone.localdate())
        amendment = _create_next(
            current,
            actor=actor,
            kind=VersionKind.AMENDMENT,
            amends=current,
            status=AgreementStatus.DRAFT,
            ministry_name=ministry_name,
            ministry_short_name=ministry_short,
            change_note=change_note.strip()[:500],
        )
        _copy_clauses(amendment, current.clauses.order_by("position"))
        _set_projects(amendment, [vp.project for vp in _project_rows(current)])
        _copy_signatures(amendment, current, dates=False)
        _set_key_figures(
            amendment,
            [KeyFigureData(f.label, f.value, f.unit) for f in current.key_figures.all()],
        )
        _copy_attachments(amendment, current)
        audit_record(
            actor=actor,
            action="agreement.amend",
            obj=amendment,
            changes={
                "number": [current.number, amendment.number],
                "kind": [current.kind, amendment.kind],
                "amends": [None, str(current)],
            },
            reason=amendment.change_note,
        )
    return amendment


def comment_add(*, actor, version: AgreementVersion, body: str) -> Comment:
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Bitte schreiben Sie einen Kommentar."))
    if len(text) > 5000:
        raise ValidationError(_("Ein Kommentar hat höchstens 5.000 Zeichen."))
    with transaction.atomic():
        _locked, current = _lock_current(version.agreement)
        can_comment_agreement(actor, current).enforce()
        comment = Comment.objects.create(version=current, author=actor, body=text)
        audit_record(
            actor=actor,
            action="agreement.comment",
            obj=current,
            changes={"comment": [None, text[:300]]},
        )
    return comment
