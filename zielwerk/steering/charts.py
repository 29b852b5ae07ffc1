"""Data of the inline SVG charts of the steering pages (templates steering/partials/_chart_*.html
and _tile_map.html draw them, no JavaScript): coordinates, scales, a text summary sentence and
the rows of the data table that stands beside every chart.

* line_chart: cumulative plan and actual per month of one target (figures.monthly_series).
* bar_chart: entries planned to date against actual entries per region (statewide table).
* tile_map: Hessen's regions as a grid cartogram, each tile coloured by its attainment band and
  labelled with its code and score (colour is never the only carrier), each a link.

Colours meet WCAG 2.1 AA: text 4.5:1 against its background, graphics 3:1 against white
(tested in test_charts.py with contrast_ratio).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.core.formats import format_date, format_euro, format_number

from .dashboard import BAND_LABELS, Band, RegionRow
from .figures import SeriesPoint

WHITE = "#ffffff"
TEXT = "#1a1a1a"
PLAN_COLOUR = "#0b4f8a"  # dark blue, dashed line / outlined bar
ACTUAL_COLOUR = "#a4161a"  # dark red, solid line with markers / filled bar
GRID_COLOUR = "#595959"
BAND_COLOURS = {
    # band: (fill, text colour, symbol)
    Band.HIGH: ("#1e6b35", WHITE, "✓"),
    Band.MIDDLE: ("#8a5a00", WHITE, "◐"),
    Band.LOW: ("#a4161a", WHITE, "!"),
    Band.NONE: (WHITE, TEXT, "–"),
}
MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 … 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def nice_max(value: Decimal | float) -> Decimal:
    """A round upper end of an axis at or above value: 1, 2, 2.5 or 5 × a power of ten."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    power = Decimal(1)
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, Decimal("2"), Decimal("2.5"), 5, 10):
        if power * step >= value:
            return power * step
    return power * 10  # pragma: no cover


