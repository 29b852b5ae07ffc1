"""To-dos of the grant procedure on the start page: what waits for the person's action, in any
programme year (a proof of use of last year is due while this year's application is prepared)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.formats import format_date, format_days_left, format_euro
from zielwerk.grants.choices import (
    ApplicationStatus,
    DecisionStatus,
    PaymentRequestStatus,
    ProofStatus,
)
from zielwerk.grants.models import Application, Decision, PaymentRequest, ProofOfUse, Reclaim
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.projects.models import Project


def _url(name: str, application: Application) -> str:
    return reverse(
        name,
        kwargs={"year": application.programme_year.year, "region": application.region.slug},
    )


def _deadline_text(deadline: dt.date | None, today: dt.date) -> str:
    if deadline is None:
        return ""
    return _("Frist %(date)s: %(left)s.") % {
        "date": format_date(deadline),
        "left": format_days_left(deadline, today),
    }


def authority_todos(user, current: ProgrammeYear | None = None) -> list[tuple[str, str, str]]:
    """(title, detail, url) for RP Kassel: the year's overview, then applications to review,
    decisions to issue, requests to decide or pay, proofs of use to check."""
    todos = []
    if current is not None:
        todos.append(
            (
                _("Zuwendungsverfahren %(year)s: Übersicht") % {"year": current.year},
                _("Alle Anträge, Bewilligungen und Auszahlungen des Programmjahres."),
                reverse("grants:overview", kwargs={"year": current.year}),
            )
        )
    for application in Application.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW]
    ).select_related("region", "programme_year"):
        todos.append(
            (
                _("Antrag %(region)s %(year)s prüfen")
                % {"region": application.region.name, "year": application.programme_year.year},
                _("verspätet eingereicht – Begründung liegt vor")
                if application.is_late
                else application.get_status_display(),
                _url("grants:application_detail", application),
            )
        )
    for decision in Decision.objects.filter(status=DecisionStatus.DRAFT).select_related(
        "application__region", "application__programme_year"
    ):
        todos.append(
            (
                _("%(kind)s für %(region)s erlassen")
                % {"kind": decision.get_kind_display(), "region": decision.application.region.name},
                _("Entwurf Nr. %(number)s") % {"number": decision.number},
                reverse("grants:decision_detail", kwargs={"pk": decision.pk}),
            )
        )
    for request in PaymentRequest.objects.filter(
        status__in=[PaymentRequestStatus.REQUESTED, PaymentRequestStatus.APPROVED]
    ).select_related("application__region", "application__programme_year"):
        verb = (
            _("freigeben") if request.status == PaymentRequestStatus.REQUESTED else _("auszahlen")
        )
        todos.append(
            (
                _("Mittelabruf %(region)s %(year)s %(verb)s")
                % {
                    "region": request.application.region.name,
                    "year": request.application.programme_year.year,
                    "verb": verb,
                },
                format_euro(request.amount, cents="always"),
                _url("grants:payment_list", request.application),
            )
        )
    for proof in ProofOfUse.objects.filter(
        status__in=[ProofStatus.SUBMITTED, ProofStatus.IN_REVIEW]
    ).select_related("application__region", "application__programme_year"):
        todos.append(
            (
                _("Verwendungsnachweis %(region)s %(year)s prüfen")
                % {
                    "region": proof.application.region.name,
                    "year": proof.application.programme_year.year,
                },
                proof.get_status_display(),
                _url("grants:proof_detail", proof.application),
            )
        )
    return todos


def region_todos(user, regions: list[Region], current: ProgrammeYear | None):
    """(title, detail, url) for a region's coordination: this year's application, money to
    request, proofs of use due."""
    today = timezone.localdate()
    todos = []
    applications = {
        (a.region_id, a.programme_year_id): a
        for a in Application.objects.filter(region__in=regions).select_related(
            "region", "programme_year"
        )
    }
    for region in regions:
        if current is not None:
            application = applications.get((region.pk, current.pk))
            if application is None or application.status == ApplicationStatus.DRAFT:
                todos.append(
                    (
                        _("Antrag %(year)s für %(region)s einreichen")
                        % {"year": current.year, "region": region.name},
                        _deadline_text(current.application_deadline, today),
                        reverse(
                            "projects:project_list",
                            kwargs={"year": current.year, "region": region.slug},
                        ),
                    )
                )
    for reclaim in Reclaim.objects.filter(
        decision__application__region__in=regions,
        decision__status=DecisionStatus.ISSUED,
        repaid_on__isnull=True,
    ).select_related("decision__application__region", "decision__application__programme_year"):
        application = reclaim.decision.application
        todos.append(
            (
                _("Rückforderung %(year)s für %(region)s erstatten")
                % {"year": application.programme_year.year, "region": application.region.name},
                _("%(amount)s einschließlich Zinsen, fällig am %(date)s.")
                % {
                    "amount": format_euro(reclaim.total, cents="always"),
                    "date": format_date(reclaim.interest_until),
                },
                reverse("grants:decision_detail", kwargs={"pk": reclaim.decision_id}),
            )
        )
    for application in applications.values():
        if application.status != ApplicationStatus.DECIDED:
            continue
        proof = ProofOfUse.objects.filter(application=application).first()
        year = application.programme_year
        if proof is None or proof.status == ProofStatus.DRAFT:
            if year.year < today.year:
                todos.append(
                    (
                        _("Verwendungsnachweis %(year)s für %(region)s einreichen")
                        % {"year": year.year, "region": application.region.name},
                        _deadline_text(year.proof_deadline, today),
                        _url("grants:proof_detail", application),
                    )
                )
            else:
                todos.append(
                    (
                        _("Mittel %(year)s für %(region)s abrufen")
                        % {"year": year.year, "region": application.region.name},
                        _("Der Zuwendungsbescheid ist erlassen."),
                        _url("grants:payment_list", application),
                    )
                )
    return todos


def provider_todos(user) -> list[tuple[str, str, str]]:
    """The provider's projects, newest year first, each with its participant count and a link
    to record participants."""
    todos = []
    projects = (
        Project.objects.filter(provider_id__in=user.organisation_ids)
        .select_related("region", "programme_year")
        .annotate(
            recorded=Count("participants"),
            exited=Count("participants", filter=Q(participants__exited_on__isnull=False)),
        )
        .order_by("-programme_year__year", "code")[:10]
    )
    for project in projects:
        todos.append(
            (
                _("Teilnehmende erfassen: %(project)s") % {"project": project.name},
                _("%(code)s · %(recorded)s erfasst, davon %(exited)s ausgetreten")
                % {"code": project.code, "recorded": project.recorded, "exited": project.exited},
                reverse("participants:project_records", kwargs={"code": project.code}),
            )
        )
    return todos


def shows_grant_todos(user) -> bool:
    return is_admin(user) or user.has_role(
        Role.AUTHORITY_STAFF, Role.REGION_COORDINATOR, Role.PROVIDER_STAFF
    )
