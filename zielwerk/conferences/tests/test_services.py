"""Conferences: the limit of places per region (with the German message), the registration
deadline, who may do what, and the checks on uploaded documentation."""

# ruff: noqa: E501
from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zielwerk.conferences.models import Registration
from zielwerk.conferences.services import (
    ConferenceData,
    conference_save,
    document_add,
    registration_cancel,
    registration_create,
)
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Region

UNTIL = dt.date(2030, 5, 31)
BEFORE = dt.date(2030, 5, 1)
AFTER = dt.date(2030, 6, 1)


def data(**changes) -> ConferenceData:
    values = dict(
        title="Fachtag Test",
        starts_on=dt.date(2030, 6, 20),
        place="Kassel",
        places_per_region=2,
        registration_until=UNTIL,
        description="Begrüßung\nArbeitsgruppen",
    )
    values.update(changes)
    return ConferenceData(**values)


@pytest.fixture
def conference(users):
    return conference_save(actor=users["ministerium"], data=data())


@pytest.fixture
def wiesbaden(demo):
    return Region.objects.get(slug="wiesbaden")


@pytest.fixture
def frankfurt(demo):
    return Region.objects.get(slug="frankfurt")


def register(users, conference, region, name, *, who="wiesbaden", on=BEFORE):
    return registration_create(
        actor=users[who], conference=conference, region=region, name=name, function="Koordination",
        on=on,
    )  # fmt: skip


def test_limit_per_region_with_the_german_message(users, conference, wiesbaden, frankfurt):
    register(users, conference, wiesbaden, "Erste Person")
    register(users, conference, wiesbaden, "Zweite Person")
    with pytest.raises(ValidationError) as error:
        register(users, conference, wiesbaden, "Dritte Person")
    assert error.value.messages == ["Für Wiesbaden sind alle 2 Plätze vergeben."]
    assert Registration.objects.filter(conference=conference, region=wiesbaden).count() == 2
    # The limit is per region: Frankfurt still has its two places.
    register(users, conference, frankfurt, "Person Frankfurt", who="frankfurt")
    assert Registration.objects.filter(conference=conference).count() == 3


def test_a_cancelled_place_is_free_again(users, conference, wiesbaden):
    first = register(users, conference, wiesbaden, "Erste Person")
    register(users, conference, wiesbaden, "Zweite Person")
    registration_cancel(actor=users["wiesbaden"], registration=first, on=BEFORE)
    register(users, conference, wiesbaden, "Dritte Person")
    names = set(Registration.objects.filter(conference=conference).values_list("name", flat=True))
    assert names == {"Zweite Person", "Dritte Person"}
    assert AuditEntry.objects.filter(action="conference.registration.cancel").count() == 1


def test_registration_closes_after_the_deadline(users, conference, wiesbaden):
    register(users, conference, wiesbaden, "Am letzten Tag", on=UNTIL)
    with pytest.raises(PermissionDenied, match=r"Die Anmeldefrist endete am 31\.05\.2030\."):
        register(users, conference, wiesbaden, "Zu spät", on=AFTER)
    registration = Registration.objects.get(name="Am letzten Tag")
    with pytest.raises(PermissionDenied, match="Anmeldefrist"):
        registration_cancel(actor=users["wiesbaden"], registration=registration, on=AFTER)


def test_only_the_regions_own_coordination_registers(users, conference, wiesbaden):
    for who in ("frankfurt", "ministerium", "rp-kassel", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            register(users, conference, wiesbaden, "Person", who=who)
    assert not Registration.objects.filter(conference=conference).exists()


def test_a_held_or_cancelled_conference_takes_no_registrations(users, conference, wiesbaden):
    conference_save(
        actor=users["ministerium"], conference=conference, data=data(status="cancelled")
    )
    with pytest.raises(PermissionDenied, match="abgesagt"):
        register(users, conference, wiesbaden, "Person")


def test_only_the_ministry_plans_conferences(users, conference):
    for who in ("wiesbaden", "rp-kassel", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            conference_save(actor=users[who], data=data())
    conference_save(actor=users["admin"], conference=conference, data=data(place="Fulda"))
    conference.refresh_from_db()
    assert conference.place == "Fulda"


def test_invalid_dates_and_places_are_refused(users):
    with pytest.raises(ValidationError) as error:
        conference_save(
            actor=users["ministerium"],
            data=data(
                ends_on=dt.date(2030, 6, 19),
                registration_until=dt.date(2030, 6, 21),
                places_per_region=0,
            ),
        )
    assert set(error.value.message_dict) == {"ends_on", "registration_until", "places_per_region"}


def test_places_cannot_drop_below_the_registrations(users, conference, wiesbaden):
    register(users, conference, wiesbaden, "Erste Person")
    register(users, conference, wiesbaden, "Zweite Person")
    with pytest.raises(ValidationError, match="Wiesbaden haben bereits mehr Anmeldungen als 1"):
        conference_save(
            actor=users["ministerium"], conference=conference, data=data(places_per_region=1)
        )


# --- documents ---------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% Test\n%%EOF\n"
ZIP = b"PK\x03\x04" + b"\x00" * 40


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_pdf_is_stored_with_its_hash(users, conference):
    document = document_add(
        actor=users["ministerium"],
        conference=conference,
        title="Programm",
        upload=upload("programm.pdf", PDF),
    )
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.original_name == "programm.pdf"
    assert document.size == len(PDF)
    with document.file.open("rb") as handle:
        assert handle.read() == PDF


def office_file(part: str) -> bytes:
    """The smallest container core.uploads takes for a type: a ZIP holding its main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("folien.pptx", "ppt/presentation.xml"),
        ("liste.xlsx", "xl/workbook.xml"),
        ("bericht.docx", "word/document.xml"),
    ],
)
def test_office_files_are_accepted(users, conference, name, part):
    document_add(
        actor=users["ministerium"],
        conference=conference,
        title=name,
        upload=upload(name, office_file(part)),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.exe", b"MZ\x90\x00", "programm.exe: Dieser Dateityp ist nicht erlaubt (erlaubt: PDF, DOCX, XLSX, PPTX)."),
        ("programm.odt", ZIP, "programm.odt: Dieser Dateityp ist nicht erlaubt (erlaubt: PDF, DOCX, XLSX, PPTX)."),
        ("programm.pdf", b"MZ\x90\x00 not a pdf", "programm.pdf: Der Inhalt ist keine PDF-Datei."),
        ("folien.pptx", PDF, "folien.pptx: Der Inhalt ist keine PPTX-Datei."),
        ("leer.pdf", b"", "leer.pdf: Die Datei ist leer."),
        ("gross.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024 - 4), "gross.pdf: Die Datei ist größer als 20 MB."),
    ],
)  # fmt: skip
def test_uploads_are_checked_by_type_content_and_size(users, conference, name, content, message):
    with pytest.raises(ValidationError) as error:
        document_add(
            actor=users["ministerium"],
            conference=conference,
            title="X",
            upload=upload(name, content),
        )
    assert error.value.messages == [message]
    assert not conference.documents.exists()


def test_exactly_20_mb_is_accepted(users, conference):
    content = b"%PDF-" + b"0" * (20 * 1024 * 1024 - 5)
    assert len(content) == 20 * 1024 * 1024
    document_add(
        actor=users["ministerium"],
        conference=conference,
        title="X",
        upload=upload("x.pdf", content),
    )


def test_only_the_ministry_uploads(users, conference):
    for who in ("wiesbaden", "rp-kassel"):
        with pytest.raises(PermissionDenied):
            document_add(
                actor=users[who], conference=conference, title="X", upload=upload("x.pdf", PDF)
            )
