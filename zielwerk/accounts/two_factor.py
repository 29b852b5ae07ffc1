"""Two-factor authentication: TOTP (an authenticator app) plus ten one-time recovery codes.

Ministry, grant-authority and administration staff must use it when ZIELWERK_TWO_FACTOR_REQUIRED
is on (the default outside local development); everyone else may. A person has at most one
confirmed TOTP device and one set of recovery codes; enrolling again replaces both.
"""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zielwerk.core.audit import audit_record

from .choices import Role
from .models import User

REQUIRED_ROLES = (Role.MINISTRY_STAFF, Role.AUTHORITY_STAFF, Role.ADMIN)
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator-App"
RECOVERY_NAME = "Wiederherstellungscodes"
TOTP_PATTERN = re.compile(r"^\d{6}$")


def two_factor_required(user) -> bool:
    """Whether this person may use Zielwerk only after a second factor."""
    if not getattr(settings, "ZIELWERK_TWO_FACTOR_REQUIRED", False):
        return False
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.has_role(*REQUIRED_ROLES))


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user) -> bool:
    """A confirmed authenticator app; recovery codes alone do not count (they are its backup)."""
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (created on first call, kept until
    it is confirmed, so that reloading the page does not change the secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_in_groups(device: TOTPDevice) -> str:
    """The base32 secret for typing it in by hand: groups of four characters."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL as an inline SVG (presentation attributes only, so CSP allows it)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000000", light="#ffffff", svgclass="zw-qr", lineclass=None
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup, the URL is only encoded as modules


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def two_factor_enrol(*, actor: User, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a pending device with a code from the app. On success the previous device and
    recovery codes are replaced, the session counts as verified and the ten new recovery codes
    are returned (to be shown once). A wrong code returns None and changes nothing."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValueError("Nur ein eigenes, noch nicht bestätigtes Gerät kann bestätigt werden.")
    code = "".join(code.split())
    with transaction.atomic():
        if not TOTP_PATTERN.match(code) or not device.verify_token(code):
            return None
        replaced = TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk)
        was_enrolled = replaced.exists()
        replaced.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(actor)
        audit_record(
            actor=actor,
            action="two_factor.replace" if was_enrolled else "two_factor.enrol",
            obj=actor,
            changes={"two_factor": [was_enrolled, True]},
        )
    otp_login(request, device)
    return codes


def two_factor_verify(*, request, code: str) -> bool:
    """The code step after the password: six digits are checked against the app, anything else
    against the recovery codes (a used recovery code is gone). Each device throttles failures
    itself (django-otp: growing waits)."""
    user = request.user
    code = "".join(code.split()).lower()
    with transaction.atomic():
        if TOTP_PATTERN.match(code):
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        found = device.order_by("pk").first()
        if found is None or not found.verify_token(code):
            return False
        if isinstance(found, StaticDevice):
            audit_record(
                actor=user,
                action="two_factor.recovery_code_used",
                obj=user,
                changes={"recovery_codes_left": [None, recovery_codes_left(user)]},
            )
    otp_login(request, found)
    return True


def verification_refused_reason(user, device: TOTPDevice | None = None) -> str | None:
    """A German reason when the app (or the given pending device) is in its throttling wait
    after wrong codes, else None."""
    from django.utils.translation import gettext as _

    device = device or confirmed_totp(user)
    if device is None:
        return None
    allowed, _data = device.verify_is_allowed()
    if allowed:
        return None
    return _(
        "Zu viele falsche Codes. Bitte warten Sie einen Moment und versuchen Sie es dann erneut."
    )


def two_factor_remove(*, actor: User) -> None:
    """Remove the app and the recovery codes. Refused for people who must use two factors
    (they replace their device instead)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if two_factor_required(actor):
        raise PermissionDenied(
            _(
                "Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben. Sie können das "
                "Gerät ersetzen, aber nicht entfernen."
            )
        )
    with transaction.atomic():
        removed, _counts = TOTPDevice.objects.filter(user=actor).delete()
        StaticDevice.objects.filter(user=actor).delete()
        if removed:
            audit_record(
                actor=actor,
                action="two_factor.remove",
                obj=actor,
                changes={"two_factor": [True, False]},
            )
