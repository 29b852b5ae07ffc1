import datetime as dt

import pytest

from zielwerk.organisations import reference
from zielwerk.organisations.models import Organisation, Region

# The official district keys as listed in the domain notes (shared/DOMAIN.md).
EXPECTED_AGS = (
    {f"0641{i}" for i in range(1, 5)}
    | {f"064{i}" for i in range(31, 41)}
    | {f"0653{i}" for i in range(1, 6)}
    | {"06611"}
    | {f"0663{i}" for i in range(1, 7)}
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    reference.load()


def test_hessen_has_26_regions_before_and_27_from_2026(loaded):
    in_2024 = Region.objects.valid_on(dt.date(2024, 1, 1))
    in_2026 = Region.objects.valid_on(dt.date(2026, 1, 1))
    assert in_2024.count() == 26
    assert in_2024.filter(kind="landkreis").count() == 21
    assert in_2024.filter(kind="kreisfreie_stadt").count() == 5
    assert in_2026.count() == 27
    assert in_2026.filter(kind="kreisfreie_stadt").count() == 6
    assert set(in_2026.values_list("name", flat=True)) - set(
        in_2024.values_list("name", flat=True)
    ) == {"Hanau"}


def test_district_keys_match_the_official_list(loaded):
    keys = set(Region.objects.exclude(ags="").values_list("ags", flat=True))
    assert keys == EXPECTED_AGS


def test_every_region_has_an_administration(loaded):
    assert not Region.objects.filter(administration__isnull=True).exists()
    wiesbaden = Region.objects.get(slug="wiesbaden")
    assert wiesbaden.administration.name == "Landeshauptstadt Wiesbaden"


def test_ministry_names_over_time(loaded):
    ministry = Organisation.objects.get(kind="ministry")
    assert ministry.name_on(dt.date(2012, 5, 1)) == "Hessisches Sozialministerium"
    assert ministry.name_on(dt.date(2020, 6, 1)) == (
        "Hessisches Ministerium für Soziales und Integration"
    )
    assert ministry.name_on(dt.date(2024, 7, 12)) == (
        "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
    )


def test_loading_twice_creates_nothing_and_keeps_edits(loaded):
    wiesbaden = Region.objects.get(slug="wiesbaden")
    wiesbaden.note = "von der Fachadministration ergänzt"
    wiesbaden.save()
    created = reference.load()
    assert created == {"districts": 0, "regions": 0, "organisations": 0}
    assert Region.objects.get(slug="wiesbaden").note == "von der Fachadministration ergänzt"
