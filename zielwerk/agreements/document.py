"""One document structure for an agreement version; every output format renders this.

Inline emphasis stays as **…** in the text: each renderer turns it into its own markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from zielwerk.core.formats import format_euro, format_number
from zielwerk.organisations.grammar import ministry_cases, region_cases

from .choices import BlockKind
from .clauses import BLOCK_PLACEHOLDERS, fill


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Subheading | Paragraph | BulletList


@dataclass
class Section:
    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class SignatureBlock:
    party: str
    place: str
    date: dt.date | None
    name: str
    functions: tuple[str, ...]


@dataclass
class AgreementDocument:
    year: int
    region_name: str
    ministry_name: str
    version_number: int
    status_label: str
    is_amendment: bool
    title_lines: list[str]
    sections: list[Section]
    signatures: list[SignatureBlock]

    @property
    def title(self) -> str:
        kind = "Änderungsvereinbarung" if self.is_amendment else "Zielvereinbarung"
        return f"{kind} {self.year} – {self.region_name}"


@dataclass(frozen=True)
class ProjectGroup:
    heading: str
    projects: tuple[str, ...]


def placeholder_values(
    *, year: int, ministry_name: str, ministry_short: str, region_name: str, amount
) -> dict[str, str]:
    ministry = ministry_cases(ministry_name)
    region = region_cases(region_name)
    return {
        "jahr": str(year),
        "betrag": format_euro(amount) if amount is not None else "[Betrag offen]",
        "ministerium": ministry_name,
        "ministerium_kurz": ministry_short,
        "ministerium_nom": ministry.nominative,
        "Ministerium_nom": ministry.nominative[0].upper() + ministry.nominative[1:],
        "ministerium_gen": ministry.genitive,
        "ministerium_dat": ministry.dative,
        "gk": region_name,
        "gk_nom": region.nominative,
        "Gk_nom": region.nominative[0].upper() + region.nominative[1:],
        "gk_gen": region.genitive,
        "gk_dat": region.dative,
        "gk_akk": region.accusative,
    }


def parse_body(body: str, *, groups: list[ProjectGroup], key_figures: list[str]) -> list[Block]:
    """Blank lines separate chunks; '#### ' is a sub-heading; '- ' lines form a list."""
    blocks: list[Block] = []
    for chunk in body.split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].strip("{}") in BLOCK_PLACEHOLDERS:
            name = lines[0].strip("{}")
            if name == "projekte":
                for group in groups:
                    blocks.append(Subheading(group.heading))
                    blocks.append(BulletList(group.projects))
            elif key_figures:
                blocks.append(BulletList(tuple(key_figures)))
            continue
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith("#### "):
                blocks.append(Subheading(line[5:].strip()))
            elif line.startswith("- "):
                items.append(line[2:].strip())
            else:
                paragraph.append(line.strip())
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
        if items:
            blocks.append(BulletList(tuple(items)))
    return blocks


def format_key_figure(label: str, value: Decimal, unit: str) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return f"{label}: {format_number(value, places)} {unit}".strip()


def build_document(version) -> AgreementDocument:
    """The document of one AgreementVersion (reads its clauses, projects and signatures)."""
    agreement = version.agreement
    year = agreement.programme_year.year
    values = placeholder_values(
        year=year,
        ministry_name=version.ministry_name,
        ministry_short=version.ministry_short_name,
        region_name=version.region_name,
        amount=version.amount,
    )
    groups: list[ProjectGroup] = []
    for entry in version.version_projects.select_related("project__measure_type").order_by(
        "position"
    ):
        heading = entry.project.measure_type.heading
        if groups and groups[-1].heading == heading:
            groups[-1] = ProjectGroup(heading, (*groups[-1].projects, entry.project.name))
        else:
            groups.append(ProjectGroup(heading, (entry.project.name,)))
    key_figures = [
        format_key_figure(figure.label, figure.value, figure.unit)
        for figure in version.key_figures.order_by("position")
    ]

    title_lines: list[str] = []
    sections: list[Section] = []
    for clause in version.clauses.order_by("position"):
        if clause.kind == BlockKind.TITLE:
            title_lines = [fill(line, values).strip() for line in clause.body.splitlines()]
            title_lines = [line for line in title_lines if line]
            continue
        sections.append(
            Section(
                number=clause.number,
                title=fill(clause.title, values),
                # {projekte} and {eckdaten} have no value here and stay for parse_body.
                blocks=parse_body(
                    fill(clause.body, values), groups=groups, key_figures=key_figures
                ),
            )
        )
    signatures = [
        SignatureBlock(
            party=signature.party,
            place=signature.place,
            date=signature.signed_on,
            name=signature.name,
            functions=tuple(signature.functions),
        )
        for signature in version.signatures.order_by("position")
    ]
    return AgreementDocument(
        year=year,
        region_name=version.region_name,
        ministry_name=version.ministry_name,
        version_number=version.number,
        status_label=str(version.get_status_display()),
        is_amendment=version.kind == "amendment",
        title_lines=title_lines,
        sections=sections,
        signatures=signatures,
    )
