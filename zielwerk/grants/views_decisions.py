"""Pages of the decisions (Bescheide) and the authority's decision templates. Thin: scope (404
outside it), permission (403 with the reason), a form, one service call, redirect.

Providers see no decisions: the lists answer 403, single decisions 404 (Decision.visible_to).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.budgets.selectors import programme_year_for
from zielwerk.core.formats import format_date
from zielwerk.core.permissions import deny
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from . import documents, selectors, workflows
from .choices import APPROVING_KINDS, DecisionKind
from .forms_decisions import DecisionEditForm, ItemFormSet, TemplateEditForm
from .models import Application, Decision, DecisionTemplate
from .permissions import (
    can_draft_decision,
    can_edit_decision,
    can_edit_templates,
    can_view_grants,
)
from .services.decisions import (
    TEXT_FIELDS,
    decision_amount,
    decision_delete,
    decision_draft,
    decision_issue,
    decision_problems,
    decision_texts,
    decision_update,
    field_label,
    template_update,
)
from .templating import PLACEHOLDERS

# Kinds drafted on these pages; reclaim decisions come from the proof-of-use review.
DRAFTABLE_KINDS = (DecisionKind.GRANT, DecisionKind.AMENDMENT, DecisionKind.REVOCATION)


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def region_in_scope(user, slug: str) -> Region:
    """The region, if the person may see its procedure: programme-wide staff every region, a
    region's people their own; 404 otherwise (as for a region that does not exist)."""
    region = Region.objects.filter(slug=slug).select_related("administration").first()
    if region is None:
        raise Http404(_("Diese Gebietskörperschaft gibt es nicht."))
    if user.is_programme_wide or region.administration_id in user.organisation_ids:
        return region
    raise Http404(_("Diese Gebietskörperschaft gibt es nicht."))


