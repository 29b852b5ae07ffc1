"""Workflow steps (from the table in workflows.py) and amendments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.core.uploads import PDF, check_upload

from ..choices import AgreementStatus, Party, VersionKind
from ..models import (
    AgreementVersion,
    Signature,
)
from ..permissions import (
    can_amend_agreement,
    can_transition,
)
from ..workflows import get_transition
from .creation import (
    _copy_clauses,
    _set_key_figures,
    _set_projects,
    ministry_names_on,
)
from .data import MAX_SIGNED_PDF_BYTES, KeyFigureData
from .notify import notify_step
from .versions import (
    _copy_attachments,
    _copy_signatures,
    _create_next,
    _lock_current,
    _project_rows,
    _refuse_if_stale,
)


def check_signed_pdf(upload) -> str:
    """Refuse anything but a PDF of at most 20 MB without active content (core.uploads);
    return its SHA-256 (hex). Errors name the file."""
    if not upload:
        raise ValidationError(_("Bitte laden Sie das unterzeichnete PDF hoch."))
    return check_upload(upload, types={"pdf": PDF}, max_bytes=MAX_SIGNED_PDF_BYTES)


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
        notify_step(actor=actor, version=current, step=name)
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
        notify_step(actor=actor, version=amendment, step="amend")
    return amendment
