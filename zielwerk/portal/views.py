"""The public pages: published agreements only, no login, never a write except the feedback form.

The ministry's list of feedback (/rueckmeldungen/) is the one page here behind the login."""

from __future__ import annotations

import json
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from zielwerk.agreements import selectors as agreement_selectors
from zielwerk.agreements.document import build_document
from zielwerk.agreements.exports import document_response, file_name_part, signed_pdf_response
from zielwerk.agreements.rendering.html import render_html
from zielwerk.participants.indicators import SUPPRESSION_NOTE
from zielwerk.programmes.models import ProgrammeYear

from . import dcat, selectors
from .choices import FeedbackStatus
from .forms import HONEYPOT, AgreementSearchForm, FeedbackAnswerForm, FeedbackForm
from .models import ANSWER_DAYS, Feedback
from .opendata import agreement_csv
from .permissions import can_handle_feedback
from .services import feedback_answer, feedback_submit

STATEMENT_DATE = "2026-11-25"  # date of the accessibility statement (ISO), shown in German


def _published_version(year: int, region: str):
    version = agreement_selectors.published_version_get(year=year, region_slug=region)
    if version is None:
        raise Http404(_("Diese Zielvereinbarung ist nicht veröffentlicht."))
    return version


def _programme_year(year: int) -> int:
    if not ProgrammeYear.objects.filter(year=year).exists():
        raise Http404(_("Dieses Programmjahr gibt es nicht."))
    return year


class LegacyRedirectView(View):
    """The portal moved from /oeffentlich/ to /portal/: the old addresses answer 301."""

    def get(self, request, rest: str = ""):
        target = "/portal/" + rest
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(target)


class PortalStartView(TemplateView):
    template_name = "portal/start.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            years=selectors.published_years(),
            programme_years=selectors.programme_years(),
            **kwargs,
        )


class AgreementListView(TemplateView):
    template_name = "portal/agreement_list.html"

    def get_context_data(self, **kwargs):
        form = AgreementSearchForm(
            self.request.GET or None,
            years=selectors.programme_years(),
            regions=selectors.published_regions(),
        )
        filters = form.cleaned_data if form.is_valid() else {}
        versions = selectors.published_versions(
            year=filters.get("jahr") or None,
            region=filters.get("region") or "",
            text=filters.get("q") or "",
        )
        years = [
            (year, list(items))
            for year, items in groupby(versions, key=lambda v: v.agreement.programme_year.year)
        ]
        return super().get_context_data(
            form=form,
            years=years,
            count=len(versions),
            filtered=bool(filters) and any(filters.values()),
            **kwargs,
        )


class AgreementDetailView(TemplateView):
    template_name = "portal/agreement_detail.html"

    def get_context_data(self, **kwargs):
        version = _published_version(self.kwargs["year"], self.kwargs["region"])
        document = build_document(version)
        return super().get_context_data(
            version=version,
            agreement=version.agreement,
            title=document.title,
            document=render_html(document, heading_level=2),
            signatures=version.signatures.order_by("position"),
            **kwargs,
        )


class SignedPdfView(View):
    def get(self, request, year: int, region: str):
        return signed_pdf_response(_published_version(year, region))


class DocumentView(View):
    """The published version as PDF/A or text; DOCX drafts are for the parties only."""

    PUBLIC_FORMATS = ("pdf", "md", "html")

    def get(self, request, year: int, region: str, fmt: str):
        if fmt not in self.PUBLIC_FORMATS:
            raise Http404(_("Dieses Format gibt es hier nicht."))
        return document_response(_published_version(year, region), fmt)


def _data_filename(version, extension: str) -> str:
    region = version.agreement.region
    return (
        f"{version.agreement.programme_year.year}_{region.ags or region.code}_"
        f"{file_name_part(region.name)}_Fassung-{version.number}_Daten.{extension}"
    )


