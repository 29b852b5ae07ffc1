"""Allocation versions and their consequences: the agreement's § 4 follows, reallocation keeps
the statewide sum, finalising blocks later changes, the letter PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from zielwerk.agreements.choices import AgreementStatus, VersionKind
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.services import agreement_create, agreement_transition
from zielwerk.budgets.choices import AllocationStatus
from zielwerk.budgets.letters import render_letter_pdf
from zielwerk.budgets.models import Allocation
from zielwerk.budgets.selectors import current_allocation_amount
from zielwerk.budgets.services import (
    allocation_finalize,
    allocation_reallocate,
    allocation_revise,
)
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db

JULY = dt.date(2024, 7, 1)


def allocation(slug: str) -> Allocation:
    return Allocation.objects.get(region__slug=slug, programme_year__year=2024)


def agreement(slug: str) -> Agreement:
    return Agreement.objects.get(region__slug=slug, programme_year__year=2024)


def statewide_sum() -> Decimal:
    return sum(
        (a.current.amount for a in Allocation.objects.filter(programme_year__year=2024)),
        Decimal(0),
    )


def test_revising_frankfurt_gives_its_draft_agreement_a_new_version(users):
    before = agreement("frankfurt").current
    assert before.status == AgreementStatus.DRAFT
    version = allocation_revise(
        actor=users["ministerium"],
        allocation=allocation("frankfurt"),
        amount=Decimal("3000000.00"),
        effective_on=JULY,
        reason="Kürzung wegen Haushaltssperre",
    )
    after = agreement("frankfurt").current
    assert after.number == before.number + 1
    assert after.status == AgreementStatus.DRAFT
    assert after.kind == VersionKind.ORIGINAL
    assert after.amount == Decimal("3000000.00")
    assert after.change_note == f"Betrag nach Mittelzuweisung Fassung {version.number}"
    # projects and key figures are carried over unchanged
    assert [vp.project_id for vp in after.version_projects.order_by("position")] == [
        vp.project_id for vp in before.version_projects.order_by("position")
    ]
    assert AuditEntry.objects.filter(action="agreement.version.save").exists()
    assert AuditEntry.objects.filter(action="allocation.revise", reason__contains="Haushalt")


def test_revising_an_agreed_agreement_reopens_the_negotiation(users):
    ministry = users["ministerium"]
    frankfurt = agreement("frankfurt")
    agreement_transition(actor=ministry, version=frankfurt.current, name="start_negotiation")
    agreement_transition(actor=ministry, version=frankfurt.current, name="agree")
    allocation_revise(
        actor=ministry,
        allocation=allocation("frankfurt"),
        amount=Decimal("3200000.00"),
        effective_on=JULY,
        reason="Erhöhung",
    )
    current = agreement("frankfurt").current
    assert current.status == AgreementStatus.NEGOTIATION
    assert current.amount == Decimal("3200000.00")
    assert AuditEntry.objects.filter(action="agreement.reopen").exists()


def test_revising_wiesbaden_starts_an_amendment_of_the_published_agreement(users):
    wiesbaden = agreement("wiesbaden")
    published = wiesbaden.published_version
    assert published is not None and published.status == AgreementStatus.PUBLISHED
    allocation_revise(
        actor=users["ministerium"],
        allocation=allocation("wiesbaden"),
        amount=Decimal("2400000.00"),
        effective_on=JULY,
        reason="Rückgabe nicht benötigter Mittel",
    )
    current = agreement("wiesbaden").current
    assert current.kind == VersionKind.AMENDMENT
    assert current.status == AgreementStatus.DRAFT
    assert current.amends_id == published.pk
    assert current.amount == Decimal("2400000.00")
    published.refresh_from_db()
    assert published.amount == Decimal("2508300.00")
    assert published.status == AgreementStatus.PUBLISHED
    amendment_start = wiesbaden.versions.get(number=published.number + 1)
    assert "Mittelzuweisung" in amendment_start.change_note


def test_unchanged_amount_leaves_the_agreement_alone(users):
    before = agreement("wiesbaden").current.number
    allocation_revise(
        actor=users["ministerium"],
        allocation=allocation("wiesbaden"),
        amount=Decimal("2508300.00"),
        effective_on=JULY,
        reason="Bestätigung",
    )
    assert agreement("wiesbaden").current.number == before


def test_new_agreement_takes_the_current_allocation_amount(users):
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    region = Region.objects.get(slug="wetteraukreis")
    assert current_allocation_amount(region, year) == Decimal("1140300.00")
    created = agreement_create(actor=users["ministerium"], programme_year=year, region=region)
    assert created.current.amount == Decimal("1140300.00")


def test_reallocation_keeps_the_statewide_sum(users):
    total = statewide_sum()
    wiesbaden, frankfurt, wetterau = (
        allocation("wiesbaden"),
        allocation("frankfurt"),
        allocation("wetteraukreis"),
    )
    frankfurt_before = frankfurt.current.amount
    versions = allocation_reallocate(
        actor=users["ministerium"],
        source=wiesbaden,
        amount=Decimal("100000.00"),
        targets={frankfurt: Decimal("60000.00"), wetterau: Decimal("40000.00")},
        reason="Nicht benötigte Mittel",
        effective_on=JULY,
    )
    assert len(versions) == 3
    assert all(v.status == AllocationStatus.REVISED for v in versions)
    assert statewide_sum() == total
    assert allocation("wiesbaden").current.amount == Decimal("2408300.00")
    assert allocation("frankfurt").current.amount == frankfurt_before + Decimal("60000.00")
    assert "Nicht benötigte Mittel" in allocation("wetteraukreis").current.reason
    assert AuditEntry.objects.filter(action="allocation.reallocate").count() == 3
    # the agreements follow: Frankfurt's draft and an amendment for Wiesbaden
    assert agreement("frankfurt").current.amount == allocation("frankfurt").current.amount
    assert agreement("wiesbaden").current.amount == Decimal("2408300.00")


def test_reallocation_refuses_unequal_targets_and_too_much(users):
    total = statewide_sum()
    wiesbaden, frankfurt = allocation("wiesbaden"), allocation("frankfurt")
    with pytest.raises(ValidationError, match="genau dem zurückgegebenen Betrag"):
        allocation_reallocate(
            actor=users["ministerium"],
            source=wiesbaden,
            amount=Decimal("100000.00"),
            targets={frankfurt: Decimal("90000.00")},
            reason="Test",
            effective_on=JULY,
        )
    with pytest.raises(ValidationError, match="höchstens den aktuellen Betrag"):
        allocation_reallocate(
            actor=users["ministerium"],
            source=wiesbaden,
            amount=Decimal("9000000.00"),
            targets={frankfurt: Decimal("9000000.00")},
            reason="Test",
            effective_on=JULY,
        )
    with pytest.raises(PermissionDenied):
        allocation_reallocate(
            actor=users["rp-kassel"],
            source=wiesbaden,
            amount=Decimal("1.00"),
            targets={frankfurt: Decimal("1.00")},
            reason="Test",
            effective_on=JULY,
        )
    assert statewide_sum() == total
    assert allocation("wiesbaden").versions.count() == 1


def test_finalize_blocks_later_revisions(users):
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    total = statewide_sum()
    created = allocation_finalize(actor=users["ministerium"], programme_year=year)
    assert len(created) == 26
    assert all(v.status == AllocationStatus.FINAL for v in created)
    assert statewide_sum() == total
    with pytest.raises(ValidationError, match="bereits endgültig"):
        allocation_finalize(actor=users["ministerium"], programme_year=year)
    with pytest.raises(ValidationError, match="endgültig"):
        allocation_revise(
            actor=users["ministerium"],
            allocation=allocation("frankfurt"),
            amount=Decimal(1),
            effective_on=JULY,
            reason="zu spät",
        )
    with pytest.raises(ValidationError, match="endgültig"):
        allocation_reallocate(
            actor=users["ministerium"],
            source=allocation("wiesbaden"),
            amount=Decimal(1),
            targets={allocation("frankfurt"): Decimal(1)},
            reason="zu spät",
            effective_on=JULY,
        )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_letter_shows_old_and_new_amount_and_the_region(users):
    version = allocation_revise(
        actor=users["ministerium"],
        allocation=allocation("wiesbaden"),
        amount=Decimal("2400000.00"),
        effective_on=JULY,
        reason="Rückgabe nicht benötigter Mittel",
    )
    data = render_letter_pdf(version)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "2.508.300,00 Euro" in text
    assert "2.400.000,00 Euro" in text
    assert "108.300,00 Euro" in text
    assert "Wiesbaden" in text
    assert "Änderung der Mittelzuweisung" in text
    assert "01.07.2024" in text
    assert "Rückgabe nicht benötigter Mittel" in text


def test_letter_view_and_detail_page(users, client_for):
    version = allocation_revise(
        actor=users["ministerium"],
        allocation=allocation("wiesbaden"),
        amount=Decimal("2400000.00"),
        effective_on=JULY,
        reason="Kürzung",
    )
    pk = version.allocation_id
    letter_url = reverse("budgets:allocation_letter", kwargs={"pk": pk, "number": 2})
    detail_url = reverse("budgets:allocation_detail", kwargs={"pk": pk})
    page = client_for("wiesbaden").get(detail_url)
    assert page.status_code == 200
    assert letter_url in page.content.decode()
    assert reverse("budgets:allocation_revise", kwargs={"pk": pk}) not in page.content.decode()
    assert reverse("budgets:allocation_revise", kwargs={"pk": pk}) in (
        client_for("ministerium").get(detail_url).content.decode()
    )
    response = client_for("wiesbaden").get(letter_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "2.400.000,00 Euro" in _pdf_text(response.content)
    assert client_for("frankfurt").get(letter_url).status_code == 404
    assert client_for("traeger-wiesbaden").get(detail_url).status_code == 404
    assert client_for("rp-kassel").get(letter_url).status_code == 200
    announced = reverse("budgets:allocation_letter", kwargs={"pk": pk, "number": 1})
    assert client_for("ministerium").get(announced).status_code == 404


def test_reallocation_form(users, client_for):
    url = reverse("budgets:allocation_reallocate", kwargs={"year": 2024})
    total = statewide_sum()
    wiesbaden, frankfurt = allocation("wiesbaden"), allocation("frankfurt")
    data = {
        "source": wiesbaden.pk,
        "amount": "50.000,00",
        "effective_on": "2024-07-01",
        "reason": "Rückgabe",
        f"target_{frankfurt.pk}": "40.000,00",
    }
    refused = client_for("ministerium").post(url, data)
    assert refused.status_code == 200
    assert "genau dem zurückgegebenen Betrag" in refused.content.decode()
    data[f"target_{frankfurt.pk}"] = "50.000,00"
    done = client_for("ministerium").post(url, data)
    assert done.status_code == 302
    assert statewide_sum() == total
    assert allocation("frankfurt").current.reason.startswith("Umverteilung")
    assert client_for("rp-kassel").get(url).status_code == 403


def test_finalize_page(client_for):
    url = reverse("budgets:allocation_finalize", kwargs={"year": 2024})
    assert "Endgültig abschließen" in client_for("ministerium").get(url).content.decode()
    assert client_for("ministerium").post(url).status_code == 302
    again = client_for("ministerium").post(url)
    assert again.status_code == 200
    assert "bereits endgültig" in again.content.decode()
    assert client_for("wiesbaden").post(url).status_code == 403
