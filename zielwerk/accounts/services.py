from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.notifications.services import notification_send

from .models import ApiToken, Membership, User
from .permissions import can_create_api_token, can_manage_users

TOKEN_PREFIX = "zw_"  # noqa: S105 - a marker, not a secret


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def user_create(
    *,
    actor,
    username: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    can_manage_users(actor).enforce()
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            changes=snapshot(user, ["username", "email", "first_name", "last_name"]),
        )
    return user


def membership_create(
    *,
    actor,
    user: User,
    organisation,
    role: str,
    function: str = "",
    valid_from: dt.date | None = None,
    notify: bool = True,
) -> Membership:
    can_manage_users(actor).enforce()
    with transaction.atomic():
        membership = Membership(
            user=user,
            organisation=organisation,
            role=role,
            function=function,
            valid_from=valid_from,
        )
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            action="membership.create",
            obj=membership,
            changes=snapshot(membership, ["user", "organisation", "role", "valid_from"]),
        )
        if notify:
            notification_send(
                recipient=user,
                title="Neue Rolle in Zielwerk",
                body=(
                    f"Sie sind jetzt als „{membership.get_role_display()}“ "
                    f"für {organisation} eingetragen."
                ),
                link="/",
            )
    return membership


def api_token_create(
    *, actor, owner: User, name: str = "API-Zugang", expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a bearer token; the raw token is returned once and never stored."""
    can_create_api_token(actor, owner).enforce()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=owner, name=name, prefix=raw[:10], key_hash=_hash(raw), expires_at=expires_at
        )
        audit_record(
            actor=actor,
            action="api_token.create",
            obj=token,
            changes=snapshot(token, ["user", "name", "prefix", "expires_at"]),
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken, reason: str = "") -> ApiToken:
    can_create_api_token(actor, token.user).enforce()
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="api_token.revoke",
                obj=token,
                changes={"revoked_at": [None, token.revoked_at.isoformat()]},
                reason=reason,
            )
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None. Records the last use."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
