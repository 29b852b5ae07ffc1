"""`agreement_import --save`: a parsed agreement becomes a signed version in the database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.db import transaction

from zielwerk.organisations.models import OrganisationName, Region
from zielwerk.programmes.models import MeasureType, ProgrammeYear
from zielwerk.projects.models import Project

from ..choices import Party
from ..models import Agreement
from ..services import SignatureData, agreement_record_signed

SHORT_IN_PARENTHESES = re.compile(r"\(([A-Z0-9]{1,12})\)\s*$")


class ImportSaveError(ValueError):
    """German message; nothing was saved."""


def short_name_for(name: str, taken: set[str]) -> str:
    """'Fit für den Beruf (FIB)' -> FIB; otherwise the initials of the longer words."""
    match = SHORT_IN_PARENTHESES.search(name)
    if match:
        base = match.group(1)
    else:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        words = [w for w in re.split(r"[\s\-/]+", ascii_name) if len(w) >= 3 and w[0].isalpha()]
        base = "".join(w[0] for w in words).upper()[:6] or "P"
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base[:10]}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def _region(data: dict) -> Region:
    region_data = data["region"]
    region = None
    if region_data.get("ags"):
        region = Region.objects.filter(ags=region_data["ags"]).first()
    if region is None:
        region = Region.objects.filter(official_name=region_data["name"]).first()
    if region is None:
        raise ImportSaveError(
            f"Die Gebietskörperschaft „{region_data['name']}“ ist in Zielwerk nicht eingetragen."
        )
    return region


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def save_parsed(data: dict, *, actor=None, programme_code: str = "aqb") -> Agreement:
    region = _region(data)
    year = int(data["year"])
    programme_year = ProgrammeYear.objects.filter(programme__code=programme_code, year=year).first()
    if programme_year is None:
        raise ImportSaveError(f"Das Programmjahr {year} ist nicht angelegt.")
    if Agreement.objects.filter(programme_year=programme_year, region=region).exists():
        raise ImportSaveError(
            f"Für {region.official_name} gibt es {year} schon eine Zielvereinbarung."
        )
    if len(data["signatures"]) != 2:
        raise ImportSaveError("Erwartet werden genau zwei Unterschriften (Ministerium, Region).")

    taken = set(
        Project.objects.filter(region=region, programme_year=programme_year).values_list(
            "short_name", flat=True
        )
    )
    projects = []
    for group in data["measure_types"]:
        measure_type = MeasureType.objects.filter(
            programme=programme_year.programme, number=group["number"]
        ).first()
        if measure_type is None:
            raise ImportSaveError(f"Die Maßnahmenart {group['number']} ist nicht eingetragen.")
        for name in group["projects"]:
            existing = Project.objects.filter(
                region=region, programme_year=programme_year, measure_type=measure_type, name=name
            ).first()
            if existing:  # already known, e.g. from an earlier draft: link, never duplicate
                projects.append(existing)
                continue
            project = Project(
                region=region,
                programme_year=programme_year,
                measure_type=measure_type,
                name=name,
                short_name=short_name_for(name, taken),
            )
            project.save()
            projects.append(project)

    ministry_sig, region_sig = data["signatures"]
    signatures = [
        SignatureData(
            Party.MINISTRY,
            ministry_sig["name"],
            "\n".join(ministry_sig["function"]),
            ministry_sig["place"],
            _date(ministry_sig["date"]),
        ),
        SignatureData(
            Party.REGION,
            region_sig["name"],
            "\n".join(region_sig["function"]),
            region_sig["place"],
            _date(region_sig["date"]),
        ),
    ]
    reference = _date(region_sig["date"]) or _date(ministry_sig["date"]) or dt.date(year, 1, 1)
    agreement = agreement_record_signed(
        actor=actor,
        programme_year=programme_year,
        region=region,
        amount=Decimal(data["amount"]),
        projects=projects,
        signatures=signatures,
        reference_date=reference,
        change_note="Aus Text importiert",
    )
    # The document names the ministry as it was called then; keep that wording.
    version = agreement.versions.get()
    if version.ministry_name != data["ministry"]:
        short = (
            OrganisationName.objects.filter(name=data["ministry"])
            .values_list("short_name", flat=True)
            .first()
        )
        version.ministry_name = data["ministry"]
        version.ministry_short_name = short or version.ministry_short_name
        version.save(update_fields=["ministry_name", "ministry_short_name"])
    return agreement
