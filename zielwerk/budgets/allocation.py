"""Distributing a total by a key, exact to the cent: the largest-remainder method.

Pure functions without the database, so that the rules can be checked exhaustively:

1. Every region first receives the minimum (if any).
2. The rest is shared by score in whole rounding units (default 100 €): each region gets the whole
   units of its exact quota, and the units still open go to the largest remainders (ties: the key
   order of the regions, e.g. the AGS key).
3. Cents that do not fill a unit (only when the total itself is no multiple of the unit) go to the
   region with the largest score, so that the sum always equals the total.

A region's score under a key is the weighted sum of its shares of each indicator:
score_r = Σ_i w_i · value_ri / Σ_r value_ri.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")


class AllocationError(ValueError):
    """German message for the person who set up the key."""


def _cents(amount: Decimal) -> int:
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise AllocationError(f"{amount} ist kein Betrag in ganzen Cent.")
    return int(cents)


def scores(
    values: Mapping[str, Mapping[str, Decimal]], weights: Mapping[str, Decimal]
) -> dict[str, Fraction]:
    """values[region][indicator] -> exact score per region (weights need not sum to 1)."""
    if not weights or all(w == 0 for w in weights.values()):
        raise AllocationError("Mindestens ein Indikator braucht ein Gewicht größer als 0.")
    if any(w < 0 for w in weights.values()):
        raise AllocationError("Gewichte dürfen nicht negativ sein.")
    result = {region: Fraction(0) for region in values}
    for indicator, weight in weights.items():
        if weight == 0:
            continue
        column = {}
        for region, row in values.items():
            if indicator not in row:
                raise AllocationError(f"Für {region} fehlt der Indikator „{indicator}“.")
            if row[indicator] < 0:
                raise AllocationError(f"{region}: „{indicator}“ ist negativ ({row[indicator]}).")
            column[region] = Fraction(row[indicator])
        column_total = sum(column.values())
        if column_total == 0:
            raise AllocationError(f"Der Indikator „{indicator}“ ist überall 0.")
        for region, value in column.items():
            result[region] += Fraction(weight) * value / column_total
    return result


def distribute(
    total: Decimal,
    region_scores: Mapping[str, Fraction | Decimal | int],
    *,
    minimum: Decimal = Decimal(0),
    unit: Decimal = Decimal(100),
) -> dict[str, Decimal]:
    """Amounts per region that sum exactly to `total` (see the module docstring)."""
    if not region_scores:
        raise AllocationError("Es gibt keine Gebietskörperschaft, auf die verteilt werden kann.")
    total_c, minimum_c, unit_c = _cents(total), _cents(minimum), _cents(unit)
    if total_c < 0 or minimum_c < 0:
        raise AllocationError("Gesamtbetrag und Mindestbetrag dürfen nicht negativ sein.")
    if unit_c <= 0:
        raise AllocationError("Die Rundungseinheit muss größer als 0 sein.")
    if minimum_c % unit_c:
        raise AllocationError("Der Mindestbetrag muss ein Vielfaches der Rundungseinheit sein.")
    regions = sorted(region_scores)
    score = {region: Fraction(region_scores[region]) for region in regions}
    if any(value < 0 for value in score.values()):
        raise AllocationError("Ein Verteilungswert ist negativ.")
    score_sum = sum(score.values())
    rest_c = total_c - minimum_c * len(regions)
    if rest_c < 0:
        raise AllocationError(
            f"Der Mindestbetrag für {len(regions)} Gebietskörperschaften "
            "übersteigt den Gesamtbetrag."
        )
    if score_sum == 0:
        if rest_c:
            raise AllocationError(
                "Alle Verteilungswerte sind 0; der Rest kann nicht verteilt werden."
            )
        return {region: Decimal(minimum_c) / 100 for region in regions}

    units, loose_cents = divmod(rest_c, unit_c)
    quota = {region: units * score[region] / score_sum for region in regions}
    whole = {region: quota[region].numerator // quota[region].denominator for region in regions}
    open_units = units - sum(whole.values())
    # Largest remainders first; on equal remainders the key order decides (stable sort).
    by_remainder = sorted(regions, key=lambda region: quota[region] - whole[region], reverse=True)
    for region in by_remainder[:open_units]:
        whole[region] += 1
    cents = {region: minimum_c + whole[region] * unit_c for region in regions}
    if loose_cents:
        # By score, not quota: with no whole unit to share all quotas are 0.
        largest = max(regions, key=lambda region: (score[region], -regions.index(region)))
        cents[largest] += loose_cents
    return {region: (Decimal(value) / 100).quantize(CENT) for region, value in cents.items()}
