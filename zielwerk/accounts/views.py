from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .forms import ApiTokenCreateForm, LoginForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke
from .two_factor import has_two_factor, recovery_codes_left, two_factor_required


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def account_context(user, form: ApiTokenCreateForm | None = None) -> dict:
    return {
        "memberships": user.active_memberships(),
        "tokens": ApiToken.objects.filter(user=user).order_by("-created_at"),
        "form": form or ApiTokenCreateForm(),
        "two_factor_active": has_two_factor(user),
        "two_factor_required": two_factor_required(user),
        "recovery_codes_left": recovery_codes_left(user),
    }


class AccountDetailView(LoginRequiredMixin, TemplateView):
    """Mein Konto: memberships and the person's own API tokens."""

    template_name = "accounts/account_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**account_context(self.request.user), **kwargs)


class ApiTokenCreateView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = ApiTokenCreateForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                AccountDetailView.template_name,
                account_context(request.user, form),
                status=400,
            )
        expires = timezone.now() + dt.timedelta(days=form.cleaned_data["valid_days"])
        token, raw = api_token_create(
            actor=request.user,
            owner=request.user,
            name=form.cleaned_data["name"],
            expires_at=expires,
        )
        # The raw token is shown once, on this response only; it is not stored.
        return render(
            request,
            "accounts/api_token_created.html",
            {"token": token, "raw_token": raw},
        )


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """GET asks for confirmation, POST revokes."""

    def get_token(self, request, pk: int) -> ApiToken:
        return get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)

    def get(self, request, pk: int):
        return render(
            request, "accounts/api_token_revoke.html", {"token": self.get_token(request, pk)}
        )

    def post(self, request, pk: int):
        token = self.get_token(request, pk)
        api_token_revoke(actor=request.user, token=token, reason="vom Konto selbst widerrufen")
        messages.success(
            request, _("Das Token „%(name)s“ wurde widerrufen.") % {"name": token.name}
        )
        return redirect("accounts:account_detail")
