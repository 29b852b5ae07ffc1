"""Project planning pages: the list per region and year, a project, its data and its finance plan,
and taking projects over from the previous year. Thin: scope (404), permission (403 with the
reason), a form, one service call, redirect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from zielwerk.core.formats import format_days_left, format_euro
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import ProgrammeYear

from . import services
from .forms import TYPED_COST_CATEGORIES, CarryOverForm, PlanForm, ProjectForm
from .models import CostCategory, FinancingSource, Project

ZERO = Decimal("0.00")


# --- helpers shared by the pages ------------------------------------------------------------


def programme_year_for(year: int) -> ProgrammeYear:
    programme_year = (
        ProgrammeYear.objects.select_related("programme")
        .filter(year=year)
        .order_by("programme__code")
        .first()
    )
    if programme_year is None:
        raise Http404(_("Dieses Programmjahr gibt es nicht."))
    return programme_year


def region_visible(user, region: Region) -> bool:
    """Programme-wide staff, the region's people and the providers working for the region."""
    if user.is_programme_wide:
        return True
    own = user.organisation_ids
    if region.administration_id in own:
        return True
    return Organisation.objects.filter(
        pk__in=own, kind=OrganisationKind.PROVIDER, regions=region
    ).exists()


def difference_text(difference: Decimal) -> str:
    """The balance of a plan in words (never colour alone)."""
    if difference == 0:
        return _("ausgeglichen")
    if difference > 0:
        return _("%(amount)s nicht gedeckt") % {"amount": format_euro(difference, cents="always")}
    return _("Finanzierung %(amount)s höher als die Kosten") % {
        "amount": format_euro(-difference, cents="always")
    }


def deadline_text(deadline: dt.date | None, application, today: dt.date) -> str:
    if deadline is None:
        return _("keine Antragsfrist festgelegt")
    if application is not None and application.submitted_at is not None:
        return _("Antrag eingereicht")
    return format_days_left(deadline, today)


def plan_rows(project: Project) -> dict[str, Any]:
    """The plan tables: every category and source with its amount (0 where none is stored)."""
    costs = {item.category: item.amount for item in project.cost_items.all()}
    funding = {item.source: item.amount for item in project.funding_items.all()}
    cost_total = sum(costs.values(), ZERO)
    funding_total = sum(funding.values(), ZERO)
    difference = cost_total - funding_total
    return {
        "cost_rows": [(c.label, costs.get(c.value, ZERO)) for c in CostCategory],
        "funding_rows": [(s.label, funding.get(s.value, ZERO)) for s in FinancingSource],
        "cost_total": cost_total,
        "funding_total": funding_total,
        "difference": difference,
        "difference_text": difference_text(difference),
        "balanced": difference == 0,
    }


class RegionYearMixin(LoginRequiredMixin):
    """Finds the programme year (by its year) and the region (by slug), 404 outside the scope."""

    request: HttpRequest
    kwargs: dict[str, Any]
    programme_year: ProgrammeYear
    region: Region

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme_year = programme_year_for(kwargs["year"])
            self.region = get_object_or_404(Region, slug=kwargs["region"])
            if not region_visible(request.user, self.region):
                raise Http404(_("Diese Gebietskörperschaft ist für Sie nicht sichtbar."))
            self.application = services.application_for(self.region, self.programme_year)
            self.plan_verdict = services.can_plan(request.user, self.region, self.programme_year)
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self) -> None:
        """Reading needs only the scope; planning pages refuse with the reason."""

    def list_url(self) -> str:
        return reverse(
            "projects:project_list",
            kwargs={"year": self.programme_year.year, "region": self.region.slug},
        )

    def procedure_context(self) -> dict[str, Any]:
        return {
            "programme_year": self.programme_year,
            "region": self.region,
            "application": self.application,
            "year": self.programme_year.year,
            "list_url": self.list_url(),
        }


