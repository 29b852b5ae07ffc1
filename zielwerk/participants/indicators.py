"""ESF+ common indicators (Regulation (EU) 2021/1057, Annex I) and the programme's own figures,
counted by the database: one aggregating query per table, grouped by project and gender (Count with
a filter per indicator). Figures of projects whose records were deleted after the retention period
(RetainedFigures) are added from their stored JSON, so the tables stay the same.

Small counts: a count of 1 or 2 is shown as "< 3" to everyone but the provider that owns the
records. So that a hidden cell cannot be recomputed from a sum, every line that adds up (the four
genders to "gesamt"; the units of a level to the total row) with exactly one hidden cell gets a
second hidden cell ("x"): the smallest other non-zero cell of that line. The total row is decided
on its own first and never changed by the level shown, so switching the level does not open it.
Relations between indicators (EECO01 = EECO02 + EECO04 + EECO05) and combinations of different
levels are not protected; the page says so (SUPPRESSION_NOTE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.core.formats import format_number
from zielwerk.projects.models import Project

from .choices import (
    EducationLevel,
    EmploymentStatus,
    ExitReason,
    FollowUpSituation,
    Gender,
    SituationAfterExit,
    YesNoNotStated,
)
from .models import Participant, RetainedFigures
from .permissions import sees_small_counts

GENDERS: tuple[str, ...] = tuple(Gender.values)
TOTAL = "total"
COLUMNS: tuple[str, ...] = (*GENDERS, TOTAL)
SMALL_LIMIT = 3  # counts 1 .. SMALL_LIMIT-1 are hidden

OUTPUT, RESULT, PROGRAMME = "output", "result", "programme"
GROUP_LABELS = {
    OUTPUT: gettext_lazy("ESF+ Outputindikatoren (bei Eintritt)"),
    RESULT: gettext_lazy("ESF+ Ergebnisindikatoren (bei Austritt und nach sechs Monaten)"),
    PROGRAMME: gettext_lazy("Kennzahlen des Programms"),
}
LEVEL_LABELS = {
    "project": gettext_lazy("Projekt"),
    "region": gettext_lazy("Gebietskörperschaft"),
    "measure_type": gettext_lazy("Maßnahmenart"),
    "total": gettext_lazy("gesamt"),
}
SUPPRESSION_NOTE = gettext_lazy(
    "Werte von 1 oder 2 erscheinen als „< 3“ (außer für den Träger, dem die Datensätze gehören). "
    "Damit sich ein solcher Wert nicht aus einer Summe zurückrechnen lässt, wird in jeder Zeile "
    "und Spalte mit genau einem verdeckten Wert ein zweiter Wert verdeckt und als „x“ gezeigt. "
    "Nicht geschützt sind Beziehungen zwischen Kennzahlen (z. B. EECO01 = EECO02 + EECO04 + "
    "EECO05) und der Vergleich verschiedener Ebenen."
)
AGE_NOTE = gettext_lazy(
    "Alter bei Eintritt = Jahr des Eintritts − Geburtsjahr (Zielwerk speichert kein "
    "vollständiges Geburtsdatum); es kann um ein Jahr über dem tatsächlichen Alter liegen."
)

ISCED = EducationLevel
EMPLOYMENT = EmploymentStatus
SITUATION = SituationAfterExit


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: str | Promise
    definition: str | Promise
    condition: Q | None  # None: not collected in the AQB format ("nicht erhoben")

    @property
    def collected(self) -> bool:
        return self.condition is not None


def _i(
    code: str, group: str, label: str | Promise, definition: str | Promise, condition: Q | None
) -> Indicator:
    return Indicator(code, group, label, definition, condition)


ALL = Q(pk__isnull=False)
EXITED = Q(exited_on__isnull=False)

# Labels and definitions are lazy: rendered in the reader's language at display time.
INDICATORS: tuple[Indicator, ...] = (
    _i("EECO01", OUTPUT, gettext_lazy("Teilnehmende insgesamt"),
       gettext_lazy("alle erfassten Teilnehmenden"), ALL),
    _i("EECO02", OUTPUT, gettext_lazy("Arbeitslose, einschließlich Langzeitarbeitsloser"),
       gettext_lazy("Erwerbsstatus bei Eintritt „arbeitslos“ oder „langzeitarbeitslos“"),
       Q(employment_status__in=[EMPLOYMENT.UNEMPLOYED, EMPLOYMENT.LONG_TERM_UNEMPLOYED])),
    _i("EECO03", OUTPUT, gettext_lazy("Langzeitarbeitslose"),
       gettext_lazy("Erwerbsstatus bei Eintritt „langzeitarbeitslos“"),
       Q(employment_status=EMPLOYMENT.LONG_TERM_UNEMPLOYED)),
    _i("EECO04", OUTPUT, gettext_lazy("Nichterwerbstätige"),
       gettext_lazy("Erwerbsstatus bei Eintritt „nicht erwerbstätig“"),
       Q(employment_status=EMPLOYMENT.INACTIVE)),
    _i("EECO05", OUTPUT, gettext_lazy("Erwerbstätige, einschließlich Selbständiger"),
       gettext_lazy("Erwerbsstatus bei Eintritt „erwerbstätig“"),
       Q(employment_status=EMPLOYMENT.EMPLOYED)),
    _i("EECO06", OUTPUT, gettext_lazy("Unter 18-Jährige"),
       gettext_lazy("Alter bei Eintritt unter 18"), Q(age_at_entry__lt=18)),
    _i("EECO07", OUTPUT, gettext_lazy("18- bis 29-Jährige"),
       gettext_lazy("Alter bei Eintritt 18 bis 29"), Q(age_at_entry__gte=18, age_at_entry__lte=29)),
    _i("EECO08", OUTPUT, gettext_lazy("55-Jährige und Ältere"),
       gettext_lazy("Alter bei Eintritt 55 oder mehr"), Q(age_at_entry__gte=55)),
    _i("EECO09", OUTPUT, gettext_lazy("mit Grundbildung (ISCED 0–2)"),
       gettext_lazy("Bildungsniveau ISCED 0-2"), Q(education_level=ISCED.ISCED_0_2)),
    _i("EECO10", OUTPUT, gettext_lazy(
       "mit Sekundarbildung oder postsekundärer Bildung (ISCED 3–4)"
    ),
       gettext_lazy("Bildungsniveau ISCED 3-4"), Q(education_level=ISCED.ISCED_3_4)),
    _i("EECO11", OUTPUT, gettext_lazy("mit tertiärer Bildung (ISCED 5–8)"),
       gettext_lazy("Bildungsniveau ISCED 5-8"), Q(education_level=ISCED.ISCED_5_8)),
    _i("EECO12", OUTPUT, gettext_lazy("Teilnehmende mit Behinderungen"),
       gettext_lazy("Angabe „Behinderung: ja“ (freiwillig; „keine Angabe“ zählt nicht)"),
       Q(disability=YesNoNotStated.YES)),
    _i("EECO13", OUTPUT, gettext_lazy("Drittstaatsangehörige"),
       gettext_lazy("Angabe „Drittstaatsangehörigkeit: ja“ (freiwillig)"),
       Q(third_country_national=YesNoNotStated.YES)),
    _i("EECO14", OUTPUT, gettext_lazy("Teilnehmende ausländischer Herkunft"),
       gettext_lazy("Angabe „Ausländische Herkunft: ja“ (freiwillig)"),
       Q(foreign_background=YesNoNotStated.YES)),
    _i("EECO15", OUTPUT, gettext_lazy(
       "Minderheiten (einschließlich marginalisierter Gemeinschaften wie Roma)"
    ),
       gettext_lazy("im AQB-Format nicht erhoben"), None),
    _i("EECO16", OUTPUT, gettext_lazy(
       "Obdachlose oder von Ausgrenzung auf dem Wohnungsmarkt Betroffene"
    ),
       gettext_lazy("im AQB-Format nicht erhoben"), None),
    _i("EECO17", OUTPUT, gettext_lazy("Teilnehmende aus ländlichen Gebieten"),
       gettext_lazy("im AQB-Format nicht erhoben"), None),
    _i("EECR01", RESULT, gettext_lazy("Arbeitsuchend nach Austritt"),
       gettext_lazy("Verbleib innerhalb von vier Wochen: „Arbeitssuche“ (schließt EECR04 aus)"),
       Q(situation_after_exit=SITUATION.JOB_SEARCH)),
    _i("EECR02", RESULT, gettext_lazy("in schulischer/beruflicher Bildung nach Austritt"),
       gettext_lazy("Verbleib innerhalb von vier Wochen: „Schule oder Ausbildung“"),
       Q(situation_after_exit=SITUATION.EDUCATION)),
    _i("EECR03", RESULT, gettext_lazy("Qualifizierung erlangt nach Austritt"),
       gettext_lazy("Verbleib innerhalb von vier Wochen: „Qualifikation erworben“"),
       Q(situation_after_exit=SITUATION.QUALIFICATION)),
    _i("EECR04", RESULT, gettext_lazy("Erwerbstätig, einschließlich Selbständige, nach Austritt"),
       gettext_lazy("Verbleib innerhalb von vier Wochen: „Beschäftigung“ (schließt EECR01 aus)"),
       Q(situation_after_exit=SITUATION.EMPLOYMENT)),
    _i("EECR05", RESULT, gettext_lazy("Erwerbstätig sechs Monate nach Austritt"),
       gettext_lazy("Nachbefragung (mit Einwilligung): „beschäftigt, auch selbständig“"),
       Q(followup_situation=FollowUpSituation.EMPLOYED)),
    _i("EECR06", RESULT, gettext_lazy("Bessere Arbeitsmarktsituation sechs Monate nach Austritt"),
       gettext_lazy("Nachbefragung (mit Einwilligung): „bessere Situation auf dem Arbeitsmarkt“"),
       Q(followup_situation=FollowUpSituation.IMPROVED)),
    _i("AQB01", PROGRAMME, gettext_lazy("Eintritte"),
       gettext_lazy("erfasste Teilnehmende des Projekts (wie EECO01)"), ALL),
    _i("AQB02", PROGRAMME, gettext_lazy("Austritte"),
       gettext_lazy("Teilnehmende mit Austrittsdatum"), EXITED),
    _i("AQB03", PROGRAMME, gettext_lazy("reguläre Beendigungen"),
       gettext_lazy("Austrittsgrund „regulär“"), EXITED & Q(exit_reason=ExitReason.REGULAR)),
    _i("AQB04", PROGRAMME, gettext_lazy("vorzeitige Austritte (Abbrüche)"),
       gettext_lazy("Austrittsgrund „vorzeitig“"), EXITED & Q(exit_reason=ExitReason.EARLY)),
    _i("AQB05", PROGRAMME, gettext_lazy("Übergänge in Schule oder Ausbildung"),
       gettext_lazy("Verbleib nach 4 Wochen „Schule oder Ausbildung“"),
       Q(situation_after_exit=SITUATION.EDUCATION)),
    _i("AQB06", PROGRAMME, gettext_lazy("Übergänge in Beschäftigung"),
       gettext_lazy("Verbleib nach 4 Wochen „Beschäftigung“"),
       Q(situation_after_exit=SITUATION.EMPLOYMENT)),
    _i("AQB07", PROGRAMME, gettext_lazy("Qualifikation erworben"),
       gettext_lazy("Verbleib nach 4 Wochen „Qualifikation erworben“"),
       Q(situation_after_exit=SITUATION.QUALIFICATION)),
)  # fmt: skip
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
COLLECTED = tuple(indicator for indicator in INDICATORS if indicator.collected)

Counts = dict[str, dict[str, int]]  # code -> gender -> count (genders only, no total)


def empty_counts() -> Counts:
    return {ind.code: dict.fromkeys(GENDERS, 0) for ind in COLLECTED}


def add_counts(target: Counts, source: dict) -> None:
    """Add stored or computed {code: {gender: n}} to target; unknown codes and "total" are
    ignored (the total is always recomputed from the genders)."""
    for code, by_gender in source.items():
        if code not in target:
            continue
        for gender in GENDERS:
            target[code][gender] += int(by_gender.get(gender, 0))


class _EntryYear(ExtractYear):
    """The year of a date as an integer. PostgreSQL's EXTRACT answers `numeric`, which made the
    four age conditions a quarter of the indicator query over 100,000 records
    (bench/api_lists.py); date_part's double, cast to integer, is the same year."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(date_part('year', {sql}) AS integer)", params


