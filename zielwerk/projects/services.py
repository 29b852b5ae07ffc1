from __future__ import annotations

from django.db import transaction

from zielwerk.core.audit import audit_record, snapshot

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
