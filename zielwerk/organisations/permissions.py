from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny

from .models import Organisation


def can_view_members(user, organisation: Organisation) -> Verdict:
    if user.is_programme_wide or organisation.pk in user.organisation_ids:
        return allow()
    return deny(_("Ansprechpersonen sehen nur die eigene Organisation und die Landesebene."))


def can_change_organisation(user, organisation: Organisation) -> Verdict:
    if is_admin(user) or user.has_role(Role.MINISTRY_STAFF):
        return allow()
    if organisation.pk in user.organisation_ids:
        return allow(_("Eigene Organisation"))
    return deny(_("Kontaktdaten ändert die Organisation selbst oder das Ministerium."))


def can_manage_reference_data(user) -> Verdict:
    if is_admin(user):
        return allow()
    return deny(_("Referenzdaten pflegt die Fachadministration des Ministeriums."))
