from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny


def can_manage_programme_year(user) -> Verdict:
    if is_admin(user) or user.has_role(Role.MINISTRY_STAFF):
        return allow()
    return deny(_("Programmjahre legt das Ministerium an."))