def axis_scale(value: Decimal | float, *, whole: bool = True) -> tuple[Decimal, Decimal]:
    """(top, step) of an axis from 0 to at least value in at most five round steps of 1, 2 or 5 ×
    a power of ten, so that the tick labels read 0, 5, 10 … rather than 6,25 or 18,75. With
    whole (counts of people) the step is at least 1."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1), Decimal(1)
    rough = value / 5
    power = Decimal(1)
    while power * 10 <= rough:
        power *= 10
    while power > rough:
        power /= 10
    step = power * 10
    for factor in (1, 2, 5):
        if power * factor * 5 >= value:
            step = power * factor
            break
    if whole and step < 1:
        step = Decimal(1)
    top = (value / step).to_integral_value(rounding=ROUND_CEILING) * step
    return top, step


def _tick_label(value: Decimal, is_money: bool) -> str:
    """An axis label: whole euros without cents (the ticks are round), numbers as _fmt."""
    if is_money and value == value.to_integral_value():
        return format_euro(value, cents="never")
    return _fmt(value, is_money)


def _fmt(value: Decimal | None, is_money: bool) -> str:
    if value is None:
        return "–"
    if is_money:
        return format_euro(value, cents="always")
    if value == value.to_integral_value():
        return format_number(value, 0)
    return format_number(value, 1 if value * 10 == (value * 10).to_integral_value() else 2)


# --- line chart: plan against actual over the months of a target -----------------------------


@dataclass
class LinePoint:
    day: dt.date
    label: str
    x: float
    planned: Decimal
    actual: Decimal | None
    y_planned: float
    y_actual: float | None
    planned_text: str
    actual_text: str


@dataclass
class LineChart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: list[LinePoint]
    ticks: list[tuple[float, str]]  # (y, label)
    plan_path: str
    actual_path: str
    plan_colour: str = PLAN_COLOUR
    actual_colour: str = ACTUAL_COLOUR
    grid_colour: str = GRID_COLOUR
    unit: str = ""

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width


def line_chart(
    chart_id: str,
    title: str,
    series: Sequence[SeriesPoint],
    *,
    is_money: bool = False,
    unit: str = "",
    width: int = 640,
    height: int = 280,
) -> LineChart:
    left, top, right_pad, bottom_pad = 96, 16, 16, 40
    plot_width, plot_height = width - left - right_pad, height - top - bottom_pad
    highest = max(
        [p.planned for p in series] + [p.actual for p in series if p.actual is not None],
        default=Decimal(0),
    )
    top_value, step = axis_scale(highest, whole=not is_money)
    count = len(series)

    def x_of(index: int) -> float:
        if count <= 1:
            return left + plot_width / 2
        return round(left + plot_width * index / (count - 1), 1)

    def y_of(value: Decimal) -> float:
        return round(top + plot_height - float(value / top_value) * plot_height, 1)

    points = [
        LinePoint(
            day=p.day,
            label=f"{MONTHS[p.day.month - 1]} {p.day.year}",
            x=x_of(i),
            planned=p.planned,
            actual=p.actual,
            y_planned=y_of(p.planned),
            y_actual=None if p.actual is None else y_of(p.actual),
            planned_text=_fmt(p.planned, is_money),
            actual_text=_fmt(p.actual, is_money),
        )
        for i, p in enumerate(series)
    ]
    ticks = [
        (y_of(step * index), _tick_label(step * index, is_money))
        for index in range(int(top_value / step) + 1)
    ]
    plan_path = " ".join(f"{p.x:g},{p.y_planned:g}" for p in points)
    actual_path = " ".join(f"{p.x:g},{p.y_actual:g}" for p in points if p.y_actual is not None)
    return LineChart(
        id=chart_id,
        title=title,
        summary=line_summary(points, is_money),
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        points=points,
        ticks=ticks,
        plan_path=plan_path,
        actual_path=actual_path,
        unit=unit,
    )


def line_summary(points: Sequence[LinePoint], is_money: bool) -> str:
    known = [p for p in points if p.actual is not None]
    if not points:
        return _("Für diesen Zielwert gibt es keinen Zeitraum.")
    if not known:
        return _(
            "Bis zum Stichtag liegt noch kein Monatsende; der Plan steigt bis %(end)s auf %(plan)s."
        ) % {
            "end": format_date(points[-1].day),
            "plan": points[-1].planned_text,
        }
    last = known[-1]
    if last.actual is not None and last.actual < last.planned:
        relation = _("unter dem Plan")
    elif last.actual is not None and last.actual > last.planned:
        relation = _("über dem Plan")
    else:
        relation = _("genau im Plan")
    return _(
        "Zum %(day)s: Plan %(plan)s, Ist %(actual)s – %(relation)s. Bis zum Ende des Zeitraums "
        "(%(end)s) sind %(total)s geplant."
    ) % {
        "day": format_date(last.day),
        "plan": last.planned_text,
        "actual": last.actual_text,
        "relation": relation,
        "end": format_date(points[-1].day),
        "total": points[-1].planned_text,
    }


# --- bar chart: plan to date against actual per region ----------------------------------------


@dataclass
class Bar:
    label: str
    url: str
    y: float
    planned: Decimal
    actual: Decimal
    planned_width: float
    actual_width: float
    planned_text: str
    actual_text: str


@dataclass
class BarChart:
    id: str
    title: str
    summary: str
    width: int
    height: int
    left: int
    plot_width: int
    bar_height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, label)
    plan_colour: str = PLAN_COLOUR
    actual_colour: str = ACTUAL_COLOUR
    grid_colour: str = GRID_COLOUR
    top: int = 8

    @property
    def bottom(self) -> float:
        return self.top + len(self.bars) * self.row_height

    @property
    def row_height(self) -> int:
        return self.bar_height * 2 + 10


def bar_chart(
    chart_id: str, title: str, rows: Sequence[RegionRow], year: int, *, width: int = 640
) -> BarChart:
    """Entries planned to date (outlined bar) and actual entries (filled bar) per region."""
    left, right_pad, bar_height, top = 180, 24, 10, 8
    plot_width = width - left - right_pad
    highest = max(
        [r.entries_planned_to_date for r in rows] + [r.entries_actual for r in rows],
        default=Decimal(0),
    )
    top_value, step = axis_scale(highest)
    row_height = bar_height * 2 + 10

    def w(value: Decimal) -> float:
        return round(float(value / top_value) * plot_width, 1)

    bars = [
        Bar(
            label=row.label,
            url=reverse("steering:region", kwargs={"year": year, "region": row.region.slug})
            if row.region is not None
            else "",
            y=top + i * row_height,
            planned=row.entries_planned_to_date,
            actual=row.entries_actual,
            planned_width=w(row.entries_planned_to_date),
            actual_width=w(row.entries_actual),
            planned_text=format_number(row.entries_planned_to_date),
            actual_text=format_number(row.entries_actual),
        )
        for i, row in enumerate(rows)
    ]
    ticks = [
        (round(left + plot_width * float(step * index / top_value), 1), _fmt(step * index, False))
        for index in range(int(top_value / step) + 1)
    ]
    height = top + len(bars) * row_height + 28
    return BarChart(
        id=chart_id,
        title=title,
        summary=bar_summary(bars),
        width=width,
        height=height,
        left=left,
        plot_width=plot_width,
        bar_height=bar_height,
        bars=bars,
        ticks=ticks,
        top=top,
    )


def bar_summary(bars: Sequence[Bar]) -> str:
    with_plan = [b for b in bars if b.planned > 0]
    if not with_plan:
        return _("Noch keine Gebietskörperschaft hat einen anteiligen Plan für Eintritte.")
    below = [b for b in with_plan if b.actual < b.planned]
    return _(
        "Gebietskörperschaften mit Eintrittszielen: %(total)s; davon unter dem anteiligen Plan: "
        "%(count)s, im Plan oder darüber: %(rest)s."
    ) % {"count": len(below), "total": len(with_plan), "rest": len(with_plan) - len(below)}


# --- tile map: Hessen as a grid cartogram -------------------------------------------------------

# (column, row) of every region, hand-placed so the map reads like Hessen: Kassel in the north,
# Bergstraße in the south, the Rheingau and Wiesbaden in the west, Fulda in the east.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "waldeck-frankenberg": (1, 0),
    "landkreis-kassel": (2, 0),
    "kassel": (3, 0),
    "werra-meissner-kreis": (4, 0),
    "marburg-biedenkopf": (1, 1),
    "schwalm-eder-kreis": (2, 1),
    "hersfeld-rotenburg": (3, 1),
    "lahn-dill-kreis": (0, 2),
    "landkreis-giessen": (1, 2),
    "vogelsbergkreis": (2, 2),
    "landkreis-fulda": (3, 2),
    "limburg-weilburg": (0, 3),
    "hochtaunuskreis": (1, 3),
    "wetteraukreis": (2, 3),
    "main-kinzig-kreis": (3, 3),
    "rheingau-taunus-kreis": (0, 4),
    "main-taunus-kreis": (1, 4),
    "frankfurt": (2, 4),
    "hanau": (3, 4),
    "wiesbaden": (0, 5),
    "gross-gerau": (1, 5),
    "offenbach": (2, 5),
    "kreis-offenbach": (3, 5),
    "darmstadt": (1, 6),
    "darmstadt-dieburg": (2, 6),
    "odenwaldkreis": (3, 6),
    "bergstrasse": (1, 7),
}
GRID_COLUMNS = 5
GRID_ROWS = 8


@dataclass
class Tile:
    slug: str
    name: str
    code: str
    url: str
    column: int
    row: int
    x: int
    y: int
    band: str
    band_label: str
    score_text: str
    fill: str
    text_colour: str
    symbol: str


@dataclass
class TileMap:
    id: str
    title: str
    summary: str
    width: int
    height: int
    size: int
    tiles: list[Tile]
    legend: list[tuple[str, str, str, str]] = field(default_factory=list)  # fill, text, sym, label
    border_colour: str = GRID_COLOUR


def tile_map(
    chart_id: str, title: str, rows: Sequence[RegionRow], year: int, *, size: int = 72, gap: int = 6
) -> TileMap:
    """One tile per region of the rows; a region without a hand-placed position goes to an extra
    row below the map."""
    extra_column = 0
    tiles = []
    for row in rows:
        region = row.region
        if region is None:
            continue
        if region.slug in TILE_POSITIONS:
            column, grid_row = TILE_POSITIONS[region.slug]
        else:
            column, grid_row = extra_column % GRID_COLUMNS, GRID_ROWS + extra_column // GRID_COLUMNS
            extra_column += 1
        fill, text_colour, symbol = BAND_COLOURS[row.band]
        tiles.append(
            Tile(
                slug=region.slug,
                name=region.name,
                code=region.code,
                url=reverse("steering:region", kwargs={"year": year, "region": region.slug}),
                column=column,
                row=grid_row,
                x=column * (size + gap),
                y=grid_row * (size + gap),
                band=row.band,
                band_label=str(BAND_LABELS[row.band]),
                score_text=(
                    f"{format_number(row.attainment, 1)} %"
                    if row.attainment is not None
                    else _("k. A.")
                ),
                fill=fill,
                text_colour=text_colour,
                symbol=symbol,
            )
        )
    rows_used = max([GRID_ROWS - 1, *(t.row for t in tiles)]) + 1
    legend = [
        (
            BAND_COLOURS[band][0],
            BAND_COLOURS[band][1],
            BAND_COLOURS[band][2],
            str(BAND_LABELS[band]),
        )
        for band in (Band.HIGH, Band.MIDDLE, Band.LOW, Band.NONE)
    ]
    return TileMap(
        id=chart_id,
        title=title,
        summary=tile_summary(tiles),
        width=GRID_COLUMNS * (size + gap),
        height=rows_used * (size + gap),
        size=size,
        tiles=tiles,
        legend=legend,
    )


def tile_summary(tiles: Sequence[Tile]) -> str:
    counts = {band: 0 for band in BAND_LABELS}
    for tile in tiles:
        counts[tile.band] += 1
    return _(
        "%(total)s Gebietskörperschaften: %(high)s mit Zielerreichung von 90 %% und mehr, "
        "%(middle)s mit 70 bis unter 90 %%, %(low)s unter 70 %%, %(none)s ohne abgeschlossene "
        "Bewertung."
    ) % {
        "total": len(tiles),
        "high": counts[Band.HIGH],
        "middle": counts[Band.MIDDLE],
        "low": counts[Band.LOW],
        "none": counts[Band.NONE],
    }
