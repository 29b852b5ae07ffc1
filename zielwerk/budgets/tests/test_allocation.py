from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zielwerk.budgets.allocation import AllocationError, distribute, scores

regions = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30)
units = st.sampled_from([Decimal(1), Decimal(10), Decimal(100), Decimal(1000), Decimal("0.01")])


@st.composite
def setups(draw):
    values = draw(regions)
    unit = draw(units)
    minimum_units = draw(st.integers(min_value=0, max_value=50))
    minimum = unit * minimum_units
    cents = draw(st.integers(min_value=0, max_value=10**11))
    total = Decimal(cents) / 100 + minimum * len(values)
    return values, total, minimum, unit


def key(values):
    return {f"06{index:03d}": value for index, value in enumerate(values)}


@given(setups())
def test_sum_is_exact_and_nothing_is_negative(setup):
    values, total, minimum, unit = setup
    assume(sum(values) > 0)
    amounts = distribute(total, key(values), minimum=minimum, unit=unit)
    assert sum(amounts.values()) == total
    assert all(amount >= minimum >= 0 for amount in amounts.values())


@given(setups())
def test_amounts_are_multiples_of_the_unit_when_the_total_is(setup):
    values, total, minimum, unit = setup
    assume(sum(values) > 0)
    total = total - (total % unit)
    amounts = distribute(total, key(values), minimum=minimum, unit=unit)
    assert all(amount % unit == 0 for amount in amounts.values())


@given(setups())
def test_otherwise_only_one_region_carries_the_odd_cents(setup):
    values, total, minimum, unit = setup
    assume(sum(values) > 0)
    amounts = distribute(total, key(values), minimum=minimum, unit=unit)
    assert sum(1 for amount in amounts.values() if amount % unit) <= 1


@given(setups())
def test_a_larger_indicator_never_gets_less(setup):
    values, total, minimum, unit = setup
    assume(sum(values) > 0)
    region_key = key(values)
    amounts = distribute(
        total,
        scores({r: {"x": Decimal(v)} for r, v in region_key.items()}, {"x": Decimal(1)}),
        minimum=minimum,
        unit=unit,
    )
    for a in region_key:
        for b in region_key:
            if region_key[a] > region_key[b]:
                assert amounts[a] >= amounts[b]


def test_known_example_with_largest_remainders():
    # 1,000 € in 100-€ units by 1:1:1 -> 3.33 units each; the open unit goes to the first key.
    amounts = distribute(Decimal(1000), {"a": 1, "b": 1, "c": 1})
    assert amounts == {"a": Decimal("400.00"), "b": Decimal("300.00"), "c": Decimal("300.00")}


def test_weights_combine_indicator_shares():
    result = scores(
        {"a": {"x": Decimal(1), "y": Decimal(3)}, "b": {"x": Decimal(1), "y": Decimal(1)}},
        {"x": Decimal(1), "y": Decimal(1)},
    )
    assert result == {"a": Fraction(1, 2) + Fraction(3, 4), "b": Fraction(1, 2) + Fraction(1, 4)}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: distribute(Decimal(100), {"a": 1, "b": 1}, minimum=Decimal(100)), "übersteigt"),
        (lambda: distribute(Decimal(100), {"a": 1}, minimum=Decimal(50)), "Vielfaches"),
        (lambda: distribute(Decimal("100.001"), {"a": 1}), "ganzen Cent"),
        (lambda: scores({"a": {"x": Decimal(-1)}}, {"x": Decimal(1)}), "negativ"),
        (lambda: scores({"a": {}}, {"x": Decimal(1)}), "fehlt"),
    ],
)
def test_bad_input_is_refused_in_german(call, message):
    with pytest.raises(AllocationError, match=message):
        call()
