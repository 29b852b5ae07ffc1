"""Writes on the application (Antrag) and its review (Prüfung).

The region's coordination creates the application of a year, edits the cover note and the early
start while it is a draft and submits it; the grant authority starts the review, records the
content and the finance review and may return the application for revision. Every step follows
the table workflows.APPLICATION, runs in a transaction with the application row locked, is audited
and tells the other side.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import apply_changes, audit_record, snapshot
from zielwerk.core.formats import format_date, format_euro
from zielwerk.core.permissions import deny
from zielwerk.notifications.services import notification_send
from zielwerk.programmes.models import Participation
from zielwerk.projects.models import FinancingSource, FundingItem, Project
from zielwerk.projects.services import plan_problems

from .. import selectors
from ..choices import ApplicationStatus, ReviewKind, ReviewResult
from ..models import Application, ApplicationReview
from ..permissions import acts_for_region, can_review, is_region_coordinator_for
from ..workflows import APPLICATION

TITLE_LENGTH = 200  # Notification.title
ZERO = Decimal("0.00")


# --- reads used by the services, the pages, the API and part D ---------------------------------


def application_projects(application: Application) -> QuerySet[Project]:
    """The projects the application bundles, with their plans loaded."""
    return (
        application.projects()
        .select_related("measure_type", "provider")
        .prefetch_related("cost_items", "funding_items")
        .order_by("measure_type__number", "code")
    )


def applied_total(application: Application) -> Decimal:
    """The AQB grant applied for: the sum of the projects' AQB financing."""
    return sum((p.grant_requested for p in application_projects(application)), ZERO)


def applied_totals(programme_year) -> dict[int, Decimal]:
    """AQB applied for per region id in a year (one query, for the overview)."""
    rows = (
        FundingItem.objects.filter(
            project__programme_year=programme_year, source=FinancingSource.AQB
        )
        .values("project__region_id")
        .annotate(total=Sum("amount"))
    )
    return {row["project__region_id"]: row["total"] for row in rows}


def reviews_complete(application: Application) -> bool:
    """Both reviews (content and finance) exist and neither is open."""
    results = dict(application.reviews.values_list("kind", "result"))
    return all(results.get(kind, ReviewResult.OPEN) != ReviewResult.OPEN for kind in ReviewKind)


def application_url(application: Application) -> str:
    return reverse(
        "grants:application_detail",
        kwargs={"year": application.programme_year.year, "region": application.region.slug},
    )


def make_reference(application: Application) -> str:
    """Aktenzeichen, e.g. "RP KS 57 – AQB 2024 – WI"."""
    programme_year = application.programme_year
    return (
        f"RP KS 57 – {programme_year.programme.code.upper()} {programme_year.year} – "
        f"{application.region.code}"
    )


# --- notifications ------------------------------------------------------------------------------


def _notify(recipients, *, headline: str, application: Application, body: str) -> int:
    title = _("%(headline)s: Antrag %(year)s – %(region)s") % {
        "headline": headline,
        "year": application.programme_year.year,
        "region": application.region.name,
    }
    link = application_url(application)
    count = 0
    for recipient in recipients:
        notification_send(recipient=recipient, title=title[:TITLE_LENGTH], body=body, link=link)
        count += 1
    return count


def _person(actor) -> str:
    return actor.get_full_name() or actor.get_username()


def _notify_submitted(actor, application: Application) -> int:
    body = _("%(person)s hat den Antrag %(reference)s eingereicht.") % {
        "person": _person(actor),
        "reference": application.reference,
    }
    if application.is_late:
        body += " " + _("Verspätet eingereicht; Begründung: %(reason)s") % {
            "reason": application.late_reason
        }
    recipients = people_with_role(Role.AUTHORITY_STAFF, exclude=actor)
    return _notify(recipients, headline=_("Antrag eingereicht"), application=application, body=body)


def _notify_returned(actor, application: Application, reason: str) -> int:
    body = _(
        "%(person)s hat den Antrag zur Überarbeitung zurückgegeben. Begründung:\n\n%(reason)s"
    ) % {"person": _person(actor), "reason": reason}
    recipients = people_with_role(
        Role.REGION_COORDINATOR, organisation_id=application.region.administration_id, exclude=actor
    )
    return _notify(
        recipients,
        headline=_("Antrag zur Überarbeitung zurückgegeben"),
        application=application,
        body=body,
    )


# --- create and edit ----------------------------------------------------------------------------


