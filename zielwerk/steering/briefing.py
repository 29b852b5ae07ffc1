"""The briefing pack (Sitzungsunterlage) of the autumn implementation meeting, as PDF/A-2a +
PDF/UA-1 through Typst – the approach of zielwerk/budgets/letters.py and grants/documents.py:
every text goes in as a Typst string literal, only the compiler's built-in font is used, so the
words of the PDF are exactly the words below and the same input gives the same bytes.

What it shows for a region and year, as of a cut-off day (Stichtag):

* the facts: region, year, date and place of the meeting, the cut-off day, the binding version;
* the budget status from the controlling table (allocated, agreed, approved, paid, proven – the
  state of the grant procedure when the pack is made) and what was paid out up to the cut-off;
* the targets of the binding version with plan to date, actual, ratio and forecast
  (steering.figures, with how plan and forecast are computed);
* participants and outcomes of the region's projects (participants.indicators, small counts
  hidden as for the ministry);
* the deviations with the region's reasons and the ministry's answers;
* the open tasks of this and earlier meetings of the region.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import typst
from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.agreements.rendering.pdf import (
    FONT,
    PDF_STANDARDS,
    Table,
    typst_string,
    typst_table,
)
from zielwerk.agreements.rendering.pdf import TableRow as Row
from zielwerk.budgets.controlling import controlling_table
from zielwerk.core.formats import format_date, format_euro, format_number
from zielwerk.grants.models import Payment
from zielwerk.participants import indicators
from zielwerk.projects.models import Project

from . import figures as steering_figures
from . import selectors
from .choices import METRIC_UNITS, OPEN_TASK_STATUSES, Metric, ResolutionKind
from .models import Deviation, DeviationMessage, Meeting, Resolution

ZERO = Decimal("0.00")

# The participant figures of the pack: (indicator code, column heading).
PARTICIPANT_COLUMNS = (
    ("AQB01", gettext_lazy("Eintritte")),
    ("AQB02", gettext_lazy("Austritte")),
    ("AQB03", gettext_lazy("davon regulär")),
    ("AQB05", gettext_lazy("Übergänge Schule/Ausbildung")),
    ("AQB06", gettext_lazy("Übergänge Beschäftigung")),
)


def _table(caption, header, rows, numeric, widths: tuple[str, ...] = ()) -> Table:
    """The pack's tables break long headings ("Übergänge Schule/Ausbildung")."""
    return Table(caption, header, rows, numeric, widths, wrap_headings=True)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # paragraphs after the tables


@dataclass
class BriefingPack:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    region_name: str
    author: str


def money(value: Decimal | None) -> str:
    return format_euro(value, cents="always", unit="€")


def _value(value: Decimal | None, metric: str) -> str:
    if value is None:
        return "–"
    if metric == Metric.SPENDING:
        return money(value)
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{format_number(value, 1)} %"


# --- content ------------------------------------------------------------------------------------


