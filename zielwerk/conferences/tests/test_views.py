"""Conference pages: names per region only for the region and the ministry, counts for all;
registering through the page; the document served byte for byte through the checked view;
the demo conference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zielwerk.conferences.models import Conference, Document, Registration
from zielwerk.conferences.services import ConferenceData, conference_save, registration_create
from zielwerk.organisations.models import Region


@pytest.fixture
def conference(users):
    today = dt.date.today()  # noqa: DTZ011 – only relative to the server's date
    conference = conference_save(
        actor=users["ministerium"],
        data=ConferenceData(
            title="Fachtag Seite",
            starts_on=today + dt.timedelta(days=60),
            place="Kassel",
            places_per_region=3,
            registration_until=today + dt.timedelta(days=30),
            description="Begrüßung\nErgebnisse",
        ),
    )
    for who, slug, name in (
        ("wiesbaden", "wiesbaden", "Wiebke Wiesbaden"),
        ("wiesbaden", "wiesbaden", "Willi Wiesbaden"),
        ("frankfurt", "frankfurt", "Frieda Frankfurt"),
    ):
        registration_create(
            actor=users[who],
            conference=conference,
            region=Region.objects.get(slug=slug),
            name=name,
        )
    return conference


def detail(client, conference) -> str:
    url = reverse("conferences:conference_detail", kwargs={"pk": conference.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_region_sees_its_own_names_and_everyones_counts(client_for, conference):
    page = detail(client_for("frankfurt"), conference)
    assert "Frieda Frankfurt" in page
    assert "Wiebke Wiesbaden" not in page and "Willi Wiesbaden" not in page
    assert "2 / 3" in page  # Wiesbaden's count
    assert "1 / 3" in page  # Frankfurt's count
    name = Region.objects.get(slug="frankfurt").name
    assert f"Für {name} sind noch 2 Plätze frei." in page


def test_the_ministry_sees_every_name(client_for, conference):
    page = detail(client_for("ministerium"), conference)
    for name in ("Frieda Frankfurt", "Wiebke Wiesbaden", "Willi Wiesbaden"):
        assert name in page


def test_registering_through_the_page(client_for, conference):
    client = client_for("wiesbaden")
    url = reverse("conferences:registration_create", kwargs={"pk": conference.pk})
    response = client.post(url, {"name": "Wanda Wiesbaden", "function": "Sachbearbeitung"})
    assert response.status_code == 302
    response = client.post(url, {"name": "Vierte Person", "function": ""})
    assert response.status_code == 200
    assert "Für Wiesbaden sind alle 3 Plätze vergeben." in response.content.decode()
    assert Registration.objects.filter(conference=conference, region__slug="wiesbaden").count() == 3


def test_a_document_comes_through_the_view_byte_for_byte(client_for, conference):
    content = b"%PDF-1.4\n% Seite\n%%EOF\n"
    client = client_for("ministerium")
    url = reverse("conferences:document_upload", kwargs={"pk": conference.pk})
    upload = SimpleUploadedFile("p.pdf", content)
    response = client.post(url, {"title": "Programm", "upload": upload})
    assert response.status_code == 302
    document = Document.objects.get(conference=conference)
    download = reverse(
        "conferences:document_download", kwargs={"pk": conference.pk, "document_pk": document.pk}
    )
    response = client_for("frankfurt").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="p.pdf"' in response["Content-Disposition"]
    assert client_for("traeger-wiesbaden").get(download).status_code == 403


def test_a_wrong_file_is_shown_on_the_form(client_for, conference):
    url = reverse("conferences:document_upload", kwargs={"pk": conference.pk})
    response = client_for("ministerium").post(
        url, {"title": "Programm", "upload": SimpleUploadedFile("p.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 200
    assert "p.pdf: Der Inhalt ist keine PDF-Datei." in response.content.decode()


def test_the_demo_conference_is_seeded_once(demo_with_grants, client_for):
    from zielwerk.demo.exchange import CONFERENCE_TITLE, seed_exchange
    from zielwerk.practice.models import Entry

    report: list[str] = []
    seed_exchange(report)
    seed_exchange(report)
    conference = Conference.objects.get(title=CONFERENCE_TITLE)
    assert conference.status == "held"
    assert conference.places_per_region == 3
    counts = dict(
        (slug, conference.registrations.filter(region__slug=slug).count())
        for slug in ("wiesbaden", "frankfurt")
    )
    assert counts == {"wiesbaden": 2, "frankfurt": 1}
    assert conference.documents.count() == 1
    assert conference.practice_entries.count() == 2
    assert Entry.objects.filter(published=True).count() == 2
    document = conference.documents.get()
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    # The xref table points at the objects: object 1 starts where the table says.
    offset = int(content.split(b"xref\n0 6\n")[1].splitlines()[1][:10])
    assert content[offset:].startswith(b"1 0 obj")
    page = detail(client_for("ministerium"), conference)
    assert "Fachtag AQB 2024 (erfunden)" in page
