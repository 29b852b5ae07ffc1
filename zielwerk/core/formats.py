"""German formats for money, numbers and dates: the one place that decides how they look.

Templates use the filters in `zielwerk.core.templatetags.zw`, documents call these functions.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """An exact amount in euros with two places. Floats are refused: they are not exact."""
    if isinstance(value, float):
        raise TypeError("Geldbeträge dürfen nicht als float übergeben werden.")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _group(digits: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def format_number(value: Decimal | int, places: int = 0) -> str:
    """1234567 -> '1.234.567'; with places=2 -> '1.234.567,00'."""
    if type(value) is int and not places:
        # Counts (tables of thousands of cells) need no decimal arithmetic.
        return f"{value:,}".replace(",", ".")
    quant = Decimal(1).scaleb(-places) if places else Decimal(1)
    number = Decimal(value).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    result = sign + _group(whole)
    if places:
        result += "," + fraction.ljust(places, "0")
    return result


def format_euro(value: Decimal | int | None, *, cents: str = "auto", unit: str = "Euro") -> str:
    """Money as the agreements write it: '2.508.300 Euro'; cents shown when there are any.

    cents: 'auto' (only when not whole), 'always' or 'never'.
    """
    if value is None:
        return "–"
    amount = to_money(value)
    show_cents = cents == "always" or (cents == "auto" and amount != amount.to_integral_value())
    return f"{format_number(amount, 2 if show_cents else 0)} {unit}"


def format_date(value: dt.date | dt.datetime | None, *, padded: bool = True) -> str:
    """'31.03.2025' (padded, the default) or '12.7.2024' as in signed documents."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if padded:
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return f"{value.day}.{value.month}.{value.year}"


def format_datetime(value: dt.datetime | None) -> str:
    """'24.11.2026, 14:05 Uhr' in Europe/Berlin."""
    if value is None:
        return "–"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)}, {local:%H:%M} Uhr"


def parse_german_date(text: str) -> dt.date:
    """'31.03.2025' or '1.1.2026' -> date; ISO '2025-03-31' is accepted too."""
    cleaned = text.strip()
    try:
        if "." in cleaned:
            day, month, year = (int(part) for part in cleaned.split("."))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(cleaned)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"„{text}“ ist kein gültiges Datum (erwartet TT.MM.JJJJ).") from exc


def parse_german_decimal(text: str, places: int = 2) -> Decimal:
    """'2.508.300,00', '2.508.300', '2508300' or '1.234,5' (optionally with 'Euro'/'€') -> Decimal.

    A dot is a thousands separator, a comma the decimal mark. A dot that does not group thousands
    ('2.50') is refused rather than guessed at, and so are more decimal places than `places`.
    """
    cleaned = text.strip().removesuffix("Euro").removesuffix("€").strip().replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "")
    sign = ""
    if cleaned.startswith("-"):
        sign, cleaned = "-", cleaned[1:]
    whole, comma, fraction = cleaned.partition(",")
    whole_ok = re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", whole) is not None
    fraction_ok = not comma or (places > 0 and re.fullmatch(rf"\d{{1,{places}}}", fraction))
    if not (whole_ok and fraction_ok):
        raise ValueError(f"„{text}“ ist keine Zahl im deutschen Format (z. B. 2.508.300,00).")
    return Decimal(f"{sign}{whole.replace('.', '')}.{fraction or '0'}")


def format_days_left(deadline: dt.date, today: dt.date) -> str:
    """How a deadline stands, in words: "noch 5 Tage", "Frist endet heute" or
    "Frist seit 3 Tagen überschritten (31.03.2024)"."""
    days = (deadline - today).days
    if days > 0:
        return ngettext("noch %(days)s Tag", "noch %(days)s Tage", days) % {"days": days}
    if days == 0:
        return _("Frist endet heute")
    return ngettext(
        "Frist seit %(days)s Tag überschritten (%(date)s)",
        "Frist seit %(days)s Tagen überschritten (%(date)s)",
        -days,
    ) % {"days": -days, "date": format_date(deadline)}
