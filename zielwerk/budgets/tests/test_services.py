import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.budgets.models import Allocation, DistributionKey
from zielwerk.budgets.services import (
    allocation_revise,
    distribution_key_compute,
    distribution_key_manual,
    indicator_values_store,
)
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(demo):
    return ProgrammeYear.objects.get(programme__code="aqb", year=2025)


def test_demo_has_the_two_public_2024_amounts(demo):
    wiesbaden = Allocation.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    wetterau = Allocation.objects.get(region__slug="wetteraukreis", programme_year__year=2024)
    assert wiesbaden.current.amount == Decimal("2508300.00")
    assert wetterau.current.amount == Decimal("1140300.00")
    assert not wiesbaden.current.invented
    assert Allocation.objects.filter(programme_year__year=2024).count() == 26
    invented = Allocation.objects.filter(programme_year__year=2024, versions__invented=True).count()
    assert invented == 24


def test_computed_key_stores_inputs_and_sums_exactly(users, year_2025):
    regions = [p.region for p in year_2025.participations.select_related("region")]
    table = {r.ags: {"sgb2": Decimal(1000 + i * 10)} for i, r in enumerate(regions)}
    indicator_values_store(actor=users["ministerium"], programme_year=year_2025, table=table)
    key = distribution_key_compute(
        actor=users["ministerium"],
        programme_year=year_2025,
        name="Test",
        total=Decimal("27700000.00"),
        weights={"sgb2": Decimal(1)},
        minimum=Decimal(400000),
    )
    amounts = [r.amount for r in key.results.all()]
    assert sum(amounts) == Decimal("27700000.00")
    assert min(amounts) >= Decimal(400000)
    assert all(amount % 100 == 0 for amount in amounts)
    assert key.weights.get().weight == 1
    assert AuditEntry.objects.filter(action="distribution_key.compute").exists()


def test_manual_amounts_may_not_exceed_the_budget(users, year_2025):
    year_2025.budget_total = Decimal(1000)
    year_2025.save()
    wiesbaden = Region.objects.get(slug="wiesbaden")
    with pytest.raises(ValidationError, match="übersteigt"):
        distribution_key_manual(
            actor=users["ministerium"],
            programme_year=year_2025,
            name="Zu viel",
            amounts={wiesbaden: Decimal("1000.01")},
            reason="Test",
        )
    assert not DistributionKey.objects.filter(name="Zu viel").exists()


def test_region_may_not_set_amounts(users, year_2025):
    with pytest.raises(PermissionDenied):
        distribution_key_manual(
            actor=users["wiesbaden"],
            programme_year=year_2025,
            name="Eigenmächtig",
            amounts={Region.objects.get(slug="wiesbaden"): Decimal(1)},
            reason="Test",
        )


def test_revision_is_a_new_version_with_reason(users, demo):
    allocation = Allocation.objects.get(region__slug="wetteraukreis", programme_year__year=2024)
    version = allocation_revise(
        actor=users["ministerium"],
        allocation=allocation,
        amount=Decimal("1100000.00"),
        effective_on=dt.date(2024, 9, 1),
        reason="Haushaltssperre",
    )
    assert version.number == 2
    assert version.status == "revised"
    assert allocation.current.amount == Decimal("1100000.00")
    assert allocation.versions.get(number=1).amount == Decimal("1140300.00")
