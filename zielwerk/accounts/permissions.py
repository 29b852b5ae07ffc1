from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.core.permissions import Verdict, allow, deny

from .choices import Role


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def can_manage_users(user) -> Verdict:
    if is_admin(user):
        return allow()
    return deny(_("Nur die Fachadministration verwaltet Benutzerkonten und Rollen."))


def can_view_audit(user) -> Verdict:
    if is_admin(user):
        return allow()
    return deny(_("Das Protokoll ist der Fachadministration vorbehalten."))


def can_create_api_token(user, owner) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.pk == owner.pk or is_admin(user):
        return allow()
    return deny(_("API-Tokens können nur für das eigene Konto erstellt werden."))
