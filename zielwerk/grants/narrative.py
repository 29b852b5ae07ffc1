"""The draft of the narrative report (Sachbericht) of a proof of use.

The region's coordination gets a German text with one section per project (name, number,
provider, period, planned participants, approved amount, spending) and a section
"Teilnehmende und Verbleib" that is filled from the participant monitoring once it exists. The
draft is only a starting point: the region edits the text freely, and a fresh draft replaces it
only on request (proof_redraft_narrative).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from zielwerk.core.formats import format_date, format_euro

from . import selectors
from .choices import StatementSide
from .models import Application, StatementItem

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MonitoringSummary:
    """What the participant monitoring says about one project in its programme year."""

    entries: int
    exits: int
    regular_exits: int
    early_exits: int
    # destination (e.g. "Ausbildung", "Beschäftigung", "Arbeitsuche") -> number of people
    destinations: dict[str, int] = field(default_factory=dict)


def monitoring_summary(project) -> MonitoringSummary | None:
    """The monitoring figures of a project – entries, exits, regular ends and early exits, and
    the situation four weeks after leaving – counted by the database from the participant
    records; None while the project has no records (nor retained figures)."""
    from django.db.models import Count, Q

    from zielwerk.participants.choices import ExitReason, SituationAfterExit
    from zielwerk.participants.models import Participant

    counts = Participant.objects.filter(project=project).aggregate(
        entries=Count("pk"),
        exits=Count("pk", filter=Q(exited_on__isnull=False)),
        regular=Count("pk", filter=Q(exit_reason=ExitReason.REGULAR)),
        early=Count("pk", filter=Q(exit_reason=ExitReason.EARLY)),
        **{
            f"situation_{code}": Count("pk", filter=Q(situation_after_exit=code))
            for code in SituationAfterExit.values
        },
    )
    if not counts["entries"]:
        return None
    destinations = {
        str(label): counts[f"situation_{code}"]
        for code, label in SituationAfterExit.choices
        if counts[f"situation_{code}"]
    }
    return MonitoringSummary(
        entries=counts["entries"],
        exits=counts["exits"],
        regular_exits=counts["regular"],
        early_exits=counts["early"],
        destinations=destinations,
    )


def _participants_section(project) -> list[str]:
    summary = monitoring_summary(project)
    lines = [_("Teilnehmende und Verbleib"), ""]
    if summary is None:
        lines.append(_("Monitoringdaten liegen noch nicht vor; bitte ergänzen."))
        return lines
    lines.append(
        _(
            "Eintritte: %(entries)s; Austritte: %(exits)s, davon regulär beendet: %(regular)s, "
            "vorzeitig beendet: %(early)s."
        )
        % {
            "entries": summary.entries,
            "exits": summary.exits,
            "regular": summary.regular_exits,
            "early": summary.early_exits,
        }
    )
    if summary.destinations:
        lines.append(_("Verbleib nach dem Austritt:"))
        for destination, count in sorted(summary.destinations.items()):
            lines.append(f"- {destination}: {count}")
    return lines


def _period(project) -> str:
    if project.starts_on and project.ends_on:
        return _("%(start)s bis %(end)s") % {
            "start": format_date(project.starts_on),
            "end": format_date(project.ends_on),
        }
    return _("nicht angegeben")


def _actual_costs(application: Application, project) -> Decimal | None:
    """The actual costs stated in the proof of use, None while there is no proof or nothing is
    entered yet."""
    total = StatementItem.objects.filter(
        proof__application_id=application.pk, project=project, side=StatementSide.COST
    ).aggregate(total=Sum("actual"))["total"]
    return total if total else None


def _project_section(application: Application, project, approved: Decimal | None) -> list[str]:
    title = f"{project.name} ({project.code})"
    lines = [title, "=" * len(title), ""]
    provider = project.provider.name if project.provider_id else _("nicht angegeben")
    participants = (
        str(project.planned_participants)
        if project.planned_participants is not None
        else _("nicht angegeben")
    )
    lines += [
        _("Maßnahmenart: %(type)s") % {"type": str(project.measure_type)},
        _("Träger: %(provider)s") % {"provider": provider},
        _("Durchführungszeitraum: %(period)s") % {"period": _period(project)},
        _("geplante Teilnehmende: %(count)s") % {"count": participants},
        _("bewilligte Zuwendung: %(amount)s")
        % {"amount": format_euro(approved, cents="always") if approved is not None else "–"},
        _("Ausgaben laut Kostenplan: %(amount)s")
        % {"amount": format_euro(project.cost_total, cents="always")},
    ]
    actual = _actual_costs(application, project)
    lines.append(
        _("tatsächliche Ausgaben: %(amount)s")
        % {
            "amount": format_euro(actual, cents="always")
            if actual is not None
            else _("siehe zahlenmäßiger Nachweis")
        }
    )
    lines += ["", _("Ziele, Verlauf und Ergebnisse"), ""]
    lines.append(
        project.description.strip()
        or _("Bitte beschreiben Sie Ziele, Inhalte und Verlauf der Maßnahme.")
    )
    lines += ["", *_participants_section(project), ""]
    return lines


def draft_narrative(application: Application) -> str:
    """The German draft of the Sachbericht for the application's projects."""
    approved = selectors.approved_by_project(application)
    lines = [
        _("Sachbericht zum Verwendungsnachweis %(year)s – %(region)s")
        % {"year": application.programme_year.year, "region": application.region.name},
        "",
        _(
            "Dieser Entwurf wurde aus den Projektdaten erstellt. Bitte ergänzen und prüfen Sie "
            "ihn vor dem Einreichen."
        ),
        "",
    ]
    projects = application.projects().select_related("provider", "measure_type")
    for project in projects.prefetch_related("cost_items").order_by("code"):
        lines += _project_section(application, project, approved.get(project.pk))
    lines += [
        _("Zusammenfassung"),
        "",
        _("Bitte fassen Sie hier die Zielerreichung und die Erfahrungen des Jahres zusammen."),
    ]
    return "\n".join(lines).strip() + "\n"
