"""Enforcing the second factor: one place that every request passes (after django-otp's
OTPMiddleware, which sets `request.user.is_verified()`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .two_factor import has_two_factor, two_factor_required

# URL names reachable with a password alone; the setup page only while no device exists (an
# attacker who knows the password must not be able to enrol a device of their own instead).
CODE_STEP_ALLOWED = frozenset({"accounts:two_factor_verify", "accounts:logout", "set_language"})
SETUP_ALLOWED = frozenset({"accounts:two_factor_setup", "accounts:logout", "set_language"})


class TwoFactorMiddleware:
    """A signed-in person whose session is not verified reaches only the code step (if they have
    an authenticator app) or the setup page (if their role requires one and they have none),
    plus logout and the language switch. Static files are served by WhiteNoise before this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        target = self._redirect_target(request)
        if target is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Bitte schließen Sie zuerst die Zwei-Faktor-Anmeldung ab.")},
                status=403,
            )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{reverse(target)}?{query}" if query else reverse(target))

    def _redirect_target(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        name = self._url_name(request)
        if has_two_factor(user):
            return None if name in CODE_STEP_ALLOWED else "accounts:two_factor_verify"
        if two_factor_required(user):
            return None if name in SETUP_ALLOWED else "accounts:two_factor_setup"
        return None

    @staticmethod
    def _url_name(request: HttpRequest) -> str | None:
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None
