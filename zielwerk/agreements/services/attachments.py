"""Attachments (Anlagen) of the current version: checked by extension and content, hashed."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record

from ..models import AgreementVersion, Attachment
from ..permissions import can_edit_agreement
from .data import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES
from .versions import _lock_current, _refuse_if_stale

MAX_TITLE_LENGTH = 200


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().removeprefix(".")


def _not_allowed(name: str) -> ValidationError:
    allowed = ", ".join(kind.label for kind in ATTACHMENT_TYPES.values())
    return ValidationError(
        _("%(name)s: Dieser Dateityp ist nicht erlaubt (erlaubt: %(allowed)s).")
        % {"name": name, "allowed": allowed},
        code="type",
    )


def check_attachment(upload) -> str:
    """Refuse anything but PDF, DOCX, XLSX, ODT or ODS of at most 20 MB, judged by the file
    name's extension and by the first bytes; return the SHA-256 (hex). Errors name the file."""
    if not upload:
        raise ValidationError(_("Bitte wählen Sie eine Datei aus."), code="required")
    name = PurePosixPath(upload.name or "").name
    kind = ATTACHMENT_TYPES.get(_extension(name))
    if kind is None:
        raise _not_allowed(name)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s: Die Datei ist größer als 20 MB.") % {"name": name}, code="size"
        )
    if not upload.size:
        raise ValidationError(_("%(name)s: Die Datei ist leer.") % {"name": name}, code="empty")
    upload.seek(0)
    if upload.read(len(kind.magic)) != kind.magic:
        raise ValidationError(
            _("%(name)s: Der Inhalt ist keine %(kind)s-Datei.")
            % {"name": name, "kind": kind.label},
            code="content",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attachment_add(*, actor, version: AgreementVersion, title: str, upload) -> Attachment:
    """Attach a file to the version the person saw, which must still be the current one; allowed
    to whoever may edit it (can_edit_agreement). The file keeps its name for the download."""
    text = " ".join(title.split())
    if not text:
        raise ValidationError(_("Bitte geben Sie eine Bezeichnung an."), code="title")
    if len(text) > MAX_TITLE_LENGTH:
        raise ValidationError(_("Die Bezeichnung hat höchstens 200 Zeichen."), code="title")
    sha256 = check_attachment(upload)
    original_name = PurePosixPath(upload.name).name[:255]
    with transaction.atomic():
        _locked, current = _lock_current(version.agreement)
        _refuse_if_stale(current, version.number)
        can_edit_agreement(actor, current).enforce()
        attachment = Attachment(
            version=current,
            title=text,
            original_name=original_name,
            sha256=sha256,
            uploaded_by=actor,
        )
        # Stored under a neutral name; the person's file name is kept in original_name.
        attachment.file.save(
            f"anlage-{sha256[:16]}.{_extension(original_name)}", upload, save=False
        )
        attachment.save()
        audit_record(
            actor=actor,
            action="agreement.attachment.add",
            obj=current,
            changes={
                "attachment": [None, text],
                "file": [None, original_name],
                "sha256": [None, sha256],
            },
        )
    return attachment
