"""Attachments (Anlagen) of the current version: checked by extension and content, hashed."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.core.uploads import check_upload, extension

from ..models import AgreementVersion, Attachment
from ..permissions import can_edit_agreement
from .data import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES
from .versions import _lock_current, _refuse_if_stale

MAX_TITLE_LENGTH = 200


def check_attachment(upload) -> str:
    """Refuse anything but PDF, DOCX, XLSX, ODT or ODS of at most 20 MB, judged by the file
    name's extension and by the first bytes; return the SHA-256 (hex). Errors name the file."""
    return check_upload(upload, types=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES)


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
        attachment.file.save(f"anlage-{sha256[:16]}.{extension(original_name)}", upload, save=False)
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
