import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from zielwerk.organisations.models import AdministrativeDistrict


@pytest.mark.django_db
def test_bounds_are_inclusive():
    district = AdministrativeDistrict.objects.create(
        key="099", name="Test", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 31)
    )
    valid = AdministrativeDistrict.objects.valid_on
    assert list(valid(dt.date(2026, 1, 1))) == [district]
    assert list(valid(dt.date(2026, 12, 31))) == [district]
    assert not valid(dt.date(2025, 12, 31)).exists()
    assert not valid(dt.date(2027, 1, 1)).exists()


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


class ValidityAgreesWithDatabase(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(st.one_of(st.none(), dates), st.one_of(st.none(), dates), dates)
    def test_python_and_sql_agree(self, start, end, day):
        if start and end and end < start:
            start, end = end, start
        district = AdministrativeDistrict.objects.create(
            key="098", name="Test", valid_from=start, valid_to=end
        )
        in_sql = AdministrativeDistrict.objects.valid_on(day).filter(pk=district.pk).exists()
        assert district.is_valid_on(day) == in_sql
        district.delete()
