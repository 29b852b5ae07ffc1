"""Writes of conferences: atomic, permission-checked, audited.

The limit of places per region is enforced here: the conference row is locked
(SELECT … FOR UPDATE on PostgreSQL; SQLite runs write transactions IMMEDIATE, one at a time) and
the region's registrations are counted inside the same transaction, so two coordinators
registering at once cannot exceed the limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date
from zielwerk.core.uploads import DOCX, PDF, PPTX, XLSX, FileType, check_upload, extension

from .choices import ConferenceStatus
from .models import Conference, Document, Registration
from .permissions import can_cancel_registration, can_manage_conference, can_register

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES: dict[str, FileType] = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "pptx": PPTX}

CONFERENCE_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "starts_at",
    "place",
    "description",
    "places_per_region",
    "registration_until",
    "status",
)


@dataclass(frozen=True)
class ConferenceData:
    title: str
    starts_on: dt.date
    place: str
    places_per_region: int
    registration_until: dt.date
    ends_on: dt.date | None = None
    starts_at: dt.time | None = None
    description: str = ""
    status: str = ConferenceStatus.PLANNED
    practice_entry_ids: tuple[int, ...] = ()


def _validate(data: ConferenceData) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    if not data.place.strip():
        errors["place"] = _("Bitte geben Sie den Ort an.")
    if data.places_per_region is None or data.places_per_region < 1:
        errors["places_per_region"] = _("Bitte mindestens einen Platz je Region vorsehen.")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = _("Das Ende liegt vor dem Beginn (%(date)s).") % {
            "date": format_date(data.starts_on)
        }
    if data.registration_until > data.starts_on:
        errors["registration_until"] = _(
            "Die Anmeldefrist muss spätestens am Tag der Konferenz enden."
        )
    if data.status not in ConferenceStatus.values:
        errors["status"] = _("Unbekannter Stand.")
    if errors:
        raise ValidationError(errors)


def conference_save(
    *, actor, data: ConferenceData, conference: Conference | None = None
) -> Conference:
    """Create or change a conference (the ministry). Lowering the places below the number
    already registered for a region is refused, naming the region."""
    can_manage_conference(actor).enforce()
    _validate(data)
    with transaction.atomic():
        if conference is None:
            conference = Conference(created_by=actor)
            before: dict = {}
        else:
            conference = Conference.objects.select_for_update().get(pk=conference.pk)
            before = {name: getattr(conference, name) for name in CONFERENCE_FIELDS}
            over = _regions_over(conference, data.places_per_region)
            if over:
                raise ValidationError(
                    {
                        "places_per_region": _(
                            "%(regions)s haben bereits mehr Anmeldungen als %(n)s Plätze."
                        )
                        % {"regions": ", ".join(over), "n": data.places_per_region}
                    }
                )
        for name in CONFERENCE_FIELDS:
            value = getattr(data, name)
            setattr(conference, name, value.strip() if isinstance(value, str) else value)
        conference.save()
        conference.practice_entries.set(data.practice_entry_ids)
        after = {name: getattr(conference, name) for name in CONFERENCE_FIELDS}
        changes = {
            name: [str(before.get(name)) if before else None, str(after[name])]
            for name in CONFERENCE_FIELDS
            if before.get(name) != after[name]
        }
        audit_record(
            actor=actor,
            action="conference.create" if not before else "conference.update",
            obj=conference,
            changes=changes,
        )
    return conference


def _regions_over(conference: Conference, places: int) -> list[str]:
    from django.db.models import Count

    rows = (
        conference.registrations.values("region__name")
        .annotate(n=Count("pk"))
        .filter(n__gt=places)
        .order_by("region__name")
    )
    return [row["region__name"] for row in rows]


def registration_create(
    *, actor, conference: Conference, region, name: str, function: str = "", on=None
) -> Registration:
    """Register one person of `region`; refused when the region's places are taken."""
    on = on or timezone.localdate()
    person = " ".join(name.split())
    role = " ".join(function.split())
    if not person:
        raise ValidationError({"name": _("Bitte geben Sie den Namen an.")})
    if len(person) > 200 or len(role) > 200:
        raise ValidationError(_("Name und Funktion haben höchstens 200 Zeichen."))
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        can_register(actor, locked, region, on).enforce()
        taken = Registration.objects.filter(conference=locked, region=region).count()
        if taken >= locked.places_per_region:
            raise ValidationError(
                _("Für %(region)s sind alle %(n)s Plätze vergeben.")
                % {"region": region.name, "n": locked.places_per_region},
                code="full",
            )
        registration = Registration.objects.create(
            conference=locked, region=region, name=person, function=role, registered_by=actor
        )
        audit_record(
            actor=actor,
            action="conference.registration.create",
            obj=locked,
            changes={"registration": [None, f"{person} ({region.name})"]},
        )
    return registration


def registration_cancel(*, actor, registration: Registration, on=None) -> None:
    """Cancel a registration: the row is deleted (no personal data is kept after it)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        Conference.objects.select_for_update().get(pk=registration.conference_id)
        can_cancel_registration(actor, registration, on).enforce()
        audit_record(
            actor=actor,
            action="conference.registration.cancel",
            obj=registration.conference,
            changes={"registration": [f"{registration.name} ({registration.region.name})", None]},
        )
        registration.delete()


def check_document(upload) -> str:
    """Refuse anything but PDF, DOCX, XLSX or PPTX of at most 20 MB, judged by the extension and
    by the first bytes (magic bytes); return the SHA-256 (hex). Errors name the file."""
    return check_upload(upload, types=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES)


def document_add(*, actor, conference: Conference, title: str, upload) -> Document:
    """Add a file to the conference's documentation (the ministry); stored under a neutral name
    in private storage, the person's file name kept for the download."""
    can_manage_conference(actor).enforce()
    text = " ".join(title.split())
    if not text:
        raise ValidationError({"title": _("Bitte geben Sie eine Bezeichnung an.")})
    if len(text) > 200:
        raise ValidationError({"title": _("Die Bezeichnung hat höchstens 200 Zeichen.")})
    sha256 = check_document(upload)
    original_name = PurePosixPath(upload.name).name[:255]
    with transaction.atomic():
        document = Document(
            conference=conference,
            title=text,
            original_name=original_name,
            sha256=sha256,
            size=upload.size,
            uploaded_by=actor,
        )
        document.file.save(
            f"konferenz-{sha256[:16]}.{extension(original_name)}", upload, save=False
        )
        document.save()
        audit_record(
            actor=actor,
            action="conference.document.add",
            obj=conference,
            changes={
                "document": [None, text],
                "file": [None, original_name],
                "sha256": [None, sha256],
            },
        )
    return document
