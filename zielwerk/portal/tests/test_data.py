"""The agreement page's downloads: signed PDF byte for byte, the data as JSON and CSV.

Expected values come from the demo's Wiesbaden 2024 agreement as zielwerk/demo/data.py states it
(2.508.300,00 Euro, six projects, the city's signature of 12.07.2024, the ministry's date line
blank), not from the code under test."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from zielwerk.agreements.models import AgreementVersion
from zielwerk.core.spreadsheets import safe_text
from zielwerk.demo.portal import seed_portal

pytestmark = pytest.mark.django_db

WIESBADEN = {"year": 2024, "region": "wiesbaden"}


def _wiesbaden_v1() -> AgreementVersion:
    return AgreementVersion.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    )


def test_signed_pdf_is_byte_identical(demo, client_for):
    content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 unterschrieben\n" + bytes(range(256)) + b"\n%%EOF\n"
    version = _wiesbaden_v1()
    version.signed_pdf.save("scan.pdf", ContentFile(content), save=False)
    version.signed_pdf_sha256 = hashlib.sha256(content).hexdigest()
    version.save()
    response = client_for(None).get(reverse("portal:agreement_signed_pdf", kwargs=WIESBADEN))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body == content
    page = client_for(None).get(reverse("portal:agreement_detail", kwargs=WIESBADEN))
    assert hashlib.sha256(content).hexdigest() in page.content.decode()


def test_demo_stores_the_signed_pdf_once(demo, client_for):
    # Whether or not seed() already runs seed_portal: start from the state without the scan.
    AgreementVersion.objects.filter(pk=_wiesbaden_v1().pk).update(
        signed_pdf="", signed_pdf_sha256=""
    )
    report: list[str] = []
    seed_portal(report)
    seed_portal(report)  # idempotent
    version = _wiesbaden_v1()
    stored = version.signed_pdf.open("rb").read()
    assert stored.startswith(b"%PDF-")
    assert version.signed_pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert "2024-07-12" in version.signed_pdf.name
    body = b"".join(
        client_for(None)
        .get(reverse("portal:agreement_signed_pdf", kwargs=WIESBADEN))
        .streaming_content
    )
    assert body == stored
    assert sum("unterzeichnetes PDF" in line for line in report) == 1


def test_agreement_data_as_json(demo, client_for):
    response = client_for(None).get(reverse("portal:agreement_data_json", kwargs=WIESBADEN))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["programmjahr"] == 2024
    assert data["gebietskoerperschaft"] == "Wiesbaden"
    assert data["fassung"] == 1
    assert data["status"] == "published"
    assert data["betrag_euro"] == "2508300.00"
    assert data["unterzeichnet_gebietskoerperschaft"] == "2024-07-12"
    assert data["unterzeichnet_ministerium"] is None  # the ministry's date line is blank
    assert [p["name"] for p in data["projekte"]] == [
        "Fit für den Beruf (FIB)",
        "Hinein in den Beruf (HIB)",
        "Deutsch-Intensiv-Klassen an Schulen m. Schulsozialarbeit",
        "Stadtteilmütter- Stadtteinväter",
        "Coaching für die Bedarfsgemeinschaft",
        "Achtung in Aus- und Bildung",
    ]
    assert [p["massnahmenart_nummer"] for p in data["projekte"]] == [1, 1, 1, 3, 3, 4]
    # Nothing beyond the published document: no costs, no comments, no notes.
    assert set(data) == {
        "programmjahr", "gebietskoerperschaft", "ags", "fassung", "art", "status",
        "betrag_euro", "unterzeichnet_ministerium", "unterzeichnet_gebietskoerperschaft",
        "veroeffentlicht_am", "projekte", "kennzahlen", "zielwerte",
    }  # fmt: skip


def test_agreement_data_with_targets(demo_with_grants, client_for):
    """The steering demo agrees four targets in version 1; the JSON lists them with unit and
    period, exactly as stored on the published version."""
    from zielwerk.steering.models import Target

    targets = list(Target.objects.filter(version=_wiesbaden_v1()).order_by("position", "pk"))
    assert targets, "the steering demo should agree targets for Wiesbaden 2024"
    data = client_for(None).get(reverse("portal:agreement_data_json", kwargs=WIESBADEN)).json()
    assert [t["bezeichnung"] for t in data["zielwerte"]] == [t.label for t in targets]
    assert [t["zeitraum_von"] for t in data["zielwerte"]] == [
        t.period_from.isoformat() for t in targets
    ]
    spending = [t for t in data["zielwerte"] if t["kennzahl"] == "spending"]
    assert all(t["einheit"] == "Euro" for t in spending)


def test_agreement_data_as_csv(demo, client_for):
    response = client_for(None).get(reverse("portal:agreement_data_csv", kwargs=WIESBADEN))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "abschnitt;bezeichnung;wert;einheit;zeitraum_von;zeitraum_bis"
    assert "Zielvereinbarung;Betrag;2508300,00;Euro;;" in lines
    assert "Zielvereinbarung;Gebietskörperschaft;Wiesbaden;;;" in lines
    assert "Projekt;Achtung in Aus- und Bildung;4 " in "\n".join(lines)
    assert sum(line.startswith("Projekt;") for line in lines) == 6


def test_csv_text_cannot_start_a_formula():
    assert safe_text("=SUMME(A1)") == "'=SUMME(A1)"
    assert safe_text("-5") == "'-5"
    assert safe_text("@x") == "'@x"
    assert safe_text("+1") == "'+1"
    assert safe_text("Wiesbaden") == "Wiesbaden"


@pytest.mark.parametrize("name", ["agreement_data_json", "agreement_data_csv"])
def test_drafts_have_no_data(demo, client_for, name):
    kwargs = {"year": 2024, "region": "frankfurt"}
    assert client_for(None).get(reverse(f"portal:{name}", kwargs=kwargs)).status_code == 404


def test_old_addresses_move_permanently(demo, client_for):
    response = client_for(None).get("/oeffentlich/zielvereinbarungen/2024/wiesbaden/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/portal/zielvereinbarungen/2024/wiesbaden/?x=1"
    assert client_for(None).get("/oeffentlich/")["Location"] == "/portal/"


def test_search_and_filters(demo, client_for):
    from zielwerk.agreements.choices import AgreementStatus

    frankfurt = AgreementVersion.objects.get(agreement__region__slug="frankfurt")
    anonymous = client_for(None)
    url = reverse("portal:agreement_list")
    assert "Wiesbaden" in anonymous.get(url, {"q": "wiesb"}).content.decode()
    assert "0 Zielvereinbarungen gefunden" in anonymous.get(url, {"q": "Quokka"}).content.decode()
    assert "1 Zielvereinbarung gefunden" in anonymous.get(url, {"jahr": 2024}).content.decode()
    assert "0 Zielvereinbarungen gefunden" in anonymous.get(url, {"jahr": 2025}).content.decode()
    # A word only the draft's text contains finds nothing.
    clause = frankfurt.clauses.order_by("position").first()
    clause.body += " Quokkaverfahren"
    clause.save()
    assert frankfurt.status != AgreementStatus.PUBLISHED
    page = anonymous.get(url, {"q": "Quokkaverfahren"}).content.decode()
    assert "0 Zielvereinbarungen gefunden" in page
    assert "Frankfurt" not in page  # not even in the region filter: nothing published there
