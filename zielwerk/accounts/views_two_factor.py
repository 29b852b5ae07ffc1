"""The pages of the second factor: code step, setup (enrol or replace) and removal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from .forms import TwoFactorCodeForm, TwoFactorSetupForm
from .two_factor import (
    RECOVERY_CODE_COUNT,
    has_two_factor,
    pending_totp,
    qr_code_svg,
    secret_in_groups,
    two_factor_enrol,
    two_factor_remove,
    two_factor_required,
    two_factor_verify,
    verification_refused_reason,
)


def _next_url(request, default: str = "home:start") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


class TwoFactorVerifyView(LoginRequiredMixin, View):
    """The code step after the password (for everyone with an authenticator app)."""

    template_name = "accounts/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if request.user.is_verified():
                return redirect(_next_url(request))
            if not has_two_factor(request.user):
                if two_factor_required(request.user):
                    return redirect("accounts:two_factor_setup")
                return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200):
        context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, TwoFactorCodeForm())

    def post(self, request):
        form = TwoFactorCodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        refused = verification_refused_reason(request.user)
        if refused is None and two_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            refused
            or _(
                "Der Code „%(code)s“ stimmt nicht oder wurde schon benutzt. Prüfen Sie die "
                "Uhrzeit Ihres Geräts oder nehmen Sie einen Wiederherstellungscode."
            )
            % {"code": form.cleaned_data["code"][:20]},
        )
        return self._render(request, form, status=400)


class TwoFactorSetupView(LoginRequiredMixin, View):
    """Enrol (or replace) the authenticator app: QR code and secret, confirm with a code, then
    the ten recovery codes, shown once on the answer to the POST."""

    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        # Replacing an app needs the old one first (the middleware says the same; kept here so the
        # view is safe on its own).
        if user.is_authenticated and has_two_factor(user) and not user.is_verified():
            return redirect("accounts:two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, device, status=200):
        context = {
            "form": form,
            "qr_svg": qr_code_svg(device),
            "secret": secret_in_groups(device),
            "replacing": has_two_factor(request.user),
            "required": two_factor_required(request.user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, TwoFactorSetupForm(), pending_totp(request.user))

    def post(self, request):
        form = TwoFactorSetupForm(request.POST)
        device = pending_totp(request.user)
        refused = verification_refused_reason(request.user, device)
        if refused is not None:
            form.add_error(None if not form.is_valid() else "code", refused)
        elif form.is_valid():
            codes = two_factor_enrol(
                actor=request.user,
                request=request,
                device=device,
                code=form.cleaned_data["code"],
            )
            if codes is not None:
                return render(
                    request,
                    "accounts/two_factor_recovery_codes.html",
                    {"codes": codes, "count": RECOVERY_CODE_COUNT, "next": _next_url(request)},
                )
            form.add_error(
                "code",
                _(
                    "Der Code „%(code)s“ passt nicht zum angezeigten Schlüssel. Prüfen Sie die "
                    "Uhrzeit Ihres Geräts und geben Sie den aktuellen Code ein."
                )
                % {"code": form.cleaned_data["code"][:10]},
            )
        return self._render(request, form, device, status=400)


class TwoFactorRemoveView(LoginRequiredMixin, View):
    """GET asks for confirmation, POST removes. Refused for roles that must use two factors."""

    template_name = "accounts/two_factor_remove.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not has_two_factor(request.user):
                messages.info(request, _("Für Ihr Konto ist keine Zwei-Faktor-Anmeldung aktiv."))
                return redirect("accounts:account_detail")
            if two_factor_required(request.user):
                raise PermissionDenied(
                    _(
                        "Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben. Sie können "
                        "das Gerät ersetzen, aber nicht entfernen."
                    )
                )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name)

    def post(self, request):
        two_factor_remove(actor=request.user)
        messages.success(request, _("Die Zwei-Faktor-Anmeldung wurde entfernt."))
        return redirect("accounts:account_detail")
