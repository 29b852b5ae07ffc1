"""Comments on a version."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record

from ..models import AgreementVersion, Comment
from ..permissions import can_comment_agreement
from .notify import notify_comment
from .versions import _lock_current


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
        notify_comment(actor=actor, comment=comment)
    return comment
