"""Indicator values and distribution keys in the browser's forms: upload, template, computed and
manual keys, publishing and announcing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zielwerk.budgets.models import (
    AllocationVersion,
    DistributionKey,
    IndicatorValue,
    KeyResult,
)
from zielwerk.budgets.services import indicator_values_store
from zielwerk.core.models import AuditEntry
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db

INDICATORS = reverse("budgets:indicator_values", kwargs={"year": 2024})
TEMPLATE = reverse("budgets:indicator_template", kwargs={"year": 2024})
COMPUTE = reverse("budgets:key_compute", kwargs={"year": 2024})
MANUAL = reverse("budgets:key_manual", kwargs={"year": 2024})


def _year() -> ProgrammeYear:
    return ProgrammeYear.objects.get(programme__code="aqb", year=2024)


def _regions():
    regions = [p.region for p in _year().participations.select_related("region")]
    return sorted((region for region in regions if region.ags), key=lambda region: region.ags)


def _csv(rows: list[tuple[str, str, str]]) -> SimpleUploadedFile:
    lines = ["ags;sgb2;sgb3", *(";".join(row) for row in rows)]
    return SimpleUploadedFile("indikatoren.csv", "\r\n".join(lines).encode(), "text/csv")


def _valid_rows() -> list[tuple[str, str, str]]:
    return [
        (region.ags, f"{1000 + index * 250},5", str(10 + index))
        for index, region in enumerate(_regions())
    ]


def _store_values() -> None:
    table = {
        region.ags: {"sgb2": Decimal(1000 + index * 250), "sgb3": Decimal(10 + index)}
        for index, region in enumerate(_regions())
    }
    indicator_values_store(actor=None, programme_year=_year(), table=table)


def test_template_csv_lists_every_participating_region(demo, client_for):
    _store_values()
    response = client_for("ministerium").get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "ags;sgb2;sgb3"
    assert lines[1:] == [f"{region.ags};;" for region in _regions()]


def test_upload_valid_csv_stores_values(demo, client_for):
    rows = _valid_rows()
    response = client_for("ministerium").post(INDICATORS, {"file": _csv(rows)}, follow=True)
    assert response.status_code == 200
    assert IndicatorValue.objects.filter(programme_year=_year()).count() == 2 * len(rows)
    first = IndicatorValue.objects.get(
        programme_year=_year(), region__ags=rows[0][0], indicator__code="sgb2"
    )
    assert first.value == Decimal("1000.5")
    html = response.content.decode()
    assert f"{2 * len(rows)} Indikatorwerte gespeichert" in html
    assert "1.000,5" in html  # the table shows the stored value the German way
    assert AuditEntry.objects.filter(action="indicator_values.import").exists()


def test_upload_with_unknown_region_and_negative_value_stores_nothing(demo, client_for):
    rows = _valid_rows()
    rows[0] = ("06999", rows[0][1], rows[0][2])  # row 2: unknown AGS
    rows[1] = (rows[1][0], "-5", rows[1][2])  # row 3: negative sgb2
    response = client_for("ministerium").post(INDICATORS, {"file": _csv(rows)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "kern-alert--danger" in html
    assert "Es wurde nichts gespeichert." in html
    assert (
        "Zeile 2, Spalte A („ags“): Zum Kreisschlüssel „06999“ gibt es keine "
        "Gebietskörperschaft in diesem Jahr."
    ) in html
    assert "Zeile 3, Spalte B („sgb2“): „-5“ ist negativ." in html
    assert not IndicatorValue.objects.exists()


def test_upload_of_wrong_file_type_is_refused(demo, client_for):
    upload = SimpleUploadedFile("werte.pdf", b"%PDF-1.4", "application/pdf")
    response = client_for("ministerium").post(INDICATORS, {"file": upload})
    assert response.status_code == 400
    assert "Bitte eine CSV-, XLSX- oder ODS-Datei hochladen" in response.content.decode()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("username", ["rp-kassel", "wiesbaden"])
def test_upload_is_for_the_ministry_only(demo, client_for, username):
    response = client_for(username).post(INDICATORS, {"file": _csv(_valid_rows())})
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_indicator_page_is_readable_by_the_grant_authority_without_upload(demo, client_for):
    _store_values()
    response = client_for("rp-kassel").get(INDICATORS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "sgb2" in html
    assert 'enctype="multipart/form-data"' not in html


def test_compute_key_via_form_sums_to_total(demo, client_for):
    _store_values()
    client = client_for("ministerium")
    form_page = client.get(COMPUTE)
    assert form_page.status_code == 200
    assert 'name="weight_sgb2"' in form_page.content.decode()
    response = client.post(
        COMPUTE,
        {
            "name": "Indikatoren 2024",
            "total": "12.345.678,00",
            "weight_sgb2": "0,7",
            "weight_sgb3": "0,3",
            "minimum": "100.000",
            "unit": "100",
            "note": "Test",
        },
    )
    key = DistributionKey.objects.get(name="Indikatoren 2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:key_detail", kwargs={"pk": key.pk})
    results = list(KeyResult.objects.filter(key=key))
    assert len(results) == len(_regions())
    assert sum((result.amount for result in results), Decimal(0)) == Decimal("12345678.00")
    assert all(result.amount >= Decimal(100000) for result in results)
    assert {w.indicator.code: w.weight for w in key.weights.all()} == {
        "sgb2": Decimal("0.7"),
        "sgb3": Decimal("0.3"),
    }
    page = client.get(response["Location"]).content.decode()
    assert "<strong>12.345.678 Euro</strong>" in page
    assert "100,00" in page  # the shares add up to 100 %


def test_compute_key_shows_service_errors_in_german(demo, client_for):
    _store_values()
    response = client_for("ministerium").post(
        COMPUTE,
        {
            "name": "Zu hoher Mindestbetrag",
            "total": "1.000",
            "weight_sgb2": "1",
            "weight_sgb3": "0",
            "minimum": "1.000",
            "unit": "100",
        },
    )
    assert response.status_code == 200
    assert "übersteigt den Gesamtbetrag" in response.content.decode()
    assert not DistributionKey.objects.filter(name="Zu hoher Mindestbetrag").exists()


def _manual_data(amount: str) -> dict[str, str]:
    data = {"name": "Manuell 2024", "reason": "Der Schlüssel ist nicht öffentlich."}
    for region in _year().participations.values_list("region_id", flat=True):
        data[f"amount_{region}"] = amount
    return data


def test_manual_amounts_within_budget_are_stored(demo, client_for):
    year = _year()
    count = year.participations.count()
    year.budget_total = Decimal(1000) * count
    year.save()
    response = client_for("ministerium").post(MANUAL, _manual_data("1.000,00"))
    key = DistributionKey.objects.get(name="Manuell 2024")
    assert response.status_code == 302
    assert key.is_manual and key.total == Decimal(1000) * count
    assert key.note == "Der Schlüssel ist nicht öffentlich."


def test_manual_amounts_over_budget_are_refused_in_german(demo, client_for):
    year = _year()
    year.budget_total = Decimal(1000)
    year.save()
    response = client_for("ministerium").post(MANUAL, _manual_data("1.000,00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "übersteigt die Haushaltsmittel (1.000 Euro)" in html
    assert not DistributionKey.objects.filter(name="Manuell 2024").exists()


def test_manual_amounts_need_a_reason(demo, client_for):
    response = client_for("ministerium").post(MANUAL, {**_manual_data("1"), "reason": "  "})
    assert response.status_code == 200
    assert "Bitte begründen Sie die manuell gesetzten Beträge." in response.content.decode()


def _demo_key() -> DistributionKey:
    return DistributionKey.objects.get(programme_year__year=2024, is_manual=True)


def test_publish_after_confirmation(demo, client_for):
    key = _demo_key()
    url = reverse("budgets:key_publish", kwargs={"pk": key.pk})
    client = client_for("ministerium")
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, veröffentlichen" in confirm.content.decode()
    key.refresh_from_db()
    assert key.published_at is None  # the GET only asks
    response = client.post(url)
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.published_at is not None
    assert AuditEntry.objects.filter(action="distribution_key.publish").count() == 1
    again = client.post(url)
    assert again.status_code == 400
    assert "schon veröffentlicht" in again.content.decode()


def test_announce_creates_a_version_per_region(demo, client_for):
    key = _demo_key()
    before = AllocationVersion.objects.count()
    response = client_for("ministerium").post(
        reverse("budgets:key_announce", kwargs={"pk": key.pk}), follow=True
    )
    assert response.status_code == 200
    results = key.results.count()
    assert AllocationVersion.objects.count() == before + results
    assert f"{results} Mittelzuweisungen wurden mitgeteilt." in response.content.decode()


@pytest.mark.parametrize("name", ["budgets:key_publish", "budgets:key_announce"])
@pytest.mark.parametrize("username", ["wiesbaden", "rp-kassel"])
def test_publish_and_announce_are_ministry_only(demo, client_for, name, username):
    key = _demo_key()
    before = AllocationVersion.objects.count()
    url = reverse(name, kwargs={"pk": key.pk})
    assert client_for(username).get(url).status_code == 403
    assert client_for(username).post(url).status_code == 403
    key.refresh_from_db()
    assert key.published_at is None
    assert AllocationVersion.objects.count() == before


def test_key_page_shows_inputs_results_and_total(demo, client_for):
    key = _demo_key()
    response = client_for("rp-kassel").get(reverse("budgets:key_detail", kwargs={"pk": key.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["result_total"] == key.total
    assert "Wiesbaden" in html
    assert "Veröffentlichen" not in html  # the grant authority only reads


def test_upload_of_a_spreadsheet_is_checked_too(demo, client_for):
    from pathlib import Path

    data = (Path(__file__).parent / "data" / "indicators_errors.xlsx").read_bytes()
    upload = SimpleUploadedFile("indikatoren.xlsx", data)
    response = client_for("ministerium").post(INDICATORS, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "ist negativ." in html
    assert "fehlt in der Datei." in html  # the other participating regions
    assert not IndicatorValue.objects.exists()
