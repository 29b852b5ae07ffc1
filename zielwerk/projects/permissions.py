from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny


def can_manage_projects(user, region) -> Verdict:
    if is_admin(user) or user.has_role(Role.MINISTRY_STAFF):
        return allow()
    if region.administration_id in user.organisation_ids and user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(_("Projekte legt die Gebietskörperschaft oder das Ministerium an."))
