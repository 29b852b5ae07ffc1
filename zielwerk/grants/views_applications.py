"""Pages of the application (Antrag): the year overview, one region's application with its
projects and reviews, its details, the workflow steps and the reviews.

Scope: programme-wide staff see every region taking part in the year, a region's coordination
its own region; everyone else gets 404 on a region's pages (providers 403 on the overview).
Disallowed steps answer 403 with the reason of the Verdict.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.budgets.selectors import programme_year_for
from zielwerk.core.formats import format_date, format_datetime, format_days_left, format_euro
from zielwerk.core.models import AuditEntry
from zielwerk.core.permissions import deny
from zielwerk.core.spreadsheets import safe_row
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.programmes.selectors import participating_regions
from zielwerk.projects.services import plan_problems

from . import selectors
from .choices import ApplicationStatus, ReviewKind
from .forms_applications import ApplicationEditForm, ApplicationTransitionForm, ReviewForm
from .models import Application
from .permissions import acts_for_region, can_review, can_view_grants, is_region_coordinator_for
from .services.applications import (
    application_create,
    application_for,
    application_projects,
    application_transition,
    application_update,
    applied_totals,
    is_late_on,
    review_save,
    submit_problems,
)
from .workflows import APPLICATION


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def get_programme_year(year: int) -> ProgrammeYear:
    programme_year = programme_year_for(year)
    if programme_year is None:
        raise Http404(_("Dieses Programmjahr gibt es nicht."))
    return programme_year


def region_in_scope(user, slug: str, programme_year: ProgrammeYear) -> Region:
    """The region, if it takes part in the year and the person may see its procedure."""
    region = (
        Region.objects.filter(slug=slug, participations__programme_year=programme_year)
        .select_related("administration")
        .first()
    )
    if region is None or not (user.is_programme_wide or is_region_coordinator_for(user, region)):
        raise Http404(_("Diese Gebietskörperschaft gibt es nicht oder sie ist nicht sichtbar."))
    return region


def deadline_text(deadline: dt.date | None, today: dt.date) -> str:
    """ "noch 5 Tage", "Frist endet heute" or "Frist seit 3 Tagen überschritten (31.03.2024)"."""
    if deadline is None:
        return _("keine Antragsfrist festgelegt")
    return format_days_left(deadline, today)


class ProcedureMixin(LoginRequiredMixin):
    """Finds the programme year and the region in the person's scope (404 outside it)."""

    request: HttpRequest
    kwargs: dict[str, Any]
    programme_year: ProgrammeYear
    region: Region

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme_year = get_programme_year(kwargs["year"])
            self.region = region_in_scope(request.user, kwargs["region"], self.programme_year)
        return super().dispatch(request, *args, **kwargs)

    def get_application(self) -> Application:
        application = application_for(self.region, self.programme_year)
        if application is None:
            raise Http404(_("Für dieses Jahr gibt es noch keinen Antrag."))
        return application

    def detail_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "grants:application_detail",
            kwargs={"year": self.programme_year.year, "region": self.region.slug},
        )

    def base_context(self, application: Application | None) -> dict:
        return {
            "programme_year": self.programme_year,
            "region": self.region,
            "application": application,
            "year": self.programme_year.year,
        }


ZERO = Decimal("0.00")


# --- year overview ------------------------------------------------------------------------------


def overview_rows(user, programme_year: ProgrammeYear) -> list[dict]:
    regions = participating_regions(programme_year)
    if not user.is_programme_wide:
        regions = [r for r in regions if is_region_coordinator_for(user, r)]
    applications = {
        a.region_id: a
        for a in Application.objects.filter(
            programme_year=programme_year, region__in=regions
        ).select_related("region", "programme_year")
    }
    applied = applied_totals(programme_year)
    approved = selectors.approved_totals(programme_year)
    paid = selectors.paid_totals(programme_year)
    rows = []
    for region in regions:
        application = applications.get(region.pk)
        rows.append(
            {
                "region": region,
                "application": application,
                "applied": applied.get(region.pk, Decimal("0.00")),
                "approved": approved.get(application.pk, ZERO) if application else None,
                "paid": paid.get(application.pk, ZERO) if application else None,
            }
        )
    return rows


