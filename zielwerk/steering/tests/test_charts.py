"""Chart data (charts.py): scales and positions computed by hand, the tile map with every region
of Hessen, summaries, and colours with enough contrast."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from zielwerk.steering.charts import (
    ACTUAL_COLOUR,
    BAND_COLOURS,
    GRID_COLOUR,
    GRID_ROWS,
    PLAN_COLOUR,
    TEXT,
    TILE_POSITIONS,
    WHITE,
    axis_scale,
    bar_chart,
    contrast_ratio,
    line_chart,
    nice_max,
    tile_map,
)
from zielwerk.steering.dashboard import Band, RegionRow
from zielwerk.steering.figures import SeriesPoint

D = Decimal


def test_nice_max():
    assert nice_max(0) == 1
    assert nice_max(D("7")) == 10
    assert nice_max(D("10")) == 10
    assert nice_max(D("42")) == 50
    assert nice_max(D("180")) == 200
    assert nice_max(D("2483300")) == 2500000
    assert nice_max(D("0.4")) == D("0.5")


def test_contrast_ratio_of_known_pairs():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_colours_meet_wcag_aa():
    for band, (fill, text, _symbol) in BAND_COLOURS.items():
        assert contrast_ratio(fill, text) >= 4.5, band  # the label on the tile
        if band != Band.NONE:
            assert contrast_ratio(fill, WHITE) >= 3, band  # the tile against the page
    assert contrast_ratio(GRID_COLOUR, WHITE) >= 3  # border of the "no data" tile
    for colour in (PLAN_COLOUR, ACTUAL_COLOUR):
        assert contrast_ratio(colour, WHITE) >= 3
    assert contrast_ratio(TEXT, WHITE) >= 4.5
    # The bands differ in symbol too, so colour is not the only carrier.
    assert len({symbol for _f, _t, symbol in BAND_COLOURS.values()}) == len(BAND_COLOURS)


def test_line_chart_positions():
    series = [
        SeriesPoint(dt.date(2024, 1, 31), D("0"), D("0")),
        SeriesPoint(dt.date(2024, 2, 29), D("5"), D("3")),
        SeriesPoint(dt.date(2024, 3, 31), D("10"), None),
    ]
    chart = line_chart("c", "Titel", series)
    # 640 wide: plot from x = 96 to 624 (528 wide); 280 high: plot from y = 16 to 240 (224 high).
    assert [p.x for p in chart.points] == [96, 360, 624]
    # The axis ends at 10 (the highest value 10 in five steps of 2).
    assert [p.y_planned for p in chart.points] == [240, 128, 16]
    assert chart.points[1].y_actual == pytest.approx(240 - 0.3 * 224)
    assert chart.points[2].y_actual is None
    assert chart.plan_path == "96,240 360,128 624,16"
    assert chart.actual_path == "96,240 360,172.8"
    assert [label for _y, label in chart.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [y for y, _label in chart.ticks] == [240, 195.2, 150.4, 105.6, 60.8, 16]
    assert chart.summary == (
        "Zum 29.02.2024: Plan 5, Ist 3 – unter dem Plan. Bis zum Ende des Zeitraums "
        "(31.03.2024) sind 10 geplant."
    )


def test_axis_scale_steps_are_round():
    # (top, step): at most five steps of 1, 2 or 5 × a power of ten, whole steps for people.
    assert axis_scale(D("25")) == (25, 5)
    assert axis_scale(D("7")) == (8, 2)
    assert axis_scale(D("2508300")) == (3000000, 1000000)
    assert axis_scale(D("0.4")) == (1, 1)
    assert axis_scale(D("0.4"), whole=False) == (D("0.4"), D("0.1"))
    assert axis_scale(0) == (1, 1)


def test_line_chart_money_and_empty():
    series = [SeriesPoint(dt.date(2024, 1, 31), D("1000.50"), D("1000.50"))]
    chart = line_chart("m", "Ausgaben", series, is_money=True)
    assert chart.points[0].x == 96 + 528 / 2
    assert "1.000,50" in chart.summary and "genau im Plan" in chart.summary
    assert line_chart("e", "leer", []).summary == "Für diesen Zielwert gibt es keinen Zeitraum."


def _row(slug, name, code, *, planned="0", actual="0", score=None):
    region = SimpleNamespace(slug=slug, name=name, code=code)
    return RegionRow(
        region=region,
        entries_planned_to_date=D(planned),
        entries_actual=D(actual),
        attainment=None if score is None else D(score),
    )


def test_bar_chart_scale_and_summary():
    rows = [
        _row("wiesbaden", "Wiesbaden", "WI", planned="40", actual="30"),
        _row("frankfurt", "Frankfurt am Main", "F", planned="10", actual="12"),
        _row("kassel", "Kassel", "KS"),
    ]
    chart = bar_chart("b", "Eintritte", rows, 2024)
    # plot width 640 − 180 − 24 = 436; the axis ends at 40 (the highest value, four steps of 10).
    first = chart.bars[0]
    assert first.planned_width == pytest.approx(436)
    assert first.actual_width == pytest.approx(436 * 30 / 40)
    assert chart.ticks == [(180, "0"), (289, "10"), (398, "20"), (507, "30"), (616, "40")]
    assert [bar.y for bar in chart.bars] == [8, 38, 68]  # bars 10 high, rows 30 apart
    assert first.url == "/steuerung/2024/wiesbaden/"
    assert chart.summary == (
        "Gebietskörperschaften mit Eintrittszielen: 2; davon unter dem anteiligen Plan: 1, "
        "im Plan oder darüber: 1."
    )


def test_tile_positions_are_unique_and_read_like_hessen():
    assert len(set(TILE_POSITIONS.values())) == len(TILE_POSITIONS)
    rows = {slug: row for slug, (_column, row) in TILE_POSITIONS.items()}
    assert rows["kassel"] == 0
    assert rows["bergstrasse"] == max(rows.values())
    assert rows["wiesbaden"] > rows["landkreis-giessen"]


@pytest.mark.django_db
def test_tile_map_contains_every_region_of_the_demo(demo):
    from zielwerk.organisations.models import Region

    regions = list(Region.objects.all())
    assert len(regions) == 27
    rows = [RegionRow(region=region) for region in regions]
    rows[0].attainment = D("95.5")
    rows[1].attainment = D("75.0")
    rows[2].attainment = D("10.0")
    chart = tile_map("t", "Karte", rows, 2026)
    assert {tile.slug for tile in chart.tiles} == {r.slug for r in regions}
    assert all(tile.row < GRID_ROWS for tile in chart.tiles)  # no region in the extra row
    assert chart.height == GRID_ROWS * (72 + 6)
    bands = [tile.band for tile in chart.tiles[:4]]
    assert bands == [Band.HIGH, Band.MIDDLE, Band.LOW, Band.NONE]
    assert chart.tiles[0].score_text == "95,5 %"  # one place, as in the tables
    assert chart.tiles[3].score_text == "k. A."
    assert chart.summary == (
        "27 Gebietskörperschaften: 1 mit Zielerreichung von 90 % und mehr, 1 mit 70 bis unter "
        "90 %, 1 unter 70 %, 24 ohne abgeschlossene Bewertung."
    )


def test_unknown_region_goes_to_an_extra_row():
    rows = [_row("kassel", "Kassel", "KS"), _row("neu-kreis", "Neukreis", "NK")]
    chart = tile_map("t", "Karte", rows, 2024)
    extra = chart.tiles[1]
    assert (extra.column, extra.row) == (0, GRID_ROWS)
    assert extra.url == "/steuerung/2024/neu-kreis/"
    assert chart.height == (GRID_ROWS + 1) * (72 + 6)


@pytest.mark.django_db
def test_dashboard_draws_every_tile_with_a_label(demo, client_for):
    from zielwerk.programmes.models import Participation

    html = client_for("ministerium").get("/steuerung/2026/").content.decode()
    for participation in Participation.objects.filter(programme_year__year=2026).select_related(
        "region"
    ):
        region = participation.region
        assert f'href="/steuerung/2026/{region.slug}/"' in html
        assert f">{region.code}</text>" in html
    assert html.count("<title") >= 2  # the map's and the bar chart's titles
    # SVG coordinates are written with a decimal point, never localised ("240,5").
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|cx|cy)="-?\d+,\d', html)
    assert not re.search(r'points="[^"]*\d,\d+,', html)
