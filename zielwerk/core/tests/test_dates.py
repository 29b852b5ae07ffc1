import datetime as dt

import pytest

from zielwerk.core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year: the month's last day
        (dt.date(2023, 9, 30), 5, dt.date(2024, 2, 29)),
        (dt.date(2024, 9, 30), 5, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 5, dt.date(2024, 8, 31)),
        (dt.date(2024, 3, 15), 2, dt.date(2024, 5, 15)),
        (dt.date(2024, 11, 30), 2, dt.date(2025, 1, 30)),  # across the year
        (dt.date(2024, 12, 31), 2, dt.date(2025, 2, 28)),
        (dt.date(2024, 8, 15), 60, dt.date(2029, 8, 15)),  # five years of retention
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
