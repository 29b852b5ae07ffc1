"""Pages of the agreement workflow. Thin: scope and permission, a form, one service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.projects.models import Project

from . import selectors
from .diff import diff_versions
from .document import build_document
from .exports import attachment_response, document_response, signed_pdf_response
from .forms import (
    AgreementCreateForm,
    AgreementEditForm,
    AgreementFilterForm,
    AmendForm,
    AttachmentForm,
    CommentForm,
    CompareForm,
    KeyFigureFormSet,
    SignForm,
    TransitionForm,
)
from .models import Agreement, AgreementVersion, Attachment
from .permissions import (
    can_amend_agreement,
    can_comment_agreement,
    can_create_agreement,
    can_edit_agreement,
    can_transition,
    can_view_agreements,
)
from .rendering import FORMATS
from .rendering.html import render_html
from .services import (
    KeyFigureData,
    agreement_amend,
    agreement_create,
    agreement_transition,
    agreement_version_save,
    attachment_add,
    comment_add,
)
from .workflows import available_transitions, get_transition


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_errors(form) -> str:
    """A form's errors as one message (for forms that answer with a redirect)."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class AgreementListView(LoginRequiredMixin, TemplateView):
    template_name = "agreements/agreement_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_view_agreements(user).enforce()
        form = AgreementFilterForm(
            self.request.GET or None, years=selectors.agreement_years_for_user(user)
        )
        year = form.cleaned_data.get("jahr") if form.is_valid() else None
        return super().get_context_data(
            filter_form=form,
            agreements=selectors.agreement_list_for_user(user, year=year or None),
            can_create=can_create_agreement(user, None),
            year=year,
            **kwargs,
        )


