from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record, snapshot
from zielwerk.organisations.models import Region

from .choices import ProgrammeYearStatus
from .models import Participation, Programme, ProgrammeYear
from .permissions import can_manage_programme_year


def programme_year_create(
    *,
    actor,
    programme: Programme,
    year: int,
    status: str = ProgrammeYearStatus.PLANNING,
    budget_total: Decimal | None = None,
    talks_until: dt.date | None = None,
    application_deadline: dt.date | None = None,
    earliest_start: dt.date | None = None,
    note: str = "",
) -> ProgrammeYear:
    """Open a programme year. Every region that exists on 1 January takes part; the ministry
    can remove or add participations afterwards."""
    can_manage_programme_year(actor).enforce()
    if ProgrammeYear.objects.filter(programme=programme, year=year).exists():
        raise ValidationError(
            _("Das Programmjahr %(programme_year)s gibt es bereits.")
            % {"programme_year": f"{programme.code.upper()} {year}"}
        )
    with transaction.atomic():
        programme_year = ProgrammeYear(
            programme=programme,
            year=year,
            status=status,
            budget_total=budget_total,
            talks_until=talks_until or dt.date(year, 3, 31),
            application_deadline=application_deadline or dt.date(year, 3, 31),
            earliest_start=earliest_start or dt.date(year, 1, 1),
            proof_deadline=dt.date(year + 1, 6, 30),
            note=note,
        )
        programme_year.full_clean()
        programme_year.save()
        regions = Region.objects.valid_on(dt.date(year, 1, 1))
        Participation.objects.bulk_create(
            Participation(programme_year=programme_year, region=region) for region in regions
        )
        changes = snapshot(
            programme_year,
            [
                "year",
                "status",
                "budget_total",
                "talks_until",
                "application_deadline",
                "earliest_start",
                "proof_deadline",
            ],
        )
        changes["regions"] = [None, sorted(region.code for region in regions)]
        audit_record(
            actor=actor, action="programme_year.create", obj=programme_year, changes=changes
        )
    return programme_year
