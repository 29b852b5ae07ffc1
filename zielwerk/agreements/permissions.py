from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny


def is_ministry(user) -> bool:
    return is_admin(user) or user.has_role(Role.MINISTRY_STAFF)


def can_create_agreement(user, region) -> Verdict:
    if user is None:  # imports and reference loads run as the system
        return allow()
    if is_ministry(user):
        return allow()
    return deny(_("Zielvereinbarungen legt das Ministerium an."))