class AgreementDataJsonView(View):
    def get(self, request, year: int, region: str):
        version = _published_version(year, region)
        body = json.dumps(selectors.agreement_data(version), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{_data_filename(version, "json")}"'
        return response


class AgreementDataCsvView(View):
    def get(self, request, year: int, region: str):
        version = _published_version(year, region)
        response = HttpResponse(
            agreement_csv(selectors.agreement_data(version)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{_data_filename(version, "csv")}"'
        return response


class KeyFiguresView(TemplateView):
    template_name = "portal/key_figures.html"

    def get_context_data(self, **kwargs):
        figures = selectors.key_figures(_programme_year(self.kwargs["year"]))
        table = figures.table
        codes = figures.codes
        rows = [(row.label, [row.cell(code).display for code in codes]) for row in table.rows]
        total = [table.total.cell(code).display for code in codes]
        return super().get_context_data(
            figures=figures,
            labels=figures.labels(),
            rows=rows,
            total=total,
            suppression_note=SUPPRESSION_NOTE,
            **kwargs,
        )


class AllocationView(TemplateView):
    template_name = "portal/allocation.html"

    def get_context_data(self, **kwargs):
        year = _programme_year(self.kwargs["year"])
        lines, pending = selectors.final_allocations(year)
        kwargs["year"] = year
        return super().get_context_data(
            lines=lines,
            pending=pending,
            total=sum((line.amount for line in lines), 0),
            any_invented=any(line.invented for line in lines),
            **kwargs,
        )


class DcatJsonLdView(View):
    def get(self, request):
        body = dcat.to_jsonld(dcat.catalogue(request.build_absolute_uri))
        return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


class DcatTurtleView(View):
    def get(self, request):
        body = dcat.to_turtle(dcat.catalogue(request.build_absolute_uri))
        return HttpResponse(body, content_type="text/turtle; charset=utf-8")


class AccessibilityView(TemplateView):
    template_name = "portal/accessibility.html"

    def get_context_data(self, **kwargs):
        import datetime as dt

        return super().get_context_data(
            statement_date=dt.date.fromisoformat(STATEMENT_DATE), answer_days=ANSWER_DAYS, **kwargs
        )


# ---- feedback ---------------------------------------------------------------------------------

RATE_LIMIT = 5  # submissions per hour and per address / per session
RATE_WINDOW = 3600


def _rate_keys(request) -> list[str]:
    keys = [f"portal-feedback-ip-{request.META.get('REMOTE_ADDR', '')}"]
    if request.session.session_key:
        keys.append(f"portal-feedback-session-{request.session.session_key}")
    return keys


def _rate_limited(request) -> bool:
    return any((cache.get(key) or 0) >= RATE_LIMIT for key in _rate_keys(request))


def _count_submission(request) -> None:
    if not request.session.session_key:
        request.session.save()
    for key in _rate_keys(request):
        if cache.add(key, 1, RATE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW)


class FeedbackCreateView(FormView):
    template_name = "portal/feedback_create.html"
    form_class = FeedbackForm

    def get_initial(self):
        return {"page_url": self.request.GET.get("seite", "")[:500]}

    def form_valid(self, form):
        if _rate_limited(self.request):
            form.add_error(
                None,
                _("Sie haben in kurzer Zeit sehr viele Nachrichten gesendet. Bitte versuchen Sie "
                  "es in einer Stunde noch einmal."),
            )  # fmt: skip
            return self.form_invalid(form)
        _count_submission(self.request)
        if form.cleaned_data.get(HONEYPOT):
            # A bot: answer as if it worked, store nothing.
            return redirect(reverse("portal:feedback_create") + "?gesendet=1")
        try:
            feedback_submit(
                actor=None,
                message=form.cleaned_data["message"],
                page_url=form.cleaned_data["page_url"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(reverse("portal:feedback_create") + "?gesendet=1")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sent=self.request.GET.get("gesendet") == "1", answer_days=ANSWER_DAYS, **kwargs
        )


class FeedbackAccessMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            verdict = can_handle_feedback(request.user)
            if not verdict:
                raise PermissionDenied(verdict.reason)
        return super().dispatch(request, *args, **kwargs)


class FeedbackListView(FeedbackAccessMixin, TemplateView):
    template_name = "portal/feedback_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        items = list(Feedback.objects.select_related("answered_by"))
        open_items = [item for item in items if item.status == FeedbackStatus.OPEN]
        return super().get_context_data(
            open_items=sorted(open_items, key=lambda item: item.due_on),
            answered_items=[item for item in items if item.status == FeedbackStatus.ANSWERED],
            overdue_ids={item.pk for item in items if item.is_overdue(today)},
            **kwargs,
        )


class FeedbackDetailView(FeedbackAccessMixin, FormView):
    template_name = "portal/feedback_detail.html"
    form_class = FeedbackAnswerForm

    def dispatch(self, request, *args, **kwargs):
        self.feedback = None
        return super().dispatch(request, *args, **kwargs)

    def get_feedback(self) -> Feedback:
        if self.feedback is None:
            self.feedback = get_object_or_404(
                Feedback.objects.select_related("answered_by"), pk=self.kwargs["pk"]
            )
        return self.feedback

    def get_initial(self):
        return {"answer": self.get_feedback().answer}

    def form_valid(self, form):
        try:
            feedback_answer(
                actor=self.request.user,
                feedback=self.get_feedback(),
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Die Antwort ist gespeichert."))
        return redirect("portal:feedback_list")

    def get_context_data(self, **kwargs):
        feedback = self.get_feedback()
        return super().get_context_data(feedback=feedback, overdue=feedback.is_overdue(), **kwargs)