def application_create(*, actor, region, programme_year) -> Application:
    """The region's application for the year, as a draft: by the region's coordination, once per
    region and year, and only if the region takes part in the year."""
    if not is_region_coordinator_for(actor, region):
        deny(_("Den Antrag stellt die Koordination der Gebietskörperschaft.")).enforce()
    if not Participation.objects.filter(programme_year=programme_year, region=region).exists():
        raise ValidationError(
            _("%(region)s nimmt %(year)s nicht am Programm teil.")
            % {"region": region.name, "year": programme_year.year}
        )
    with transaction.atomic():
        if Application.objects.filter(programme_year=programme_year, region=region).exists():
            raise ValidationError(
                _("Für %(region)s gibt es %(year)s schon einen Antrag.")
                % {"region": region.name, "year": programme_year.year}
            )
        application = Application(programme_year=programme_year, region=region)
        application.full_clean()
        application.save()
        audit_record(
            actor=actor,
            action="application.create",
            obj=application,
            changes=snapshot(application, ["programme_year", "region", "status"]),
        )
    return application


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("programme_year__programme", "region")
        .get(pk=application.pk)
    )


def _check_early_start(programme_year, early_start: bool, early_start_on: dt.date | None):
    if not early_start:
        return None
    if early_start_on is None:
        raise ValidationError(
            {"early_start_on": _("Bitte geben Sie an, ab wann die Projekte vorzeitig beginnen.")}
        )
    earliest = programme_year.earliest_start or programme_year.first_day
    if early_start_on < earliest:
        raise ValidationError(
            {
                "early_start_on": _(
                    "Der vorzeitige Maßnahmebeginn (%(date)s) liegt vor dem frühesten Beginn "
                    "%(earliest)s."
                )
                % {"date": format_date(early_start_on), "earliest": format_date(earliest)}
            }
        )
    if early_start_on > programme_year.last_day:
        raise ValidationError(
            {
                "early_start_on": _(
                    "Der vorzeitige Maßnahmebeginn (%(date)s) liegt nicht im Programmjahr %(year)s."
                )
                % {"date": format_date(early_start_on), "year": programme_year.year}
            }
        )
    return early_start_on


def application_update(
    *, actor, application: Application, note: str, early_start: bool, early_start_on
) -> Application:
    """Cover note and early start (vorzeitiger Maßnahmebeginn), while the application is a
    draft. The early start lies between the year's earliest start and its last day."""
    with transaction.atomic():
        application = _lock(application)
        acts_for_region(actor, application).enforce()
        if application.status != ApplicationStatus.DRAFT:
            deny(_("Ein eingereichter Antrag kann nicht mehr geändert werden.")).enforce()
        start_on = _check_early_start(application.programme_year, early_start, early_start_on)
        changes = apply_changes(
            application,
            {
                "note": note.replace("\r\n", "\n").strip(),
                "early_start": early_start,
                "early_start_on": start_on,
            },
        )
        if changes:
            application.full_clean()
            application.save()
            audit_record(actor=actor, action="application.update", obj=application, changes=changes)
    return application


# --- workflow -----------------------------------------------------------------------------------


def submit_problems(application: Application) -> list[str]:
    """Everything that keeps the application from being submitted (empty when it can go):
    no project, each project's plan problems, an AQB total above the allocation."""
    projects = list(application_projects(application))
    if not projects:
        return [_("Der Antrag enthält noch kein Projekt.")]
    problems = [problem for project in projects for problem in plan_problems(project)]
    total = sum((p.grant_requested for p in projects), ZERO)
    allocation = selectors.allocation_amount(application)
    if allocation is None:
        problems.append(
            _("Für %(region)s ist %(year)s noch keine Mittelzuweisung mitgeteilt.")
            % {"region": application.region.name, "year": application.programme_year.year}
        )
    elif total > allocation:
        problems.append(
            _(
                "Die beantragte AQB-Zuwendung (%(total)s) übersteigt die Mittelzuweisung "
                "(%(allocation)s) um %(difference)s."
            )
            % {
                "total": format_euro(total, cents="always"),
                "allocation": format_euro(allocation, cents="always"),
                "difference": format_euro(total - allocation, cents="always"),
            }
        )
    return problems


def is_late_on(application: Application, day: dt.date) -> bool:
    deadline = application.deadline
    return deadline is not None and day > deadline


