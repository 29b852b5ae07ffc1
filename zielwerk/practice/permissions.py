"""Who may do what with good practice (Gute Praxis).

The ministry curates the library: it creates, edits and publishes entries and alone sees
unpublished ones (to anyone else an unpublished entry answers 404, like a missing one).
Everyone signed in reads published entries – also providers (Träger): the library exists so
that good ideas travel, its texts are written for that purpose, and the outcome figures it
shows are aggregates with small counts suppressed exactly as for the ministry (decision
docs/decisions/0014-good-practice-search.md).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.agreements.permissions import is_ministry
from zielwerk.core.permissions import Verdict, allow, deny


def can_view_practice(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    return allow()


def can_manage_practice(user) -> Verdict:
    if is_ministry(user):
        return allow()
    return deny(_("Die Beispiele guter Praxis pflegt das Ministerium."))


def entry_visible(user, entry) -> bool:
    return bool(user.is_authenticated and (entry.published or is_ministry(user)))
