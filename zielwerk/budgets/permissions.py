from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny


def can_manage_budget(user) -> Verdict:
    if user is None:  # reference and demo loads run as the system
        return allow()
    if is_admin(user) or user.has_role(Role.MINISTRY_STAFF):
        return allow()
    return deny(_("Haushaltsmittel und ihre Verteilung legt das Ministerium fest."))


def can_view_budget(user) -> Verdict:
    if user.is_authenticated and user.is_programme_wide:
        return allow()
    return deny(_("Die Verteilung sehen Ministerium und Bewilligungsbehörde."))
