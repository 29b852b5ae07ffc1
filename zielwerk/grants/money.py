"""The arithmetic of the grant procedure, as pure functions on Decimal (no database).

* Flat rate: a percentage of the staff costs, rounded half up to the cent.
* Eligible grant after the proof of use (Fehlbedarfsfinanzierung): per project, the recognised
  costs minus the income from other sources, at least 0 and at most the approved amount.
* Reclaim: what was paid out above the eligible grant.
* Interest: per day, actual days / 365 ("act/365"), from each payout to the repayment. The amount
  reclaimed is attributed to the latest payouts first (the money paid last was needed least), so
  interest runs from the day the overpaid money left the authority.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DAYS_PER_YEAR = Decimal(365)


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent (kaufmännisch)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def flat_rate(staff_costs: Decimal, percent: Decimal) -> Decimal:
    return cents(staff_costs * percent / 100)


def plan_difference(costs: Iterable[Decimal], funding: Iterable[Decimal]) -> Decimal:
    """Costs minus funding: 0.00 when the financing plan balances the cost plan."""
    return sum(costs, ZERO) - sum(funding, ZERO)


def eligible_grant(approved: Decimal, recognised_costs: Decimal, other_income: Decimal) -> Decimal:
    """The grant one project may keep: its shortfall, at most the approved amount."""
    shortfall = recognised_costs - other_income
    return min(approved, max(ZERO, shortfall))


def reclaim_principal(paid: Decimal, eligible: Decimal) -> Decimal:
    return max(ZERO, paid - eligible)


@dataclass(frozen=True)
class InterestLine:
    paid_on: dt.date
    amount: Decimal  # part of the reclaim attributed to this payout
    days: int
    interest: Decimal

    def as_json(self) -> dict[str, str | int]:
        return {
            "paid_on": self.paid_on.isoformat(),
            "amount": str(self.amount),
            "days": self.days,
            "interest": str(self.interest),
        }


def interest_lines(
    principal: Decimal,
    payouts: Sequence[tuple[dt.date, Decimal]],
    until: dt.date,
    percent: Decimal,
) -> list[InterestLine]:
    """Interest per payout for `principal`, attributed to the latest payouts first. Each line's
    interest = amount × percent / 100 × days / 365, rounded to the cent; the day of the payout
    does not count, the day of repayment does."""
    remaining = principal
    lines: list[InterestLine] = []
    for paid_on, amount in sorted(payouts, key=lambda payout: payout[0], reverse=True):
        if remaining <= 0:
            break
        part = min(amount, remaining)
        remaining -= part
        days = max(0, (until - paid_on).days)
        lines.append(
            InterestLine(
                paid_on=paid_on,
                amount=part,
                days=days,
                interest=cents(part * percent / 100 * days / DAYS_PER_YEAR),
            )
        )
    if remaining > 0:
        raise ValueError("Der Erstattungsbetrag übersteigt die Auszahlungen.")
    return sorted(lines, key=lambda line: line.paid_on)