class ProjectListView(RegionYearMixin, TemplateView):
    template_name = "projects/project_list.html"

    def get_context_data(self, **kwargs):
        from zielwerk.grants.models import Application
        from zielwerk.grants.selectors import allocation_amount

        projects = list(
            Project.objects.visible_to(self.request.user)
            .filter(region=self.region, programme_year=self.programme_year)
            .select_related("measure_type", "provider")
            .prefetch_related("cost_items", "funding_items")
            .order_by("measure_type__number", "code")
        )
        rows = []
        for project in projects:
            plan = plan_rows(project)
            rows.append(
                {
                    "project": project,
                    "cost_total": plan["cost_total"],
                    "grant": project.grant_requested,
                    # An empty plan balances (0 = 0) but is not a plan yet.
                    "planned": plan["cost_total"] > 0,
                    "balanced": plan["balanced"] and plan["cost_total"] > 0,
                    "difference_text": plan["difference_text"]
                    if plan["cost_total"] > 0
                    else _("noch kein Kostenplan"),
                }
            )
        today = timezone.localdate()
        deadline = self.programme_year.application_deadline
        allocation = allocation_amount(
            Application(region=self.region, programme_year=self.programme_year)
        )
        grant_total = sum((row["grant"] for row in rows), ZERO)
        previous_year = ProgrammeYear.objects.filter(
            programme=self.programme_year.programme, year=self.programme_year.year - 1
        ).first()
        context = super().get_context_data(**kwargs)
        context.update(
            **self.procedure_context(),
            rows=rows,
            cost_total=sum((row["cost_total"] for row in rows), ZERO),
            grant_total=grant_total,
            participants_total=sum((p.planned_participants or 0 for p in projects), 0),
            unbalanced_count=sum(1 for row in rows if not row["balanced"]),
            allocation=allocation,
            allocation_rest=(allocation - grant_total) if allocation is not None else None,
            deadline=deadline,
            deadline_text=deadline_text(deadline, self.application, today),
            deadline_overdue=bool(deadline and deadline < today),
            can_plan=self.plan_verdict,
            previous_year=previous_year,
        )
        return context