class OverviewView(LoginRequiredMixin, TemplateView):
    template_name = "grants/overview.html"

    def get(self, request, *args, **kwargs):
        can_view_grants(request.user).enforce()
        programme_year = get_programme_year(kwargs["year"])
        rows = overview_rows(request.user, programme_year)
        if request.GET.get("format") == "csv":
            return self.csv_response(programme_year, rows)
        today = timezone.localdate()
        deadline = programme_year.application_deadline
        context = self.get_context_data(
            programme_year=programme_year,
            rows=rows,
            deadline_text=deadline_text(deadline, today),
            deadline_passed=deadline is not None and deadline < today,
            totals={
                key: sum((row[key] for row in rows if row["application"]), ZERO)
                for key in ("applied", "approved", "paid")
            },
            **kwargs,
        )
        return self.render_to_response(context)

    def csv_response(self, programme_year: ProgrammeYear, rows: list[dict]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"antraege-{programme_year.year}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            safe_row(
                [
                    _("Gebietskörperschaft"),
                    _("Status"),
                    _("Aktenzeichen"),
                    _("eingereicht am"),
                    _("verspätet"),
                    _("Begründung der Verspätung"),
                    _("AQB beantragt"),
                    _("bewilligt"),
                    _("ausgezahlt"),
                    _("Antragsfrist"),
                ]
            )
        )
        for row in rows:
            application = row["application"]
            writer.writerow(
                safe_row(
                    [
                        row["region"].name,
                        application.get_status_display() if application else _("kein Antrag"),
                        application.reference if application else "",
                        format_datetime(application.submitted_at)
                        if application and application.submitted_at
                        else "",
                        _("ja") if application and application.is_late else _("nein"),
                        application.late_reason if application else "",
                        format_euro(row["applied"], cents="always", unit=""),
                        format_euro(row["approved"], cents="always", unit="")
                        if application
                        else "",
                        format_euro(row["paid"], cents="always", unit="") if application else "",
                        format_date(programme_year.application_deadline),
                    ]
                )
            )
        return response


# --- one application ----------------------------------------------------------------------------


def project_rows(application: Application | None, region, programme_year) -> list[dict]:
    from zielwerk.projects.models import Project

    if application is not None:
        projects = list(application_projects(application))
    else:
        projects = list(
            Project.objects.filter(region=region, programme_year=programme_year)
            .select_related("measure_type", "provider")
            .prefetch_related("cost_items", "funding_items")
            .order_by("measure_type__number", "code")
        )
    show_problems = application is None or application.status == ApplicationStatus.DRAFT
    return [
        {
            "project": project,
            "grant": project.grant_requested,
            "costs": project.cost_total,
            "problems": plan_problems(project) if show_problems else [],
        }
        for project in projects
    ]


def history_labels() -> dict[str, str]:
    """The audit actions of an application in words (the codes are not for people)."""
    return {
        "application.create": _("Antrag angelegt"),
        "application.update": _("Anschreiben oder vorzeitigen Maßnahmebeginn geändert"),
        "application.submit": _("Antrag eingereicht"),
        "application.start_review": _("Prüfung begonnen"),
        "application.return": _("zur Überarbeitung zurückgegeben"),
        "application.decide": _("beschieden (Zuwendungsbescheid erlassen)"),
        "application.review.content": _("inhaltliche Prüfung gespeichert"),
        "application.review.finance": _("finanzielle Prüfung gespeichert"),
    }


def history(application: Application) -> list[AuditEntry]:
    """The application's audit entries, oldest first, each with a German `label`."""
    labels = history_labels()
    entries = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        entry.label = labels.get(entry.action, entry.action)
    return entries


class ApplicationDetailView(ProcedureMixin, TemplateView):
    template_name = "grants/application_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        application = application_for(self.region, self.programme_year)
        today = timezone.localdate()
        rows = project_rows(application, self.region, self.programme_year)
        total = sum((row["grant"] for row in rows), Decimal("0.00"))
        context = self.base_context(application)
        context.update(
            rows=rows,
            total=total,
            problem_count=sum(len(row["problems"]) for row in rows),
            deadline=self.programme_year.application_deadline,
            deadline_text=deadline_text(self.programme_year.application_deadline, today),
            can_create=application is None and is_region_coordinator_for(user, self.region),
        )
        if application is None:
            return super().get_context_data(**{**kwargs, **context})
        allocation = selectors.allocation_amount(application)
        reviews = {review.kind: review for review in application.reviews.all()}
        may_review = bool(can_review(user, application))
        context.update(
            allocation=allocation,
            remaining=abs(allocation - total) if allocation is not None else None,
            over_allocation=allocation is not None and total > allocation,
            transitions=APPLICATION.available(user, application),
            can_edit=application.status == ApplicationStatus.DRAFT
            and bool(acts_for_region(user, application)),
            reviews=[
                {
                    "kind": kind,
                    "review": reviews.get(kind.value),
                    "form": ReviewForm(
                        prefix=kind.value,
                        initial={
                            "result": reviews[kind.value].result,
                            "notes": reviews[kind.value].notes,
                        }
                        if kind.value in reviews
                        else None,
                    )
                    if may_review
                    else None,
                }
                for kind in ReviewKind
            ],
            history=history(application),
            approved=selectors.approved_total(application),
            paid=selectors.paid_total(application),
        )
        return super().get_context_data(**{**kwargs, **context})