def counts_by_project(projects: Iterable[Project] | QuerySet, *, retained: bool = True):
    """{project id: Counts} from ONE aggregating query (plus one for RetainedFigures)."""
    project_ids = [p.pk for p in projects]
    result: dict[int, Counts] = {pk: empty_counts() for pk in project_ids}
    rows = (
        Participant.objects.filter(project_id__in=project_ids)
        .annotate(age_at_entry=_EntryYear("entered_on") - F("birth_year"))
        .values("project_id", "gender")
        .order_by()
        .annotate(**{ind.code: Count("pk", filter=ind.condition) for ind in COLLECTED})
    )
    for row in rows:
        counts = result[row["project_id"]]
        for ind in COLLECTED:
            counts[ind.code][row["gender"]] += row[ind.code]
    if retained:
        stored = RetainedFigures.objects.filter(project_id__in=project_ids)
        for figures in stored.only("project_id", "figures"):
            add_counts(result[figures.project_id], figures.figures)
    return result


# --- the displayed table ---------------------------------------------------------------------


@dataclass
class Cell:
    value: int | None  # None: not collected
    hidden: str = ""  # "" shown, "small" (< 3), "secondary" (x)

    @property
    def display(self) -> str:
        if self.value is None:
            return _("nicht erhoben")
        if self.hidden == "small":
            return "< 3"
        if self.hidden == "secondary":
            return "x"
        return format_number(self.value)

    @property
    def shown_value(self) -> int | None:
        """The number for exports and the API; None when hidden or not collected."""
        return None if self.hidden or self.value is None else self.value