class AgreementCreateView(LoginRequiredMixin, FormView):
    template_name = "agreements/agreement_create.html"
    form_class = AgreementCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_create_agreement(request.user, None).enforce()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            agreement = agreement_create(
                actor=self.request.user,
                programme_year=form.cleaned_data["programme_year"],
                region=form.cleaned_data["region"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Der Entwurf (Fassung 1) wurde angelegt."))
        return redirect(agreement)


class AgreementMixin(LoginRequiredMixin):
    """Finds the agreement in the person's scope (404 outside it) and the version asked for."""

    request: HttpRequest
    kwargs: dict[str, Any]
    agreement: Agreement

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            agreement = selectors.agreement_get(request.user, kwargs["pk"])
            if agreement is None:
                raise Http404(
                    _("Diese Zielvereinbarung gibt es nicht oder sie ist nicht sichtbar.")
                )
            self.agreement = agreement
        return super().dispatch(request, *args, **kwargs)

    def get_version(self, number: int | None = None) -> AgreementVersion:
        version = selectors.version_get(self.agreement, number)
        if version is None:
            raise Http404(_("Diese Fassung gibt es nicht."))
        return version


class AgreementDetailView(AgreementMixin, TemplateView):
    """The newest version, or (with a number) any earlier one; the workflow acts on the newest."""

    template_name = "agreements/agreement_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        current = self.get_version()
        number = self.kwargs.get("number")
        version = current if number in (None, current.number) else self.get_version(number)
        is_current = version.pk == current.pk
        return super().get_context_data(
            agreement=self.agreement,
            version=version,
            current=current,
            is_current=is_current,
            transitions=available_transitions(user, current) if is_current else [],
            can_edit=is_current and can_edit_agreement(user, current),
            can_comment=can_comment_agreement(user, current) if is_current else None,
            can_amend=is_current and can_amend_agreement(user, current),
            can_attach=is_current and can_edit_agreement(user, current),
            attachment_form=AttachmentForm(
                prefix="anlage", initial={"base_number": current.number}
            ),
            document=render_html(build_document(version), heading_level=2),
            signatures=version.signatures.order_by("position"),
            versions=selectors.version_list(self.agreement),
            comments=selectors.comment_list(self.agreement),
            comment_form=CommentForm(),
            attachments=version.attachments.all(),
            document_formats=[(key, spec.label) for key, spec in FORMATS.items()],
            **kwargs,
        )


class AgreementEditView(AgreementMixin, View):
    template_name = "agreements/agreement_edit.html"

    def build(self, version: AgreementVersion, data=None):
        projects = (
            Project.objects.filter(
                region=self.agreement.region, programme_year=self.agreement.programme_year
            )
            .select_related("measure_type")
            .order_by("measure_type__number", "code")
        )
        form = AgreementEditForm(data, version=version, projects=projects)
        figures = KeyFigureFormSet(
            data,
            prefix="eckdaten",
            initial=[
                {"label": f.label, "value": f.value, "unit": f.unit}
                for f in version.key_figures.order_by("position")
            ],
        )
        return form, figures

    def render_page(self, version, form, figures, status: int = 200) -> HttpResponse:
        context = {"agreement": self.agreement, "version": version, "form": form}
        context["figures"] = figures
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        version = self.get_version()
        can_edit_agreement(request.user, version).enforce()
        return self.render_page(version, *self.build(version))

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        can_edit_agreement(request.user, version).enforce()
        form, figures = self.build(version, request.POST)
        if not (form.is_valid() and figures.is_valid()):
            return self.render_page(version, form, figures, status=400)
        key_figures = [
            KeyFigureData(f["label"], f["value"], f.get("unit", ""))
            for f in figures.cleaned_data
            if f and f.get("label") and not f.get("DELETE")
        ]
        try:
            saved = agreement_version_save(
                actor=request.user,
                agreement=self.agreement,
                base_number=form.cleaned_data["base_number"],
                amount=form.cleaned_data["amount"],
                projects=form.ordered_projects(),
                key_figures=key_figures,
                change_note=form.cleaned_data["change_note"],
                clause_bodies=form.clause_bodies(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 409 if getattr(exc, "code", None) == "stale" else 400
            return self.render_page(version, form, figures, status=status)
        messages.success(
            request, _("Gespeichert als Fassung %(number)s.") % {"number": saved.number}
        )
        return redirect(self.agreement)


class AgreementCompareView(AgreementMixin, TemplateView):
    template_name = "agreements/agreement_compare.html"

    def get_context_data(self, **kwargs):
        versions = selectors.version_list(self.agreement)
        numbers = [v.number for v in versions]
        newest = numbers[-1]
        defaults = {"von": max(newest - 1, 1), "bis": newest}
        form = CompareForm({**defaults, **self.request.GET.dict()}, numbers=numbers)
        if not form.is_valid():
            raise Http404(_("Diese Fassung gibt es nicht."))
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["von"]], by_number[form.cleaned_data["bis"]]
        return super().get_context_data(
            agreement=self.agreement,
            form=form,
            old=old,
            new=new,
            rows=diff_versions(old, new) if old.pk != new.pk else [],
            **kwargs,
        )


class AgreementTransitionView(AgreementMixin, View):
    """GET: the step's own page (confirmation, or the signing form); POST: take the step."""

    template_name = "agreements/agreement_transition.html"

    def setup_step(self, request):
        transition = get_transition(self.kwargs["name"])
        if transition is None:
            raise Http404(_("Diesen Schritt gibt es nicht."))
        version = self.get_version()
        can_transition(request.user, version, transition).enforce()
        return transition, version

    def form_for(self, transition, version, data=None, files=None):
        form_class = SignForm if transition.form else TransitionForm
        initial = SignForm.initial_for(version) if transition.form else {}
        return form_class(data, files, initial={"base_number": version.number, **initial})

    def render_page(self, transition, version, form, status=200):
        context = {"agreement": self.agreement, "version": version}
        context.update(transition=transition, form=form)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        transition, version = self.setup_step(request)
        return self.render_page(transition, version, self.form_for(transition, version))

    def post(self, request, *args, **kwargs):
        transition, version = self.setup_step(request)
        form = self.form_for(transition, version, request.POST, request.FILES)
        if not form.is_valid():
            if transition.own_page:
                return self.render_page(transition, version, form, status=400)
            messages.error(request, _("Bitte laden Sie die Seite neu und versuchen es erneut."))
            return redirect(self.agreement)
        seen = selectors.version_get(self.agreement, form.cleaned_data["base_number"])
        data = form.service_data() if isinstance(form, SignForm) else {}
        try:
            if seen is None:
                raise Http404(_("Diese Fassung gibt es nicht."))
            agreement_transition(
                actor=request.user,
                version=seen,
                name=transition.name,
                reason=form.cleaned_data.get("reason", ""),
                **data,
            )
        except ValidationError as exc:
            if transition.own_page:
                form.add_error(None, exc)
                status = 409 if getattr(exc, "code", None) == "stale" else 400
                return self.render_page(transition, version, form, status=status)
            messages.error(request, _errors(exc))
            return redirect(self.agreement)
        messages.success(
            request,
            _("„%(step)s“ ist erledigt.") % {"step": transition.label},
        )
        return redirect(self.agreement)


class AgreementAmendView(AgreementMixin, View):
    template_name = "agreements/agreement_amend.html"

    def get(self, request, *args, **kwargs):
        version = self.get_version()
        can_amend_agreement(request.user, version).enforce()
        form = AmendForm(initial={"base_number": version.number})
        return render(request, self.template_name, self.context(version, form))

    def context(self, version, form) -> dict:
        return {"agreement": self.agreement, "version": version, "form": form}

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        can_amend_agreement(request.user, version).enforce()
        form = AmendForm(request.POST)
        if form.is_valid():
            seen = selectors.version_get(self.agreement, form.cleaned_data["base_number"])
            try:
                if seen is None:
                    raise Http404(_("Diese Fassung gibt es nicht."))
                amendment = agreement_amend(
                    actor=request.user, version=seen, change_note=form.cleaned_data["change_note"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Die Änderungsvereinbarung wurde als Fassung %(number)s angelegt.")
                    % {"number": amendment.number},
                )
                return redirect(self.agreement)
        return render(request, self.template_name, self.context(version, form), status=400)


class CommentCreateView(AgreementMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        can_comment_agreement(request.user, version).enforce()
        form = CommentForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Bitte schreiben Sie einen Kommentar."))
            comment_add(actor=request.user, version=version, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Ihr Kommentar wurde gespeichert."))
        return redirect(f"{self.agreement.get_absolute_url()}#kommentare")


class AttachmentCreateView(AgreementMixin, View):
    """Upload an Anlage to the current version (whoever may edit it); back to the page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        can_edit_agreement(request.user, version).enforce()
        form = AttachmentForm(request.POST, request.FILES, prefix="anlage")
        back = redirect(f"{self.agreement.get_absolute_url()}#anlagen")
        if not form.is_valid():
            if "base_number" in form.errors:
                messages.error(request, _("Bitte laden Sie die Seite neu und versuchen es erneut."))
            else:
                messages.error(request, _form_errors(form))
            return back
        seen = selectors.version_get(self.agreement, form.cleaned_data["base_number"])
        try:
            if seen is None:
                raise Http404(_("Diese Fassung gibt es nicht."))
            attachment = attachment_add(
                actor=request.user,
                version=seen,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("Die Anlage „%(title)s“ wurde gespeichert.") % {"title": attachment.title},
            )
        return back


class AttachmentDownloadView(AgreementMixin, View):
    """An Anlage of any version of this agreement, byte for byte, under its original name."""

    def get(self, request, *args, **kwargs):
        attachment = Attachment.objects.filter(
            pk=self.kwargs["attachment_pk"], version__agreement=self.agreement
        ).first()
        if attachment is None:
            raise Http404(_("Diese Anlage gibt es nicht."))
        return attachment_response(attachment)


class SignedPdfView(AgreementMixin, View):
    """The uploaded signed PDF, byte for byte as uploaded."""

    def get(self, request, *args, **kwargs):
        return signed_pdf_response(self.get_version(self.kwargs["number"]))


class VersionDocumentView(AgreementMixin, View):
    """A version rendered as PDF/A, DOCX, Markdown or HTML."""

    def get(self, request, *args, **kwargs):
        return document_response(self.get_version(self.kwargs["number"]), self.kwargs["fmt"])