class ProcedureMixin(LoginRequiredMixin):
    """Year and region from the URL; the lists of decisions are for programme-wide staff and
    regions (403 for everyone else, before anything is looked up)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    region: Region
    programme_year: ProgrammeYear
    application: Application | None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_grants(request.user).enforce()
            programme_year = programme_year_for(kwargs["year"])
            if programme_year is None:
                raise Http404(_("Dieses Programmjahr gibt es nicht."))
            self.programme_year = programme_year
            self.region = region_in_scope(request.user, kwargs["region"])
            self.application = (
                Application.objects.visible_to(request.user)
                .filter(region=self.region, programme_year=self.programme_year)
                .first()
            )
        return super().dispatch(request, *args, **kwargs)

    def procedure_context(self) -> dict[str, Any]:
        return {
            "application": self.application,
            "region": self.region,
            "programme_year": self.programme_year,
            "year": self.programme_year.year,
        }


class DecisionListView(ProcedureMixin, TemplateView):
    template_name = "grants/decision_list.html"

    def get_context_data(self, **kwargs):
        decisions = []
        if self.application is not None:
            decisions = list(
                Decision.objects.filter(application=self.application)
                .select_related("previous")
                .order_by("number")
            )
        for decision in decisions:
            decision.amount = decision_amount(decision)
        creatable = []
        user = self.request.user
        if self.application is not None and can_draft_decision(user, self.application):
            creatable = [(kind.value, kind.label) for kind in DRAFTABLE_KINDS]
        return super().get_context_data(
            decisions=decisions,
            creatable=creatable,
            can_edit_templates=can_edit_templates(user),
            **{**kwargs, **self.procedure_context()},
        )


class DecisionCreateView(ProcedureMixin, TemplateView):
    """GET asks which decision to draft; POST drafts it and opens it."""

    template_name = "grants/decision_create.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("kind") not in [kind.value for kind in DRAFTABLE_KINDS]:
            raise Http404(_("Diese Art von Bescheid wird hier nicht angelegt."))
        return super().dispatch(request, *args, **kwargs)

    def _application(self) -> Application:
        if self.application is None:
            raise Http404(_("Für dieses Jahr gibt es noch keinen Antrag."))
        can_draft_decision(self.request.user, self.application).enforce()
        return self.application

    def get_context_data(self, **kwargs):
        application = self._application()
        kind = DecisionKind(self.kwargs["kind"])
        return super().get_context_data(
            **{
                **kwargs,
                **self.procedure_context(),
                "kind": kind,
                "effective": selectors.effective_decision(application),
            }
        )

    def post(self, request, *args, **kwargs):
        application = self._application()
        try:
            decision = decision_draft(
                actor=request.user, application=application, kind=self.kwargs["kind"]
            )
        except ValidationError as error:
            context = self.get_context_data(errors=_messages(error))
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            _("Der Entwurf (%(kind)s Nr. %(number)s) wurde angelegt.")
            % {"kind": decision.get_kind_display(), "number": decision.number},
        )
        return redirect("grants:decision_detail", pk=decision.pk)


class DecisionMixin(LoginRequiredMixin):
    """The decision in the person's scope (404 outside it, and always for providers)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    decision: Decision

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.decision = get_object_or_404(
                Decision.objects.visible_to(request.user).select_related(
                    "application__region__administration",
                    "application__programme_year__programme",
                    "previous",
                    "issued_by",
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def procedure_context(self) -> dict[str, Any]:
        application = self.decision.application
        return {
            "decision": self.decision,
            "application": application,
            "region": application.region,
            "programme_year": application.programme_year,
            "year": application.programme_year.year,
        }


def item_rows(decision: Decision) -> list[dict[str, Any]]:
    """Per project: applied, approved and reason; with the previous decision's amount and the
    difference for an amendment or revocation."""
    previous = (
        {item.project_id: item.approved for item in decision.previous.items.all()}
        if decision.previous is not None and decision.kind in APPROVING_KINDS
        else None
    )
    rows = []
    for item in decision.items.select_related("project__measure_type").order_by("project__code"):
        row: dict[str, Any] = {"item": item, "project": item.project}
        if previous is not None:
            old = previous.get(item.project_id, Decimal("0.00"))
            row["old"] = old
            row["difference"] = item.approved - old
        rows.append(row)
    return rows


def changed_texts(decision: Decision) -> list[dict[str, str]]:
    """The texts that read differently from the previous decision's."""
    if decision.previous is None or decision.kind not in APPROVING_KINDS:
        return []
    now, before = decision_texts(decision), decision_texts(decision.previous)
    return [
        {
            "label": field_label(field),
            "old": before[field],
            "new": now[field],
        }
        for field in TEXT_FIELDS
        if now[field].strip() != before[field].strip()
    ]


class DecisionDetailView(DecisionMixin, TemplateView):
    template_name = "grants/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision = self.decision
        user = self.request.user
        rows = item_rows(decision)
        can_edit = can_edit_decision(user, decision)
        totals = {
            "applied": sum((row["item"].applied for row in rows), Decimal("0.00")),
            "approved": sum((row["item"].approved for row in rows), Decimal("0.00")),
        }
        if decision.previous is not None and decision.kind in APPROVING_KINDS:
            totals["old"] = sum((row["old"] for row in rows), Decimal("0.00"))
            totals["difference"] = totals["approved"] - totals["old"]
        return super().get_context_data(
            rows=rows,
            totals=totals,
            shows_difference=decision.previous is not None and decision.kind in APPROVING_KINDS,
            texts=decision_texts(decision),
            changed=changed_texts(decision),
            amount=decision_amount(decision),
            reclaim=getattr(decision, "reclaim", None),
            problems=decision_problems(decision) if can_edit else [],
            can_edit=can_edit,
            can_issue=bool(can_edit) and bool(workflows.DECISION.available(user, decision)),
            formats=list(documents.FORMATS),
            **{**kwargs, **self.procedure_context()},
        )


class DecisionEditView(DecisionMixin, TemplateView):
    template_name = "grants/decision_edit.html"

    def _check(self) -> None:
        can_edit_decision(self.request.user, self.decision).enforce()

    def _forms(self, data=None):
        decision = self.decision
        items = list(
            decision.items.select_related("project__measure_type").order_by("project__code")
        )
        form = DecisionEditForm(data, instance=decision, prefix="bescheid")
        formset = None
        if decision.is_approving:
            formset = ItemFormSet(data, items=items, prefix="projekte")  # type: ignore[call-arg]
        return form, formset

    def get(self, request, *args, **kwargs):
        self._check()
        form, formset = self._forms()
        return self._render(form, formset)

    def _render(self, form, formset, status=200):
        context = self.get_context_data(
            form=form,
            formset=formset,
            placeholders=PLACEHOLDERS,
            **self.procedure_context(),
        )
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        self._check()
        form, formset = self._forms(request.POST)
        valid = form.is_valid()
        valid = (formset.is_valid() if formset is not None else True) and valid
        if not valid:
            return self._render(form, formset, status=400)
        try:
            decision_update(
                actor=request.user,
                decision=self.decision,
                items=formset.values() if formset is not None else None,
                texts={field: form.cleaned_data[field] for field in TEXT_FIELDS},
                proof_due_on=form.cleaned_data["proof_due_on"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self._render(form, formset, status=400)
        messages.success(request, _("Der Entwurf wurde gespeichert."))
        return redirect("grants:decision_detail", pk=self.decision.pk)


class DecisionIssueView(DecisionMixin, TemplateView):
    """GET asks for confirmation (and lists what still blocks); POST issues."""

    template_name = "grants/decision_issue.html"

    def _check(self):
        can_edit_decision(self.request.user, self.decision).enforce()
        workflows.DECISION.check(self.request.user, self.decision, "issue")

    def get_context_data(self, **kwargs):
        transition = workflows.DECISION.get("issue")
        return super().get_context_data(
            transition=transition,
            amount=decision_amount(self.decision),
            problems=decision_problems(self.decision),
            **{**kwargs, **self.procedure_context()},
        )

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        try:
            decision = decision_issue(actor=request.user, decision=self.decision)
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(errors=_messages(error)), status=400
            )
        messages.success(
            request,
            _("Der %(kind)s wurde am %(date)s erlassen.")
            % {"kind": decision.get_kind_display(), "date": format_date(decision.issued_on)},
        )
        return redirect("grants:decision_detail", pk=decision.pk)


class DecisionDeleteView(DecisionMixin, TemplateView):
    template_name = "grants/decision_delete.html"

    def get(self, request, *args, **kwargs):
        can_edit_decision(request.user, self.decision).enforce()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**kwargs, **self.procedure_context()})

    def post(self, request, *args, **kwargs):
        application = self.decision.application
        decision_delete(actor=request.user, decision=self.decision)
        messages.success(request, _("Der Entwurf wurde gelöscht."))
        return redirect(
            "grants:decision_list",
            year=application.programme_year.year,
            region=application.region.slug,
        )


class DecisionDocumentView(DecisionMixin, View):
    """The decision as PDF/A or DOCX (a draft is marked as such)."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        if fmt not in documents.FORMATS:
            raise Http404(_("Dieses Format gibt es nicht."))
        content, content_type, filename = documents.render(self.decision, fmt)
        response = HttpResponse(content, content_type=content_type)
        disposition = "inline" if fmt == "pdf" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response


# --- templates -----------------------------------------------------------------------------------


def _may_read_templates(user) -> None:
    """The wording of decisions: programme-wide staff read it, the authority edits it."""
    if not user.is_programme_wide:
        deny(_("Bescheidvorlagen sehen das Ministerium und die Bewilligungsbehörde.")).enforce()


class TemplateListView(LoginRequiredMixin, TemplateView):
    template_name = "grants/template_list.html"

    def get_context_data(self, **kwargs):
        _may_read_templates(self.request.user)
        return super().get_context_data(
            templates=DecisionTemplate.objects.select_related("updated_by").order_by(
                "kind", "-valid_from_year"
            ),
            can_edit=can_edit_templates(self.request.user),
            placeholders=PLACEHOLDERS,
            **kwargs,
        )


class TemplateEditView(LoginRequiredMixin, View):
    template_name = "grants/template_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _may_read_templates(request.user)
            can_edit_templates(request.user).enforce()
            self.template = get_object_or_404(DecisionTemplate, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "template": self.template, "placeholders": PLACEHOLDERS},
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self._render(TemplateEditForm(instance=self.template))

    def post(self, request, *args, **kwargs):
        form = TemplateEditForm(request.POST, instance=self.template)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            template_update(
                actor=request.user,
                template=self.template,
                **{field: form.cleaned_data[field] for field in TEXT_FIELDS},
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self._render(form, status=400)
        messages.success(request, _("Die Vorlage wurde gespeichert."))
        return redirect(reverse("grants:template_list"))
