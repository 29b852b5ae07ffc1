"""Pages of the proof of use (Verwendungsnachweis) and the reclaim (Rückforderung).

Scope: providers do not see the grant procedure (403 with the reason); a region's coordination
sees its own region, programme-wide staff every region; outside the scope a page answers 404.
The ministry reads; writes are checked by the services and refused with 403 and the reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from zielwerk.budgets.selectors import programme_year_for
from zielwerk.core.formats import format_date, format_days_left, format_euro

from .choices import StatementSide
from .forms_proof import (
    ProofEditForm,
    ProofReviewForm,
    ProofTransitionForm,
    ReclaimCreateForm,
    ReclaimRepaidForm,
)
from .models import Application, Decision, ProofOfUse, Reclaim, StatementItem
from .permissions import can_edit_proof, can_review_proof, can_view_grants
from .services.proof import (
    can_create_proof,
    can_create_reclaim,
    can_record_repayment,
    category_label,
    proof_create,
    proof_deadline,
    proof_figures,
    proof_redraft_narrative,
    proof_transition,
    proof_update,
    reclaim_create,
    reclaim_lines,
    reclaim_preview,
    reclaim_recomputed,
    reclaim_record_repayment,
    sorted_items,
    statement_items_review,
)
from .workflows import PROOF


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def decision_url(decision: Decision) -> str:
    """The decision's page (part D); by path while its URL is not registered."""
    try:
        return reverse("grants:decision_detail", kwargs={"pk": decision.pk})
    except NoReverseMatch:
        return f"/bescheide/{decision.pk}/"


def deadline_text(deadline: dt.date | None, today: dt.date) -> str:
    if deadline is None:
        return _("keine Frist festgelegt")
    return format_days_left(deadline, today)


class ProofMixin(LoginRequiredMixin):
    """Finds the application of the year and region in the person's scope and its proof."""

    request: HttpRequest
    kwargs: dict[str, Any]
    application: Application
    proof: ProofOfUse | None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_grants(request.user).enforce()
            programme_year = programme_year_for(kwargs["year"])
            if programme_year is None:
                raise Http404(_("Dieses Programmjahr gibt es nicht."))
            application = (
                Application.objects.visible_to(request.user)
                .filter(programme_year=programme_year, region__slug=kwargs["region"])
                .select_related("region", "programme_year__programme")
                .first()
            )
            if application is None:
                raise Http404(_("Diesen Antrag gibt es nicht oder er ist nicht sichtbar."))
            self.application = application
            self.proof = ProofOfUse.objects.filter(application=application).first()
        return super().dispatch(request, *args, **kwargs)

    def require_proof(self) -> ProofOfUse:
        if self.proof is None:
            raise Http404(_("Es gibt noch keinen Verwendungsnachweis."))
        return self.proof

    def detail_url(self) -> str:
        return reverse(
            "grants:proof_detail",
            kwargs={
                "year": self.application.programme_year.year,
                "region": self.application.region.slug,
            },
        )

    def base_context(self) -> dict[str, Any]:
        return {
            "application": self.application,
            "year": self.application.programme_year.year,
            "region": self.application.region,
            "proof": self.proof,
            "detail_url": self.detail_url(),
        }

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        return render(self.request, template, {**self.base_context(), **context}, status=status)


def _project_groups(items: list[StatementItem]) -> list[dict[str, Any]]:
    """Statement lines grouped by project, costs before income, with the difference."""
    groups: dict[int, dict[str, Any]] = {}
    for item in items:
        group = groups.setdefault(
            item.project_id, {"project": item.project, "costs": [], "income": []}
        )
        row = {
            "item": item,
            "label": category_label(item),
            "difference": item.actual - item.planned,
        }
        group["costs" if item.side == StatementSide.COST else "income"].append(row)
    for group in groups.values():
        group["costs_total"] = _side_total(group["costs"])
        group["income_total"] = _side_total(group["income"])
    return list(groups.values())


