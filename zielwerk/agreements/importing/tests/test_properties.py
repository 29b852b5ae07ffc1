"""Property test: a document generated from a template parses back to what went into it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zielwerk.agreements.importing.parser import (
    DEFAULT_MEASURE_TYPES,
    DEFAULT_MINISTRIES,
    DEFAULT_REGIONS,
    parse_agreement,
)
from zielwerk.agreements.importing.pdf import extract_text

from .pdfmaker import make_pdf, paginate, reflow
from .templates import Agreement, render

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"
WORDINGS = {measure.number: measure.wordings for measure in DEFAULT_MEASURE_TYPES}

project_names = (
    st.text(alphabet=LETTERS + " ()", min_size=1, max_size=40)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda name: any(char.isalpha() for char in name))
)


@st.composite
def measures(draw) -> list[tuple[int, str, list[str]]]:
    numbers = draw(st.lists(st.sampled_from(sorted(WORDINGS)), min_size=1, max_size=4, unique=True))
    return [
        (
            number,
            draw(st.sampled_from(WORDINGS[number])),
            draw(st.lists(project_names, min_size=1, max_size=4)),
        )
        for number in numbers
    ]


def euro(cents: int, style: int) -> str:
    whole, rest = divmod(cents, 100)
    dotted = f"{whole:,}".replace(",", ".")
    return [
        f"{dotted} Euro",
        f"{dotted},{rest:02d} €",
        f"€ {dotted}",
        f"{dotted},- Euro",
        f"{whole} EUR",
    ][style]


dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(2011, 1, 1), max_value=dt.date(2030, 12, 31))
)


def german(date: dt.date | None, padded: bool) -> str:
    if date is None:
        return ""
    return date.strftime("%d.%m.%Y") if padded else f"{date.day}.{date.month}.{date.year}"


@pytest.mark.parametrize("as_pdf", [False, True], ids=["text", "pdf"])
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    year=st.integers(2011, 2030),
    ministry=st.sampled_from(DEFAULT_MINISTRIES),
    region=st.sampled_from(DEFAULT_REGIONS),
    cents=st.integers(1, 99_999_999).map(lambda n: n * 100) | st.integers(1, 9_999_999_999),
    amount_style=st.integers(0, 4),
    amount_on_own_line=st.booleans(),
    measure_list=measures(),
    heading_style=st.sampled_from(["markdown", "bold", "plain"]),
    section_style=st.sampled_from(["markdown", "bold", "plain"]),
    marker=st.sampled_from(["- ", "• ", "* ", "1. "]),
    compact=st.booleans(),
    signed=st.tuples(dates, dates),
    padded=st.booleans(),
)
def test_a_generated_agreement_parses_back(
    tmp_path,
    as_pdf,
    year,
    ministry,
    region,
    cents,
    amount_style,
    amount_on_own_line,
    measure_list,
    heading_style,
    section_style,
    marker,
    compact,
    signed,
    padded,
):
    if amount_style in (0, 2, 3, 4):
        cents -= cents % 100  # those styles write whole euros only
    cents = max(cents, 100)
    text = render(
        Agreement(
            year=year,
            ministry=ministry,
            region=region,
            amount_text=euro(cents, amount_style),
            measures=[(title, projects) for _, title, projects in measure_list],
            heading_style=heading_style,
            section_style=section_style,
            marker=marker,
            compact=compact,
            amount_on_own_line=amount_on_own_line,
            places=[
                ("Wiesbaden", german(signed[0], padded)),
                ("Gießen", german(signed[1], padded)),
            ],
        )
    )
    if as_pdf:
        # The same document as a PDF's text layer: no Markdown, wrapped lines, page footers.
        path = tmp_path / "agreement.pdf"
        path.write_bytes(make_pdf(paginate(reflow(text), 30), "Zielvereinbarung"))
        text = extract_text(path)
    assert parse_agreement(text) == {
        "year": year,
        "ministry": ministry,
        "region": {"ags": region.ags, "name": region.name},
        "amount": f"{cents // 100}.{cents % 100:02d}",
        "measure_types": [
            {"number": number, "title": title, "projects": projects}
            for number, title, projects in measure_list
        ],
        "signatures": [
            {
                "name": "Maria Beispiel",
                "function": ["Staatsministerin"],
                "place": "Wiesbaden",
                "date": signed[0] and signed[0].isoformat(),
            },
            {
                "name": "Dr. Max Muster",
                "function": ["Landrat"],
                "place": "Gießen",
                "date": signed[1] and signed[1].isoformat(),
            },
        ],
    }