class PlannerMixin(RegionYearMixin):
    """Pages that change the region's plan: 403 with the reason for who may not plan."""

    def check_permission(self) -> None:
        self.plan_verdict.enforce()


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ProjectCreateView(PlannerMixin, View):
    template_name = "projects/project_form.html"

    def form(self, data=None) -> ProjectForm:
        return ProjectForm(data, region=self.region, programme_year=self.programme_year)

    def render_page(self, form, status: int = 200) -> HttpResponse:
        context = {**self.procedure_context(), "form": form, "project": None}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = dict(form.cleaned_data)
        try:
            with transaction.atomic():
                project = services.project_create(
                    actor=request.user,
                    region=self.region,
                    programme_year=self.programme_year,
                    measure_type=data.pop("measure_type"),
                    name=data.pop("name"),
                    short_name=data.pop("short_name"),
                )
                services.project_update(actor=request.user, project=project, **data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_page(form, status=400)
        messages.success(
            request, _("Das Projekt %(code)s wurde angelegt.") % {"code": project.code}
        )
        return redirect("projects:project_detail", code=project.code)


class ProjectCarryOverView(PlannerMixin, View):
    """Lists last year's projects; the choice is confirmed on a second page before copying."""

    template_name = "projects/project_carry_over.html"

    def candidates(self):
        return (
            Project.objects.filter(
                region=self.region,
                programme_year__programme=self.programme_year.programme,
                programme_year__year=self.programme_year.year - 1,
            )
            .select_related("measure_type", "provider")
            .prefetch_related("cost_items", "funding_items")
            .order_by("measure_type__number", "code")
        )

    def render_page(self, form, *, confirming=False, status=200) -> HttpResponse:
        existing = set(
            Project.objects.filter(
                region=self.region, programme_year=self.programme_year
            ).values_list("short_name", flat=True)
        )
        rows = [
            {
                "project": project,
                "cost_total": project.cost_total,
                "exists": project.short_name in existing,
                "new_code": Project.make_code(
                    self.region.code, self.programme_year.year, project.short_name
                ),
            }
            for project in self.candidates()
        ]
        selected = form.cleaned_data.get("projects", []) if confirming and form.is_valid() else []
        context = {
            **self.procedure_context(),
            "form": form,
            "rows": rows,
            "previous_year": self.programme_year.year - 1,
            "confirming": confirming,
            "selected": selected,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(CarryOverForm(candidates=self.candidates()))

    def post(self, request, *args, **kwargs):
        form = CarryOverForm(request.POST, candidates=self.candidates())
        if not form.is_valid():
            return self.render_page(form, status=400)
        if not form.cleaned_data["confirm"]:
            return self.render_page(form, confirming=True)
        created = []
        try:
            with transaction.atomic():
                for project in form.cleaned_data["projects"]:
                    created.append(
                        services.project_carry_over(
                            actor=request.user, project=project, target_year=self.programme_year
                        )
                    )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_page(form, status=400)
        messages.success(
            request,
            ngettext(
                "%(count)s Projekt wurde übernommen: %(codes)s.",
                "%(count)s Projekte wurden übernommen: %(codes)s.",
                len(created),
            )
            % {"count": len(created), "codes": ", ".join(p.code for p in created)},
        )
        return redirect(self.list_url())


# --- one project ----------------------------------------------------------------------------


class ProjectMixin(LoginRequiredMixin):
    """The project in the person's scope (visible_to), 404 outside it."""

    request: HttpRequest
    kwargs: dict[str, Any]
    project: Project

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.project = get_object_or_404(
                Project.objects.visible_to(request.user).select_related(
                    "region", "programme_year__programme", "measure_type", "provider"
                ),
                code=kwargs["code"],
            )
            self.application = services.application_for(
                self.project.region, self.project.programme_year
            )
            self.plan_verdict = services.can_plan_project(request.user, self.project)
        return super().dispatch(request, *args, **kwargs)

    def project_context(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "programme_year": self.project.programme_year,
            "region": self.project.region,
            "application": self.application,
            "year": self.project.programme_year.year,
            "list_url": reverse(
                "projects:project_list",
                kwargs={
                    "year": self.project.programme_year.year,
                    "region": self.project.region.slug,
                },
            ),
        }


class ProjectDetailView(ProjectMixin, TemplateView):
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.project_context(),
            **plan_rows(self.project),
            target_groups=self.project.target_groups.all(),
            problems=services.plan_problems(self.project),
            can_plan=self.plan_verdict,
            **kwargs,
        )


class ProjectEditView(ProjectMixin, View):
    template_name = "projects/project_form.html"

    def short_name_locked(self) -> bool:
        return self.application is not None and self.application.submitted_at is not None

    def form(self, data=None) -> ProjectForm:
        return ProjectForm(
            data,
            initial=ProjectForm.initial_for(self.project),
            region=self.project.region,
            programme_year=self.project.programme_year,
            short_name_locked=self.short_name_locked(),
        )

    def render_page(self, form, status: int = 200) -> HttpResponse:
        context = {**self.project_context(), "form": form}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.plan_verdict.enforce()
        return self.render_page(self.form())

    def post(self, request, *args, **kwargs):
        self.plan_verdict.enforce()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            project = services.project_update(
                actor=request.user, project=self.project, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_page(form, status=400)
        messages.success(
            request, _("Das Projekt %(code)s wurde gespeichert.") % {"code": project.code}
        )
        return redirect("projects:project_detail", code=project.code)


class ProjectPlanView(ProjectMixin, View):
    """Cost and financing plan in one form. Saving an unbalanced plan is allowed; the page shows
    the sums and the difference after every save."""

    template_name = "projects/project_plan.html"

    def render_page(self, form, status: int = 200) -> HttpResponse:
        percent = self.project.programme_year.flat_rate_percent
        context = {
            **self.project_context(),
            **plan_rows(self.project),
            "form": form,
            "flat_rate_percent": percent,
            "flat_rate": next(
                (
                    i.amount
                    for i in self.project.cost_items.all()
                    if i.category == CostCategory.FLAT_RATE
                ),
                ZERO,
            ),
            "typed_categories": TYPED_COST_CATEGORIES,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.plan_verdict.enforce()
        return self.render_page(PlanForm(initial=PlanForm.initial_for(self.project)))

    def post(self, request, *args, **kwargs):
        self.plan_verdict.enforce()
        form = PlanForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            project = services.project_plan_save(
                actor=request.user, project=self.project, costs=form.costs(), funding=form.funding()
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_page(form, status=400)
        plan = plan_rows(project)
        if plan["balanced"]:
            messages.success(
                request,
                _("Der Finanzplan wurde gespeichert und ist ausgeglichen (%(total)s).")
                % {"total": format_euro(plan["cost_total"], cents="always")},
            )
        else:
            messages.warning(
                request,
                _(
                    "Der Finanzplan wurde gespeichert, ist aber noch nicht ausgeglichen: "
                    "Kosten %(costs)s, Finanzierung %(funding)s, %(difference)s."
                )
                % {
                    "costs": format_euro(plan["cost_total"], cents="always"),
                    "funding": format_euro(plan["funding_total"], cents="always"),
                    "difference": plan["difference_text"],
                },
            )
        return redirect("projects:project_plan", code=project.code)