@dataclass
class Row:
    key: str
    label: str
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)

    def cell(self, code: str, column: str = TOTAL) -> Cell:
        return self.cells[code][column]


@dataclass
class IndicatorTable:
    year: int
    level: str
    rows: list[Row]
    total: Row
    suppressed: bool
    project_count: int

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return INDICATORS

    def groups(self) -> list[tuple[str, str, list[Indicator]]]:
        return [
            (group, str(label), [ind for ind in INDICATORS if ind.group == group])
            for group, label in GROUP_LABELS.items()
        ]


def _row(key: str, label: str, counts: Counts) -> Row:
    row = Row(key, label)
    for ind in INDICATORS:
        if not ind.collected:
            row.cells[ind.code] = {column: Cell(None) for column in COLUMNS}
            continue
        by_gender = counts[ind.code]
        cells = {gender: Cell(by_gender[gender]) for gender in GENDERS}
        cells[TOTAL] = Cell(sum(by_gender.values()))
        row.cells[ind.code] = cells
    return row


def _is_small(value: int) -> bool:
    return 0 < value < SMALL_LIMIT


def _protect_line(cells: list[Cell]) -> bool:
    """A line that adds up with exactly one hidden cell: hide the smallest other non-zero one."""
    if sum(1 for cell in cells if cell.hidden) != 1:
        return False
    candidates = [cell for cell in cells if not cell.hidden and cell.value]
    if not candidates:
        return False
    min(candidates, key=lambda cell: cell.value or 0).hidden = "secondary"
    return True


