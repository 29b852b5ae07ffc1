"""The budget pages: overview, comparison of two keys and the revision of an allocation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.budgets.models import Allocation, AllocationVersion
from zielwerk.budgets.services import distribution_key_manual
from zielwerk.core.formats import format_euro
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("budgets:overview", kwargs={"year": 2024})


def _year() -> ProgrammeYear:
    return ProgrammeYear.objects.get(programme__code="aqb", year=2024)


def _wiesbaden_allocation() -> Allocation:
    return Allocation.objects.get(programme_year__year=2024, region__slug="wiesbaden")


def test_overview_shows_amounts_badge_and_total(demo, client_for):
    response = client_for("ministerium").get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wiesbaden" in html
    assert "2.508.300 Euro" in html
    assert "erfunden" in html
    rows = response.context["rows"]
    expected = sum(
        (a.current.amount for a in Allocation.objects.filter(programme_year__year=2024)),
        Decimal(0),
    )
    assert response.context["total"] == expected
    assert sum((row.amount for row in rows), Decimal(0)) == expected
    assert f"<strong>{format_euro(expected)}</strong>" in html
    wiesbaden = next(row for row in rows if row.allocation.region.slug == "wiesbaden")
    assert not wiesbaden.current.invented
    assert any(row.current.invented for row in rows)


@pytest.mark.parametrize(
    ("username", "status"),
    [("rp-kassel", 200), ("admin", 200), ("wiesbaden", 403), ("traeger-wiesbaden", 403)],
)
def test_overview_is_for_programme_wide_roles(demo, client_for, username, status):
    assert client_for(username).get(OVERVIEW).status_code == status


def test_overview_anonymous_is_sent_to_login(demo, client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_nav_has_haushalt_for_programme_wide_roles_only(demo, client_for):
    assert "Haushalt" in client_for("ministerium").get("/").content.decode()
    assert ">Haushalt<" not in client_for("wiesbaden").get("/").content.decode()


def test_comparison_computes_difference_per_region(demo, client_for, users):
    year = _year()
    wiesbaden = Region.objects.get(slug="wiesbaden")
    frankfurt = Region.objects.get(slug="frankfurt")
    key_a = distribution_key_manual(
        actor=users["ministerium"],
        programme_year=year,
        name="Szenario A",
        amounts={wiesbaden: Decimal("1000.00"), frankfurt: Decimal("2000.50")},
        reason="Test",
    )
    key_b = distribution_key_manual(
        actor=users["ministerium"],
        programme_year=year,
        name="Szenario B",
        amounts={wiesbaden: Decimal("1500.00"), frankfurt: Decimal("1800.25")},
        reason="Test",
    )
    url = reverse("budgets:key_comparison", kwargs={"year": 2024})
    response = client_for("ministerium").get(url, {"a": key_a.pk, "b": key_b.pk})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    differences = {row.region.slug: row.difference for row in comparison.rows}
    assert differences == {"wiesbaden": Decimal("500.00"), "frankfurt": Decimal("-200.25")}
    assert comparison.total_difference == Decimal("299.75")
    html = response.content.decode()
    assert "+500 Euro" in html
    assert "−200,25 Euro" in html
    assert "+299,75 Euro" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "B: 1.800,25 Euro" in html


def test_comparison_with_too_few_keys_shows_hint(demo, client_for):
    url = reverse("budgets:key_comparison", kwargs={"year": 2024})
    response = client_for("ministerium").get(url)
    assert response.status_code == 200
    assert "mindestens zwei Verteilungsschlüssel" in response.content.decode()


def test_comparison_is_refused_for_region(demo, client_for):
    url = reverse("budgets:key_comparison", kwargs={"year": 2024})
    assert client_for("frankfurt").get(url).status_code == 403


def test_revise_creates_version_two(demo, client_for):
    allocation = _wiesbaden_allocation()
    url = reverse("budgets:allocation_revise", kwargs={"pk": allocation.pk})
    client = client_for("ministerium")
    page = client.get(url)
    assert page.status_code == 200
    assert "Fassungen" in page.content.decode()
    response = client.post(
        url,
        {"amount": "2.400.000,50", "effective_on": "2024-07-01", "reason": "Kürzung"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Fassung 2" in response.content.decode()
    current = allocation.current
    assert current is not None
    assert current.number == 2
    assert current.amount == Decimal("2400000.50")
    assert current.reason == "Kürzung"
    assert "2.400.000,50 Euro" in response.content.decode()


def test_revise_is_refused_for_region(demo, client_for):
    allocation = _wiesbaden_allocation()
    url = reverse("budgets:allocation_revise", kwargs={"pk": allocation.pk})
    client = client_for("wiesbaden")
    assert client.get(url).status_code == 403
    data = {"amount": "1,00", "effective_on": "2024-07-01", "reason": "x"}
    assert client.post(url, data).status_code == 403
    assert allocation.versions.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"amount": "2.50", "effective_on": "2024-07-01", "reason": "Kürzung"},
            "Bitte eine Zahl im deutschen Format angeben",
        ),
        (
            {"amount": "1.000,00", "effective_on": "2024-07-01", "reason": "  "},
            "Bitte begründen Sie die Änderung.",
        ),
        (
            {"amount": "1.000,00", "effective_on": "31.13.2024", "reason": "Kürzung"},
            "Bitte ein gültiges Datum angeben",
        ),
    ],
)
def test_revise_invalid_input_shows_german_error_and_changes_nothing(
    demo, client_for, data, message
):
    allocation = _wiesbaden_allocation()
    before = AllocationVersion.objects.count()
    url = reverse("budgets:allocation_revise", kwargs={"pk": allocation.pk})
    response = client_for("ministerium").post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AllocationVersion.objects.count() == before
    assert allocation.current.amount == Decimal("2508300.00")