def _submit(actor, application: Application, reason: str, on: dt.date) -> dict:
    problems = submit_problems(application)
    if problems:
        raise ValidationError(problems)
    late = is_late_on(application, on)
    if late and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Die Antragsfrist ist am %(deadline)s abgelaufen; bitte begründen Sie die "
                    "verspätete Einreichung."
                )
                % {"deadline": format_date(application.deadline)}
            }
        )
    now = timezone.localtime()
    # A replayed day (demo, late entry) keeps the time of day of the actual submission.
    submitted_at = now if on == now.date() else dt.datetime.combine(on, now.timetz())
    return {
        "reference": application.reference or make_reference(application),
        "submitted_at": submitted_at,
        "submitted_by": actor,
        "is_late": late,
        "late_reason": reason if late else "",
    }


def _start_review(actor, application: Application, reason: str, on: dt.date) -> dict:
    """Both reviews start open. After a return and a new submission the earlier results are
    set back to open (their notes stay for reference): the changed application is reviewed anew."""
    created, reopened = [], []
    for kind in ReviewKind:
        review, was_created = ApplicationReview.objects.get_or_create(
            application=application, kind=kind
        )
        if was_created:
            created.append(kind.value)
        elif review.result != ReviewResult.OPEN:
            reopened.append(kind.value)
            review.result = ReviewResult.OPEN
            review.reviewer = None
            review.reviewed_at = None
            review.save(update_fields=["result", "reviewer", "reviewed_at"])
    extra: dict[str, list[str]] = {}
    if created:
        extra["reviews_created"] = created
    if reopened:
        extra["reviews_reopened"] = reopened
    return extra


def _return(actor, application: Application, reason: str, on: dt.date) -> dict:
    if not reason:
        raise ValidationError(
            {"reason": _("Bitte begründen Sie, was die Gebietskörperschaft überarbeiten soll.")}
        )
    return {}


EFFECTS = {"submit": _submit, "start_review": _start_review, "return": _return}


def application_transition(
    *, actor, application: Application, name: str, reason: str = "", on: dt.date | None = None
) -> Application:
    """Take one step of workflows.APPLICATION. `on` is the day the step counts for (default
    today): for submit it decides whether the application is late."""
    reason = reason.replace("\r\n", "\n").strip()
    on = on or timezone.localdate()
    with transaction.atomic():
        application = _lock(application)
        transition = APPLICATION.check(actor, application, name)
        effect = EFFECTS.get(name)
        extra = effect(actor, application, reason, on) if effect else {}
        fields = {k: v for k, v in extra.items() if hasattr(application, k)}
        changes = apply_changes(application, {"status": transition.target, **fields})
        application.full_clean()
        application.save()
        for key, value in extra.items():
            if key not in fields:
                changes[key] = [None, value]
        audit_record(
            actor=actor,
            action=f"application.{name}",
            obj=application,
            changes=changes,
            reason=reason,
        )
        if name == "submit":
            _notify_submitted(actor, application)
        elif name == "return":
            _notify_returned(actor, application, reason)
    return application


# --- review -------------------------------------------------------------------------------------


def _noon_or_now(on: dt.date | None) -> dt.datetime:
    """Noon (local time) of the given day, or now."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))


def review_save(
    *,
    actor,
    application: Application,
    kind: str,
    result: str,
    notes: str,
    on: dt.date | None = None,
) -> ApplicationReview:
    """Record the content or the finance review (authority, while in review). A result other
    than "open" records who reviewed and when: now, or noon of `on` (the demo replays 2024)."""
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("Diese Prüfung gibt es nicht.")})
    if result not in ReviewResult.values:
        raise ValidationError({"result": _("Bitte wählen Sie ein Ergebnis.")})
    with transaction.atomic():
        application = _lock(application)
        can_review(actor, application).enforce()
        review, _created = ApplicationReview.objects.select_for_update().get_or_create(
            application=application, kind=kind
        )
        done = result != ReviewResult.OPEN
        changes = apply_changes(
            review,
            {
                "result": result,
                "notes": notes.replace("\r\n", "\n").strip(),
                "reviewer": actor if done else None,
                "reviewed_at": _noon_or_now(on) if done else None,
            },
        )
        review.full_clean()
        review.save()
        audit_record(
            actor=actor,
            action=f"application.review.{kind}",
            obj=application,
            changes=changes,
        )
    return review


def application_for(region, programme_year) -> Application | None:
    return (
        Application.objects.filter(region=region, programme_year=programme_year)
        .select_related("programme_year__programme", "region", "submitted_by")
        .prefetch_related(
            Prefetch("reviews", queryset=ApplicationReview.objects.select_related("reviewer"))
        )
        .first()
    )


__all__ = [
    "application_create",
    "application_for",
    "application_projects",
    "application_transition",
    "application_update",
    "applied_total",
    "applied_totals",
    "is_late_on",
    "make_reference",
    "review_save",
    "reviews_complete",
    "submit_problems",
]