def suppress(rows: list[Row], total: Row) -> None:
    """Hide small counts in place; see the module docstring for the rule."""
    for row in [total, *rows]:
        for code in (ind.code for ind in COLLECTED):
            for cell in row.cells[code].values():
                if cell.value is not None and _is_small(cell.value):
                    cell.hidden = "small"
    for code in (ind.code for ind in COLLECTED):
        # The total row on its own first, so that it is the same whatever the level shown.
        _protect_line(list(total.cells[code].values()))
        changed = True
        while changed:
            changed = False
            for row in rows:
                changed |= _protect_line(list(row.cells[code].values()))
            if len(rows) > 1:
                for column in COLUMNS:
                    line = [row.cells[code][column] for row in rows]
                    total_cell = total.cells[code][column]
                    if sum(1 for c in [*line, total_cell] if c.hidden) == 1:
                        candidates = [c for c in line if not c.hidden and c.value]
                        if candidates:
                            min(candidates, key=lambda c: c.value or 0).hidden = "secondary"
                            changed = True


def _unit(project: Project, level: str) -> tuple[str, str]:
    if level == "region":
        return project.region.slug, project.region.name
    if level == "measure_type":
        return str(project.measure_type.number), str(project.measure_type)
    if level == "total":
        return TOTAL, _("gesamt")
    return project.code, f"{project.code} {project.name}"


