import datetime as dt
from decimal import Decimal as D

import pytest

from zielwerk.grants import money


def test_flat_rate_rounds_half_up_to_the_cent():
    assert money.flat_rate(D("1000.05"), D("15")) == D("150.01")  # 150.0075
    assert money.flat_rate(D("0.00"), D("15")) == D("0.00")


def test_plan_difference_is_exact():
    assert money.plan_difference([D("0.10"), D("0.20")], [D("0.30")]) == D("0.00")
    assert money.plan_difference([D("100.00")], [D("99.99")]) == D("0.01")


@pytest.mark.parametrize(
    ("approved", "costs", "income", "expected"),
    [
        ("100000.00", "120000.00", "20000.00", "100000.00"),  # shortfall equals approval
        ("100000.00", "110000.00", "20000.00", "90000.00"),  # lower costs: less grant
        ("100000.00", "200000.00", "0.00", "100000.00"),  # never above the approval
        ("100000.00", "10000.00", "20000.00", "0.00"),  # never negative
    ],
)
def test_eligible_grant(approved, costs, income, expected):
    assert money.eligible_grant(D(approved), D(costs), D(income)) == D(expected)


def test_interest_is_attributed_to_the_latest_payouts_first():
    payouts = [(dt.date(2024, 3, 1), D("600000.00")), (dt.date(2024, 9, 2), D("400000.00"))]
    lines = money.interest_lines(D("450000.00"), payouts, dt.date(2025, 9, 2), D("5.00"))
    # 400,000 paid on 2 Sep 2024: 365 days; the other 50,000 paid on 1 Mar 2024: 550 days.
    assert [(line.paid_on, line.amount, line.days) for line in lines] == [
        (dt.date(2024, 3, 1), D("50000.00"), 550),
        (dt.date(2024, 9, 2), D("400000.00"), 365),
    ]
    # 50,000 × 5 % × 550 / 365 = 3,767.1232… ; 400,000 × 5 % × 365 / 365 = 20,000
    assert [line.interest for line in lines] == [D("3767.12"), D("20000.00")]


def test_interest_refuses_more_than_was_paid():
    with pytest.raises(ValueError):
        money.interest_lines(
            D("10.00"), [(dt.date(2024, 1, 1), D("5.00"))], dt.date(2024, 2, 1), D("5")
        )