def _side_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The sums of one side of a project's statement; `recognised` is None while a line is not
    reviewed yet."""
    planned = sum((row["item"].planned for row in rows), Decimal("0.00"))
    actual = sum((row["item"].actual for row in rows), Decimal("0.00"))
    recognised = [row["item"].recognised for row in rows]
    return {
        "planned": planned,
        "actual": actual,
        "difference": actual - planned,
        "recognised": None
        if any(value is None for value in recognised)
        else sum(recognised, Decimal("0.00")),
    }


def _items(proof: ProofOfUse) -> list[StatementItem]:
    return sorted_items(proof)


class ProofDetailView(ProofMixin, View):
    template_name = "grants/proof_detail.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        today = timezone.localdate()
        deadline = proof_deadline(self.application)
        context: dict[str, Any] = {
            "deadline": deadline,
            "deadline_text": deadline_text(deadline, today),
            "deadline_overdue": bool(deadline and deadline < today),
            "can_create": can_create_proof(user, self.application),
        }
        proof = self.proof
        if proof is not None:
            items = _items(proof)
            reclaim = (
                Reclaim.objects.filter(decision__application=self.application)
                .select_related("decision")
                .first()
            )
            context |= {
                "groups": _project_groups(items),
                "figures": proof_figures(proof),
                "transitions": PROOF.available(user, proof),
                "can_edit": can_edit_proof(user, proof),
                "can_review": can_review_proof(user, proof),
                "can_reclaim": can_create_reclaim(user, proof),
                "reclaim": reclaim,
                "reclaim_decision_url": decision_url(reclaim.decision) if reclaim else "",
                "reclaim_lines": reclaim_lines(reclaim) if reclaim else [],
                "recomputed": reclaim_recomputed(reclaim) if reclaim else None,
                "can_repay": can_record_repayment(user, reclaim) if reclaim else None,
            }
        return self.render(self.template_name, context)


class ProofCreateView(ProofMixin, View):
    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        can_create_proof(request.user, self.application).enforce()
        try:
            proof_create(actor=request.user, application=self.application)
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(
                request,
                _(
                    "Der Verwendungsnachweis ist angelegt. Bitte tragen Sie die Ist-Beträge ein "
                    "und prüfen Sie den Sachbericht."
                ),
            )
        return redirect(self.detail_url())


class ProofEditView(ProofMixin, View):
    template_name = "grants/proof_edit.html"

    def form(self, proof: ProofOfUse, data=None) -> ProofEditForm:
        return ProofEditForm(data, items=_items(proof), initial={"narrative": proof.narrative})

    def page(self, form: ProofEditForm, errors=(), status: int = 200) -> HttpResponse:
        return self.render(self.template_name, {"form": form, "errors": errors}, status=status)

    def get(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_edit_proof(request.user, proof).enforce()
        return self.page(self.form(proof))

    def post(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_edit_proof(request.user, proof).enforce()
        form = self.form(proof, request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            proof_update(
                actor=request.user,
                proof=proof,
                narrative=form.cleaned_data["narrative"],
                actuals=form.actuals(),
            )
        except ValidationError as exc:
            return self.page(form, _errors(exc), status=400)
        messages.success(request, _("Der Verwendungsnachweis ist gespeichert."))
        return redirect(self.detail_url())


class ProofRedraftView(ProofMixin, View):
    """GET asks for confirmation (the draft overwrites the edited text); POST replaces it."""

    template_name = "grants/proof_redraft.html"

    def get(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_edit_proof(request.user, proof).enforce()
        return self.render(self.template_name, {})

    def post(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_edit_proof(request.user, proof).enforce()
        proof_redraft_narrative(actor=request.user, proof=proof)
        messages.success(request, _("Der Sachbericht wurde durch einen neuen Entwurf ersetzt."))
        return redirect(
            reverse(
                "grants:proof_edit",
                kwargs={
                    "year": self.application.programme_year.year,
                    "region": self.application.region.slug,
                },
            )
        )


class ProofTransitionView(ProofMixin, View):
    template_name = "grants/proof_transition.html"

    def transition(self, proof: ProofOfUse):
        return PROOF.check(self.request.user, proof, self.kwargs["name"])

    def page(self, proof, transition, form, errors=(), status: int = 200) -> HttpResponse:
        return self.render(
            self.template_name,
            {
                "transition": transition,
                "form": form,
                "errors": errors,
                "figures": proof_figures(proof),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        proof = self.require_proof()
        transition = self.transition(proof)
        return self.page(proof, transition, ProofTransitionForm())

    def post(self, request, *args, **kwargs):
        proof = self.require_proof()
        transition = self.transition(proof)
        form = ProofTransitionForm(request.POST)
        if not form.is_valid():
            return self.page(proof, transition, form, status=400)
        try:
            proof_transition(
                actor=request.user,
                proof=proof,
                name=transition.name,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            if transition.own_page:
                return self.page(proof, transition, form, _errors(exc), status=400)
            messages.error(request, " ".join(_errors(exc)))
            return redirect(self.detail_url())
        messages.success(request, _("Erledigt: %(step)s.") % {"step": transition.label})
        return redirect(self.detail_url())


class ProofReviewView(ProofMixin, View):
    template_name = "grants/proof_review.html"

    def page(self, proof, form, errors=(), status: int = 200) -> HttpResponse:
        return self.render(
            self.template_name,
            {"form": form, "errors": errors, "figures": proof_figures(proof)},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_review_proof(request.user, proof).enforce()
        return self.page(proof, ProofReviewForm(items=_items(proof)))

    def post(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_review_proof(request.user, proof).enforce()
        form = ProofReviewForm(request.POST, items=_items(proof))
        if not form.is_valid():
            return self.page(proof, form, status=400)
        try:
            changed = statement_items_review(
                actor=request.user, proof=proof, findings=form.findings()
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages_ in exc.message_dict.items():
                    pk = key.removeprefix("item_")
                    field = f"reason_{pk}" if f"reason_{pk}" in form.fields else None
                    for message in messages_:
                        form.add_error(field, message)
                return self.page(proof, form, status=400)
            return self.page(proof, form, _errors(exc), status=400)
        messages.success(
            request,
            ngettext("%(count)s Position geprüft.", "%(count)s Positionen geprüft.", changed)
            % {"count": changed},
        )
        return redirect(self.detail_url())


class ReclaimCreateView(ProofMixin, View):
    """GET: the computation for a due date (preview); POST: draft the reclaim decision."""

    template_name = "grants/reclaim_create.html"

    def page(self, proof, form, errors=(), status: int = 200) -> HttpResponse:
        preview = None
        if form.is_bound and form.is_valid() and not errors:
            try:
                preview = reclaim_preview(proof, form.cleaned_data["due_on"])
            except ValidationError as exc:
                errors = _errors(exc)
        return self.render(
            self.template_name,
            {
                "form": form,
                "errors": errors,
                "preview": preview,
                "figures": proof_figures(proof),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_create_reclaim(request.user, proof).enforce()
        if "due_on" in request.GET:
            form = ReclaimCreateForm(request.GET)
        else:
            default = timezone.localdate() + dt.timedelta(days=30)
            form = ReclaimCreateForm(initial={"due_on": default})
        return self.page(proof, form)

    def post(self, request, *args, **kwargs):
        proof = self.require_proof()
        can_create_reclaim(request.user, proof).enforce()
        form = ReclaimCreateForm(request.POST)
        if not form.is_valid():
            return self.page(proof, form, status=400)
        try:
            reclaim = reclaim_create(
                actor=request.user, proof=proof, due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as exc:
            return self.page(proof, form, _errors(exc), status=400)
        messages.success(
            request,
            _(
                "Der Entwurf des Rückforderungsbescheids über %(amount)s ist angelegt; "
                "bitte prüfen und erlassen Sie ihn."
            )
            % {"amount": format_euro(reclaim.total, cents="always")},
        )
        return redirect(decision_url(reclaim.decision))


class ReclaimRepaidView(LoginRequiredMixin, View):
    template_name = "grants/reclaim_repaid.html"

    def get_reclaim(self) -> Reclaim:
        can_view_grants(self.request.user).enforce()
        return get_object_or_404(
            Reclaim.objects.select_related(
                "decision__application__region", "decision__application__programme_year"
            ).filter(decision__in=Decision.objects.visible_to(self.request.user)),
            pk=self.kwargs["pk"],
        )

    def page(self, reclaim, form, errors=(), status: int = 200) -> HttpResponse:
        application = reclaim.decision.application
        return render(
            self.request,
            self.template_name,
            {
                "reclaim": reclaim,
                "application": application,
                "year": application.programme_year.year,
                "region": application.region,
                "form": form,
                "errors": errors,
                "decision_url": decision_url(reclaim.decision),
                "detail_url": reverse(
                    "grants:proof_detail",
                    kwargs={
                        "year": application.programme_year.year,
                        "region": application.region.slug,
                    },
                ),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        reclaim = self.get_reclaim()
        can_record_repayment(request.user, reclaim).enforce()
        return self.page(reclaim, ReclaimRepaidForm())

    def post(self, request, *args, **kwargs):
        reclaim = self.get_reclaim()
        can_record_repayment(request.user, reclaim).enforce()
        form = ReclaimRepaidForm(request.POST)
        if not form.is_valid():
            return self.page(reclaim, form, status=400)
        try:
            reclaim = reclaim_record_repayment(
                actor=request.user, reclaim=reclaim, repaid_on=form.cleaned_data["repaid_on"]
            )
        except ValidationError as exc:
            return self.page(reclaim, form, _errors(exc), status=400)
        recomputed = reclaim_recomputed(reclaim)
        assert recomputed is not None
        messages.success(
            request,
            _(
                "Rückzahlung am %(date)s erfasst. Zinsen bis zur Rückzahlung: %(interest)s "
                "(Bescheid: %(original)s)."
            )
            % {
                "date": format_date(form.cleaned_data["repaid_on"]),
                "interest": format_euro(recomputed.interest, cents="always"),
                "original": format_euro(reclaim.interest, cents="always"),
            },
        )
        application = reclaim.decision.application
        return redirect(
            reverse(
                "grants:proof_detail",
                kwargs={
                    "year": application.programme_year.year,
                    "region": application.region.slug,
                },
            )
        )
