import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zielwerk.core.formats import (
    format_date,
    format_euro,
    format_number,
    parse_german_date,
    to_money,
)


def test_budget_reads_as_in_the_agreement():
    # § 4 of the 2024 Wiesbaden agreement writes "2.508.300 Euro".
    assert format_euro(Decimal("2508300")) == "2.508.300 Euro"


def test_cents_are_shown_only_when_there_are_some():
    assert format_euro(Decimal("1140300.00")) == "1.140.300 Euro"
    assert format_euro(Decimal("1234.5")) == "1.234,50 Euro"
    assert format_euro(Decimal("1000"), cents="always") == "1.000,00 Euro"
    assert format_euro(Decimal("-12.34")) == "-12,34 Euro"
    assert format_euro(None) == "–"


def test_dates_in_german_style():
    assert format_date(dt.date(2024, 7, 12), padded=False) == "12.7.2024"
    assert format_date(dt.date(2025, 3, 31)) == "31.03.2025"


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        to_money(0.1)  # type: ignore[arg-type]


def test_bad_date_names_the_value():
    with pytest.raises(ValueError, match=re.escape("„31.02.2024“")):
        parse_german_date("31.02.2024")


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2))
def test_number_format_round_trips(value):
    text = format_number(value, 2)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), st.booleans())
def test_date_format_round_trips(day, padded):
    assert parse_german_date(format_date(day, padded=padded)) == day


def test_days_left_in_words():
    import datetime as dt

    from zielwerk.core.formats import format_days_left

    deadline = dt.date(2024, 3, 31)
    assert format_days_left(deadline, dt.date(2024, 3, 26)) == "noch 5 Tage"
    assert format_days_left(deadline, dt.date(2024, 3, 30)) == "noch 1 Tag"
    assert format_days_left(deadline, deadline) == "Frist endet heute"
    assert format_days_left(deadline, dt.date(2024, 4, 1)) == (
        "Frist seit 1 Tag überschritten (31.03.2024)"
    )
    assert format_days_left(deadline, dt.date(2024, 4, 3)) == (
        "Frist seit 3 Tagen überschritten (31.03.2024)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (1234567, "1.234.567"), (-4500, "-4.500")],
)
def test_whole_numbers_with_thousands_dots(value, expected):
    assert format_number(value) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_counts_look_like_the_same_decimal(value):
    # Whole numbers take a shortcut without decimal arithmetic; it must print the same.
    assert format_number(value) == format_number(Decimal(value))
