"""Pages of Mittelabruf and Auszahlung. Thin: scope (404), permission (403 with the reason), a
form, one service call, POST-redirect-GET."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.core.formats import format_euro

from . import permissions, selectors
from .forms_payments import STEP_FORMS, PaymentRequestForm, UsedForm
from .models import Application, Payment, PaymentRequest
from .services.payments import (
    available_amount,
    can_report_use,
    payment_list_url,
    payment_mark_used,
    payment_request_create,
    payment_request_transition,
)
from .workflows import PAYMENT_REQUEST, Transition


def application_for(user, year: int, region_slug: str) -> Application:
    """The application of the region and year in the person's scope; 404 outside it."""
    application = (
        Application.objects.visible_to(user)
        .select_related("programme_year__programme", "region")
        .filter(programme_year__year=year, region__slug=region_slug)
        .order_by("programme_year__programme__code")
        .first()
    )
    if application is None:
        raise Http404(_("Zu dieser Gebietskörperschaft und diesem Jahr gibt es keinen Antrag."))
    return application


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, messages_ in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target if target != NON_FIELD_ERRORS else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@dataclass(frozen=True)
class UseState:
    """How the use of one payout stands, in words (never colour only)."""

    text: str
    late: bool


def use_state(payment: Payment, today) -> UseState:
    if payment.used_on is not None:
        if payment.is_late_use(today):
            return UseState(_("Verwendung verspätet"), True)
        return UseState(_("fristgerecht verwendet"), False)
    if payment.is_late_use(today):
        return UseState(_("Frist abgelaufen, Verwendung nicht gemeldet"), True)
    return UseState(_("Verwendung noch nicht gemeldet"), False)


