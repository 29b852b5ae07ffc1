"""The outcome figures of an entry's projects, live from monitoring
(zielwerk.participants.indicators): entries, exits, transitions into school or training and into
employment, one row per project and a total. Small counts are suppressed for every reader as for
the ministry – also for a provider that runs one of the projects, because the entry is a shared
page – with the monitoring's own rule (indicators.suppress, incl. the secondary "x")."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zielwerk.participants import indicators
from zielwerk.participants.indicators import BY_CODE, COLLECTED, GENDERS, TOTAL, Cell, Row

SHOWN = ("AQB01", "AQB02", "AQB05", "AQB06")


def _row(key: str, label: str, counts: indicators.Counts) -> Row:
    row = Row(key, label)
    for ind in COLLECTED:
        by_gender = counts[ind.code]
        cells = {gender: Cell(by_gender[gender]) for gender in GENDERS}
        cells[TOTAL] = Cell(sum(by_gender.values()))
        row.cells[ind.code] = cells
    return row


@dataclass
class OutcomeFigures:
    rows: list[Row]
    total: Row

    @property
    def columns(self) -> list[tuple[str, str]]:
        return [(code, str(BY_CODE[code].label)) for code in SHOWN]

    def table(self) -> list[tuple[Row, list[Cell]]]:
        return [(row, [row.cell(code) for code in SHOWN]) for row in [*self.rows, self.total]]


def outcome_figures(projects) -> OutcomeFigures | None:
    """None when the entry links no project. Two queries whatever the number of projects."""
    projects = sorted(projects, key=lambda project: project.code)
    if not projects:
        return None
    counts = indicators.counts_by_project(projects)
    overall = indicators.empty_counts()
    rows = []
    for project in projects:
        rows.append(_row(project.code, f"{project.code} {project.name}", counts[project.pk]))
        indicators.add_counts(overall, counts[project.pk])
    total = _row(TOTAL, _("gesamt"), overall)
    indicators.suppress(rows, total)
    return OutcomeFigures(rows, total)