def _budget_section(meeting: Meeting, as_of: dt.date) -> Section:
    table = controlling_table(meeting.programme_year)
    block = next((b for b in table.regions if b.region.pk == meeting.region_id), None)
    amounts = block.subtotal.amounts if block is not None else None
    paid_to_date = (
        Payment.objects.filter(
            request__application__region_id=meeting.region_id,
            request__application__programme_year_id=meeting.programme_year_id,
            paid_on__lte=as_of,
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    rows = [
        Row([_("zugewiesen (Mittelzuweisung)"), money(amounts.allocated if amounts else ZERO)]),
        Row([_("vereinbart (Zielvereinbarung)"), money(amounts.agreed if amounts else ZERO)]),
        Row([_("bewilligt"), money(amounts.approved if amounts else ZERO)]),
        Row([_("ausgezahlt"), money(amounts.paid if amounts else ZERO)]),
        Row(
            [
                _("davon bis zum Stichtag %(day)s ausgezahlt") % {"day": format_date(as_of)},
                money(paid_to_date),
            ]
        ),
        Row([_("nachgewiesen (Verwendungsnachweis)"), money(amounts.proven if amounts else ZERO)]),
    ]
    return Section(
        heading=_("1. Stand der Mittel"),
        paragraphs=[
            _(
                "Beträge nach dem Stand des Zuwendungsverfahrens bei Erzeugung der Unterlage "
                "(Mittelcontrolling); die Auszahlungen sind zusätzlich bis zum Stichtag gezählt."
            )
        ],
        tables=[_table(_("Mittel"), [_("Stand"), _("Betrag")], rows, [False, True])],
    )


def _targets_section(version, as_of: dt.date) -> Section:
    section = Section(heading=_("2. Zielwerte: Plan, Ist und Prognose"))
    if version is None:
        section.paragraphs.append(
            _("Es gibt noch keine unterzeichnete Fassung der Zielvereinbarung mit Zielwerten.")
        )
        return section
    targets = selectors.targets_of(version)
    if not targets:
        section.paragraphs.append(
            _("Die Fassung %(number)s der Zielvereinbarung enthält keine Zielwerte.")
            % {"number": version.number}
        )
    else:
        rows = []
        for item in steering_figures.target_figures(targets, as_of):
            metric = item.target.metric
            rows.append(
                Row(
                    [
                        item.target.label,
                        str(METRIC_UNITS.get(Metric(metric), "")),
                        _value(item.planned, metric),
                        _value(item.planned_to_date, metric),
                        _value(item.actual, metric),
                        _percent(item.ratio_percent),
                        _value(item.forecast, metric),
                    ]
                )
            )
        section.tables.append(
            _table(
                _("Zielwerte der Fassung %(number)s mit Stand %(day)s")
                % {"number": version.number, "day": format_date(as_of)},
                [
                    _("Zielwert"),
                    _("Einheit"),
                    _("Ziel"),
                    _("Plan bis Stichtag"),
                    _("Ist"),
                    _("Erfüllung"),
                    _("Prognose"),
                ],
                rows,
                [False, False, True, True, True, True, True],
                ("2.4fr", "1fr", "1.6fr", "1.6fr", "1.6fr", "1.1fr", "1.6fr"),
            )
        )
    section.after = [
        str(steering_figures.PLAN_METHOD),
        str(steering_figures.FORECAST_METHOD),
        _("Erfüllung: Istwert ÷ anteiliger Plan in Prozent."),
    ]
    return section


def _participants_section(meeting: Meeting, actor) -> Section:
    projects = (
        Project.objects.filter(region=meeting.region, programme_year=meeting.programme_year)
        .select_related("region", "measure_type", "programme_year")
        .order_by("code")
    )
    table = indicators.indicator_table(
        actor, projects, year=meeting.programme_year.year, level="project"
    )
    section = Section(heading=_("3. Teilnehmende und Verbleib"))
    if not table.project_count:
        section.paragraphs.append(_("Für das Programmjahr sind keine Projekte erfasst."))
        return section
    rows = [
        Row([row.label, *(row.cell(code).display for code, _label in PARTICIPANT_COLUMNS)])
        for row in table.rows
    ]
    rows.append(
        Row(
            [_("gesamt"), *(table.total.cell(code).display for code, _l in PARTICIPANT_COLUMNS)],
            total=True,
        )
    )
    section.paragraphs.append(
        _(
            "Aus dem Teilnehmendenmonitoring der Projekte, Stand der Datensätze bei Erzeugung "
            "der Unterlage."
        )
    )
    section.tables.append(
        _table(
            _("Teilnehmende je Projekt"),
            [_("Projekt"), *(str(label) for _code, label in PARTICIPANT_COLUMNS)],
            rows,
            [False, *(True for _c in PARTICIPANT_COLUMNS)],
            ("3fr", *("1fr" for _c in PARTICIPANT_COLUMNS)),
        )
    )
    if table.suppressed:
        section.after.append(str(indicators.SUPPRESSION_NOTE))
    return section


def _deviations_section(agreement) -> Section:
    section = Section(heading=_("4. Abweichungen, Begründungen und Antworten"))
    deviations = (
        list(
            Deviation.objects.filter(agreement=agreement)
            .select_related("target", "rule")
            .prefetch_related(
                Prefetch(
                    "messages",
                    queryset=DeviationMessage.objects.select_related("author").order_by(
                        "written_on", "created_at", "pk"
                    ),
                )
            )
            .order_by("detected_on", "pk")
        )
        if agreement is not None
        else []
    )
    if not deviations:
        section.paragraphs.append(_("Es sind keine Abweichungen festgestellt."))
        return section
    for deviation in deviations:
        section.paragraphs.append(
            _(
                "**%(target)s** – %(direction)s: Erfüllung %(ratio)s am Stichtag %(as_of)s "
                "(anteiliger Plan %(planned)s, Ist %(actual)s; Regel „%(rule)s“), festgestellt "
                "am %(detected)s, Stand: %(status)s."
            )
            % {
                "target": deviation.target.label,
                "direction": deviation.get_direction_display(),
                "ratio": _percent(deviation.ratio_percent),
                "as_of": format_date(deviation.as_of),
                "planned": _value(deviation.planned_to_date, deviation.target.metric),
                "actual": _value(deviation.actual, deviation.target.metric),
                "rule": deviation.rule.name,
                "detected": format_date(deviation.detected_on),
                "status": deviation.get_status_display(),
            }
        )
        for message in deviation.messages.all():
            text = _("%(kind)s vom %(date)s: %(body)s") % {
                "kind": message.get_kind_display(),
                "date": format_date(message.written_on),
                "body": message.body,
            }
            if message.correction:
                text += " " + _("Geplante Gegensteuerung: %(correction)s") % {
                    "correction": message.correction
                }
            section.paragraphs.append(text)
    return section


def _tasks_section(meeting: Meeting) -> Section:
    section = Section(heading=_("5. Offene Aufgaben"))
    tasks = list(
        Resolution.objects.filter(
            kind=ResolutionKind.TASK,
            status__in=OPEN_TASK_STATUSES,
            meeting__region_id=meeting.region_id,
            meeting__held_on__lte=meeting.held_on,
        )
        .select_related("owner", "meeting__programme_year")
        .order_by("due_on", "pk")
    )
    if not tasks:
        section.paragraphs.append(_("Es gibt keine offenen Aufgaben aus Besprechungen."))
        return section
    rows = [
        Row(
            [
                task.text,
                (task.owner.get_full_name() or task.owner.username) if task.owner else "–",
                format_date(task.due_on),
                task.get_status_display(),
                _("Besprechung vom %(date)s") % {"date": format_date(task.meeting.held_on)},
            ]
        )
        for task in tasks
    ]
    section.tables.append(
        _table(
            _("Offene Aufgaben dieser und früherer Besprechungen"),
            [_("Aufgabe"), _("zuständig"), _("fällig am"), _("Stand"), _("aus")],
            rows,
            [False, False, False, False, False],
            ("3fr", "1.5fr", "1.2fr", "1fr", "1.5fr"),
        )
    )
    return section


def briefing_pack(meeting: Meeting, as_of: dt.date, *, actor) -> BriefingPack:
    region = meeting.region
    programme_year = meeting.programme_year
    agreement = selectors.agreement_get(region, programme_year)
    version = selectors.binding_version(agreement)
    facts = [
        (_("Gebietskörperschaft"), region.official_name or region.name),
        (_("Programm"), programme_year.programme.name),
        (_("Programmjahr"), str(programme_year.year)),
        (_("Besprechung am"), format_date(meeting.held_on)),
        (_("Ort"), meeting.place or "–"),
        (_("Stand der Zahlen (Stichtag)"), format_date(as_of)),
        (
            _("Zielvereinbarung"),
            _("Fassung %(number)s (%(status)s)")
            % {"number": version.number, "status": version.get_status_display()}
            if version is not None
            else _("keine unterzeichnete Fassung"),
        ),
    ]
    sections = [
        _budget_section(meeting, as_of),
        _targets_section(version, as_of),
        _participants_section(meeting, actor),
        _deviations_section(agreement),
        _tasks_section(meeting),
    ]
    if meeting.agenda:
        sections.insert(
            0, Section(heading=_("Tagesordnung"), paragraphs=meeting.agenda.splitlines())
        )
    return BriefingPack(
        title=_("Sitzungsunterlage zur Umsetzungsbesprechung"),
        subtitle=_("%(region)s – Programmjahr %(year)s")
        % {"region": region.name, "year": programme_year.year},
        facts=facts,
        sections=sections,
        region_name=region.name,
        author=(version.ministry_name if version is not None else "")
        or _("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"),
    )


# --- Typst ---------------------------------------------------------------------------------------

PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, keywords: {keywords})
#set page(
  paper: "a4",
  margin: (left: 2.5cm, right: 2cm, top: 2.2cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))),
)
#set text(font: {font}, size: 10.5pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: false, leading: 0.6em, spacing: 1em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 1): set block(above: 0em, below: 0.8em)
#show heading.where(level: 2): set block(above: 1.6em, below: 0.8em)
#set table(stroke: 0.5pt, inset: (x: 4pt, y: 3pt))
#show figure.where(kind: table): set text(size: 9pt)
#show figure.caption: set text(size: 9.5pt)
#show figure: set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
"""


def _inline(text: str) -> str:
    """String literals; **bold** parts become strong(...)."""
    pieces = []
    for index, piece in enumerate(text.split("**")):
        if piece:
            literal = typst_string(piece)
            pieces.append(f"#strong({literal})" if index % 2 else f"#{literal}")
    return "[" + "".join(pieces) + "]"


def typst_source(pack: BriefingPack) -> str:
    out = [
        PREAMBLE.format(
            title=typst_string(f"{pack.title} – {pack.subtitle}"),
            author=typst_string(pack.author),
            description=typst_string(f"{pack.title} – {pack.subtitle}"),
            keywords=(
                f"({typst_string('Umsetzungsbesprechung')}, {typst_string(pack.region_name)},)"
            ),
            font=typst_string(FONT),
        ),
        # A block of its own (a bare par overlapped the title below it).
        f"#block(width: 100%, below: 1.5em, align(right, {typst_string(pack.author)}))",
        f"#heading(level: 1, {typst_string(pack.title)})",
        f"#par(strong({typst_string(pack.subtitle)}))",
        "#table(",
        "  columns: (auto, 1fr),",
        "  stroke: none,",
        "  inset: (x: 0pt, y: 3pt),",
        "  column-gutter: 1.5em,",
        *(f"  {typst_string(label)}, {typst_string(value)}," for label, value in pack.facts),
        ")",
    ]
    for section in pack.sections:
        out.append(f"#heading(level: 2, {typst_string(section.heading)})")
        out.extend(f"#par({_inline(text)})" for text in section.paragraphs if text.strip())
        for table in section.tables:
            out.extend(typst_table(table))
        out.extend(
            f"#par(text(size: 9.5pt, {typst_string(text)}))" for text in section.after if text
        )
    return "\n".join(out) + "\n"


def render_briefing_pdf(
    meeting: Meeting, as_of: dt.date, *, actor, timestamp: dt.datetime
) -> bytes:
    """The pack as PDF/A-2a + PDF/UA-1; the same data, cut-off day and timestamp give the same
    bytes (the timestamp is the creation date in the metadata)."""
    source = typst_source(briefing_pack(meeting, as_of, actor=actor))
    return typst.compile(
        source.encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=timestamp.astimezone(dt.UTC).replace(microsecond=0),
    )