class ApplicationPaymentsMixin(LoginRequiredMixin):
    """The lists are for programme-wide staff and regions (403 otherwise); another region's
    procedure does not exist for the person (404)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    application: Application

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            permissions.can_view_grants(request.user).enforce()
            self.application = application_for(request.user, kwargs["year"], kwargs["region"])
        return super().dispatch(request, *args, **kwargs)

    def procedure_context(self) -> dict[str, Any]:
        application = self.application
        return {
            "application": application,
            "year": application.programme_year.year,
            "region": application.region,
        }


class PaymentListView(ApplicationPaymentsMixin, TemplateView):
    template_name = "grants/payment_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        application = self.application
        today = timezone.localdate()
        approved = selectors.approved_total(application)
        requested = selectors.requested_total(application)
        requests = list(
            PaymentRequest.objects.filter(application=application)
            .select_related("payment")
            .order_by("number")
        )
        for payment_request in requests:
            payment_request.application = application
        request_rows = [
            {"request": r, "transitions": PAYMENT_REQUEST.available(user, r)} for r in requests
        ]
        report_use = can_report_use(user, application)
        payment_rows = [
            {
                "payment": r.payment,
                "request": r,
                "state": use_state(r.payment, today),
                "can_report_use": bool(report_use),
            }
            for r in requests
            if r.status == "paid" and hasattr(r, "payment")
        ]
        # the URL's year and region are replaced by the procedure's objects
        return super().get_context_data(
            **self.procedure_context(),
            approved=approved,
            requested=requested,
            paid=selectors.paid_total(application),
            available=approved - requested,
            request_rows=request_rows,
            payment_rows=payment_rows,
            can_request=permissions.can_request_payment(user, application),
            is_region=permissions.is_region_coordinator_for(user, application.region),
            report_use=report_use,
            spend_within_months=application.programme_year.spend_within_months,
        )


class PaymentRequestCreateView(ApplicationPaymentsMixin, View):
    template_name = "grants/payment_request_create.html"

    def render_page(self, form, status: int = 200) -> HttpResponse:
        context = {
            **self.procedure_context(),
            "form": form,
            "approved": selectors.approved_total(self.application),
            "requested": selectors.requested_total(self.application),
            "available": available_amount(self.application),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        permissions.can_request_payment(request.user, self.application).enforce()
        return self.render_page(PaymentRequestForm())

    def post(self, request, *args, **kwargs):
        permissions.can_request_payment(request.user, self.application).enforce()
        form = PaymentRequestForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            created = payment_request_create(
                actor=request.user,
                application=self.application,
                amount=form.cleaned_data["amount"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_page(form, status=400)
        messages.success(
            request,
            _("Mittelabruf %(number)s über %(amount)s wurde an die Bewilligungsbehörde gesandt.")
            % {"number": created.number, "amount": format_euro(created.amount, cents="always")},
        )
        return redirect(payment_list_url(self.application))


def _visible_request(user, pk: int) -> PaymentRequest:
    found = (
        PaymentRequest.objects.visible_to(user)
        .select_related("application__programme_year__programme", "application__region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("Diesen Mittelabruf gibt es nicht oder er ist nicht sichtbar."))
    return found


class PaymentRequestTransitionView(LoginRequiredMixin, View):
    """GET: the step's own page (confirmation, reason or payout day); POST: take the step."""

    template_name = "grants/payment_request_transition.html"

    def setup_step(self, request) -> tuple[PaymentRequest, Transition]:
        payment_request = _visible_request(request.user, self.kwargs["pk"])
        transition = PAYMENT_REQUEST.get(self.kwargs["name"])
        if transition is None:
            raise Http404(_("Diesen Schritt gibt es nicht."))
        PAYMENT_REQUEST.check(request.user, payment_request, transition.name)
        return payment_request, transition

    def render_page(self, payment_request, transition, form, status: int = 200) -> HttpResponse:
        application = payment_request.application
        approved = selectors.approved_total(application)
        context = {
            "application": application,
            "year": application.programme_year.year,
            "region": application.region,
            "payment_request": payment_request,
            "transition": transition,
            "form": form,
            "approved": approved,
            "paid": selectors.paid_total(application),
            "spend_within_months": application.programme_year.spend_within_months,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        payment_request, transition = self.setup_step(request)
        form = STEP_FORMS[transition.name]()
        return self.render_page(payment_request, transition, form)

    def post(self, request, *args, **kwargs):
        payment_request, transition = self.setup_step(request)
        form = STEP_FORMS[transition.name](request.POST)
        if not form.is_valid():
            return self.render_page(payment_request, transition, form, status=400)
        try:
            payment_request_transition(
                actor=request.user,
                request=payment_request,
                name=transition.name,
                reason=form.cleaned_data.get("reason", ""),
                paid_on=form.cleaned_data.get("paid_on"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_page(payment_request, transition, form, status=400)
        messages.success(
            request,
            _("Mittelabruf %(number)s: „%(step)s“ ist erledigt.")
            % {"number": payment_request.number, "step": transition.label},
        )
        return redirect(payment_list_url(payment_request.application))


class PaymentUsedView(LoginRequiredMixin, View):
    """Verwendung melden: the region reports the day the payout was used."""

    template_name = "grants/payment_used.html"

    def get_payment(self, request) -> Payment:
        payment = (
            Payment.objects.filter(request__in=PaymentRequest.objects.visible_to(request.user))
            .select_related(
                "request__application__programme_year__programme",
                "request__application__region",
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if payment is None:
            raise Http404(_("Diese Auszahlung gibt es nicht oder sie ist nicht sichtbar."))
        can_report_use(request.user, payment.request.application).enforce()
        return payment

    def render_page(self, payment, form, status: int = 200) -> HttpResponse:
        application = payment.request.application
        context = {
            "application": application,
            "year": application.programme_year.year,
            "region": application.region,
            "payment": payment,
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        payment = self.get_payment(request)
        return self.render_page(payment, UsedForm(initial={"used_on": payment.used_on}))

    def post(self, request, *args, **kwargs):
        payment = self.get_payment(request)
        form = UsedForm(request.POST)
        if not form.is_valid():
            return self.render_page(payment, form, status=400)
        try:
            payment_mark_used(
                actor=request.user, payment=payment, used_on=form.cleaned_data["used_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_page(payment, form, status=400)
        messages.success(request, _("Die Verwendung wurde gemeldet."))
        return redirect(payment_list_url(payment.request.application))
