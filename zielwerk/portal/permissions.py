"""Who reads and answers the feedback: the ministry (and the administration) only."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.agreements.permissions import is_ministry
from zielwerk.core.permissions import Verdict, allow, deny


def can_handle_feedback(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if is_ministry(user):
        return allow()
    return deny(_("Rückmeldungen zum Portal bearbeitet das Ministerium."))
