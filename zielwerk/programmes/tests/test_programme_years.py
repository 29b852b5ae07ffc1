import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.programmes.models import MeasureType, Participation, Programme, ProgrammeYear
from zielwerk.programmes.selectors import regions_receiving
from zielwerk.programmes.services import programme_year_create

pytestmark = pytest.mark.django_db


def test_which_regions_receive_the_aqb_is_answered_from_data(demo):
    in_2024 = set(regions_receiving(programme_code="aqb", year=2024).values_list("slug", flat=True))
    in_2026 = set(regions_receiving(programme_code="aqb", year=2026).values_list("slug", flat=True))
    assert len(in_2024) == 26
    assert len(in_2026) == 27
    assert in_2026 - in_2024 == {"hanau"}
    assert "wiesbaden" in in_2024


def test_ministry_opens_a_year_with_deadlines_and_audit(users):
    programme = Programme.objects.get(code="aqb")
    year = programme_year_create(actor=users["ministerium"], programme=programme, year=2027)
    assert str(year.application_deadline) == "2027-03-31"
    assert str(year.earliest_start) == "2027-01-01"
    assert year.participations.count() == 27
    entry = AuditEntry.objects.get(action="programme_year.create", object_id=str(year.pk))
    assert entry.actor == users["ministerium"]
    assert len(entry.changes["regions"][1]) == 27


def test_region_may_not_open_a_year_and_nothing_is_created(users):
    programme = Programme.objects.get(code="aqb")
    with pytest.raises(PermissionDenied):
        programme_year_create(actor=users["wiesbaden"], programme=programme, year=2027)
    assert not ProgrammeYear.objects.filter(year=2027).exists()


def test_a_year_exists_only_once(users):
    programme = Programme.objects.get(code="aqb")
    before = Participation.objects.count()
    with pytest.raises(ValidationError, match="2024"):
        programme_year_create(actor=users["ministerium"], programme=programme, year=2024)
    assert Participation.objects.count() == before


def test_four_measure_types_with_official_wording(demo):
    types = MeasureType.objects.filter(programme__code="aqb").for_year(2024)
    assert [t.number for t in types] == [1, 2, 3, 4]
    assert types.get(number=3).official_wording == (
        "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"
    )