class ApplicationCreateView(ProcedureMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            application_create(
                actor=request.user, region=self.region, programme_year=self.programme_year
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Der Antrag wurde als Entwurf angelegt."))
        return redirect(self.detail_url())


class ApplicationEditView(ProcedureMixin, View):
    template_name = "grants/application_edit.html"

    def check(self) -> Application:
        application = self.get_application()
        acts_for_region(self.request.user, application).enforce()
        if application.status != ApplicationStatus.DRAFT:
            deny(_("Ein eingereichter Antrag kann nicht mehr geändert werden.")).enforce()
        return application

    def render_page(self, application, form, status=200):
        context = {**self.base_context(application), "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        application = self.check()
        form = ApplicationEditForm(
            initial={
                "note": application.note,
                "early_start": application.early_start,
                "early_start_on": application.early_start_on,
            }
        )
        return self.render_page(application, form)

    def post(self, request, *args, **kwargs):
        application = self.check()
        form = ApplicationEditForm(request.POST)
        if not form.is_valid():
            return self.render_page(application, form, status=400)
        try:
            application_update(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_page(application, form, status=400)
        messages.success(request, _("Die Angaben zum Antrag wurden gespeichert."))
        return redirect(self.detail_url())


class ApplicationTransitionView(ProcedureMixin, View):
    """GET: the step's own page (confirmation, reason); POST: take the step."""

    template_name = "grants/application_transition.html"

    def setup_step(self):
        transition = APPLICATION.get(self.kwargs["name"])
        if transition is None or transition.automatic:
            raise Http404(_("Diesen Schritt gibt es nicht."))
        application = self.get_application()
        APPLICATION.check(self.request.user, application, transition.name)
        return transition, application

    def form_for(self, transition, application, data=None):
        late = transition.name == "submit" and is_late_on(application, timezone.localdate())
        if late:
            label, required = _("Begründung der Verspätung"), True
        elif transition.name == "return":
            label, required = _("Begründung für die Gebietskörperschaft"), True
        else:
            label, required = None, False
        form = ApplicationTransitionForm(data, reason_label=label, reason_required=required)
        form.show_reason = late or transition.name == "return"  # type: ignore[attr-defined]
        return form

    def render_page(self, transition, application, form, status=200):
        context = self.base_context(application)
        total = sum((p.grant_requested for p in application_projects(application)), Decimal(0))
        context.update(
            transition=transition,
            form=form,
            problems=submit_problems(application) if transition.name == "submit" else [],
            total=total,
            allocation=selectors.allocation_amount(application),
            deadline_text=deadline_text(application.deadline, timezone.localdate()),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        transition, application = self.setup_step()
        return self.render_page(transition, application, self.form_for(transition, application))

    def post(self, request, *args, **kwargs):
        transition, application = self.setup_step()
        form = self.form_for(transition, application, request.POST)
        if not form.is_valid():
            return self.render_page(transition, application, form, status=400)
        try:
            application_transition(
                actor=request.user,
                application=application,
                name=transition.name,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_page(transition, application, form, status=400)
        messages.success(request, _("„%(step)s“ ist erledigt.") % {"step": transition.label})
        return redirect(self.detail_url())


class ApplicationReviewView(ProcedureMixin, View):
    """The content or finance review: a form for the authority while the application is in
    review (also shown inline on the application's page)."""

    template_name = "grants/application_review.html"

    def setup_review(self):
        kind = self.kwargs["kind"]
        if kind not in ReviewKind.values:
            raise Http404(_("Diese Prüfung gibt es nicht."))
        application = self.get_application()
        can_review(self.request.user, application).enforce()
        return ReviewKind(kind), application

    def render_page(self, kind, application, form, status=200):
        context = {**self.base_context(application), "kind": kind, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        kind, application = self.setup_review()
        review = application.reviews.filter(kind=kind).first()
        initial = {"result": review.result, "notes": review.notes} if review else None
        return self.render_page(kind, application, ReviewForm(prefix=kind.value, initial=initial))

    def post(self, request, *args, **kwargs):
        kind, application = self.setup_review()
        form = ReviewForm(request.POST, prefix=kind.value)
        if not form.is_valid():
            return self.render_page(kind, application, form, status=400)
        try:
            review_save(
                actor=request.user,
                application=application,
                kind=kind.value,
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_page(kind, application, form, status=400)
        messages.success(request, _("%(kind)s gespeichert.") % {"kind": kind.label})
        return redirect(self.detail_url() + "#pruefung")
