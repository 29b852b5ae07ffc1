from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.core.formats import format_euro

from .models import Project
from .permissions import can_manage_projects


def project_create(
    *, actor, region, programme_year, measure_type, name: str, short_name: str
) -> Project:
    can_manage_projects(actor, region).enforce()
    with transaction.atomic():
        project = Project(
            region=region,
            programme_year=programme_year,
            measure_type=measure_type,
            name=name,
            short_name=short_name,
        )
        project.code = Project.make_code(region.code, programme_year.year, short_name)
        project.full_clean()
        project.save()
        audit_record(
            actor=actor,
            action="project.create",
            obj=project,
            changes=snapshot(project, ["code", "name", "measure_type"]),
        )
    return project


def plan_problems(project: Project) -> list[str]:
    """What keeps the project's plan from being submitted, as German sentences naming the project
    (empty when the plan is complete): a provider, a period inside the programme year, planned
    participants, a cost plan, an AQB grant, and a financing plan that balances to the cent."""
    problems: list[str] = []
    label = project.code
    if project.provider_id is None:
        problems.append(_("%(project)s: Es ist kein Träger eingetragen.") % {"project": label})
    if project.starts_on is None or project.ends_on is None:
        problems.append(_("%(project)s: Beginn und Ende fehlen.") % {"project": label})
    if not project.planned_participants:
        problems.append(_("%(project)s: Die geplanten Teilnehmenden fehlen.") % {"project": label})
    costs, funding = project.cost_total, project.funding_total
    if costs <= 0:
        problems.append(_("%(project)s: Der Kostenplan ist leer.") % {"project": label})
    if project.grant_requested <= 0:
        problems.append(
            _("%(project)s: Der Finanzierungsplan enthält keine AQB-Zuwendung.")
            % {"project": label}
        )
    if costs != funding:
        problems.append(
            _(
                "%(project)s: Der Finanzierungsplan (%(funding)s) deckt den Kostenplan "
                "(%(costs)s) nicht genau; Differenz %(difference)s."
            )
            % {
                "project": label,
                "funding": format_euro(funding, cents="always"),
                "costs": format_euro(costs, cents="always"),
                "difference": format_euro(costs - funding, cents="always"),
            }
        )
    return problems