def projects_in_scope(user, year: int) -> QuerySet:
    """The projects of the year whose figures the person may see: programme-wide staff all, a
    region its own, a provider the projects it runs (Project.objects.visible_to)."""
    return (
        Project.objects.visible_to(user)
        .filter(programme_year__year=year)
        .select_related("region", "measure_type", "programme_year")
        .order_by("code")
    )


def indicator_table(user, projects: QuerySet | list[Project], *, year: int, level: str = "project"):
    """The table the person sees for these projects (already scoped and filtered): unsuppressed
    only when the person runs every one of them."""
    if level not in LEVEL_LABELS:
        level = "project"
    projects = list(projects)
    counts = counts_by_project(projects)
    units: dict[str, tuple[str, Counts]] = {}
    overall = empty_counts()
    for project in projects:
        key, label = _unit(project, level)
        if key not in units:
            units[key] = (label, empty_counts())
        add_counts(units[key][1], counts[project.pk])
        add_counts(overall, counts[project.pk])
    rows = [_row(key, label, unit_counts) for key, (label, unit_counts) in units.items()]
    rows.sort(key=lambda row: row.label)
    total = _row(TOTAL, _("gesamt"), overall)
    owner = bool(projects) and all(sees_small_counts(user, project) for project in projects)
    if not owner:
        suppress(rows, total)
    return IndicatorTable(year, level, rows, total, not owner, len(projects))


def figures_of(project: Project) -> Counts:
    """The unsuppressed figures of one project from its records (for RetainedFigures)."""
    return counts_by_project([project], retained=False)[project.pk]


def summary_sentence(table: IndicatorTable) -> str:
    total = table.total
    return _(
        "Im Programmjahr %(year)s sind %(entries)s Personen eingetreten (davon %(women)s Frauen), "
        "%(exits)s ausgetreten, %(regular)s davon regulär; %(employment)s gingen in "
        "Beschäftigung und %(education)s in Schule oder Ausbildung über."
    ) % {
        "year": table.year,
        "entries": total.cell("AQB01").display,
        "women": total.cell("AQB01", Gender.FEMALE).display,
        "exits": total.cell("AQB02").display,
        "regular": total.cell("AQB03").display,
        "employment": total.cell("AQB06").display,
        "education": total.cell("AQB05").display,
    }


def gender_labels() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Gender.choices] + [(TOTAL, _("gesamt"))]
