"""PDF/A-2a (archivable, tagged) and PDF/UA-1 through Typst, from the one document structure.

The Typst source is generated here. Every text of the agreement goes in as a Typst *string
literal* ("…"), never as markup, so # * _ $ @ < [ ` ~ \\ and shorthands such as -- or ... come out
literally; inline bold (**…**) becomes strong(…).

Only the fonts built into the Typst compiler are used (Libertinus Serif), so the output does not
depend on the fonts installed on the server; Typst embeds them with their Unicode mapping, so
umlauts and „…“ quotes stay extractable. Hyphenation is off: the words of the PDF are exactly the
words of the agreement (the golden test compares them with the signed original).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typst

from zielwerk.core.text import strip_invisible

from ..document import AgreementDocument, BulletList, Paragraph, SignatureBlock, Subheading
from .markdown import place_and_date

if TYPE_CHECKING:
    from typst import PDFStandard

# PDF/A-2 level a (tagged: headings, paragraphs, lists, table) and PDF/UA-1 (accessible, as the
# BITV expects of public bodies). Typst checks both while it writes the file.
PDF_STANDARDS: list[PDFStandard] = ["a-2a", "ua-1"]
FONT = "Libertinus Serif"

BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
ALL_BOLD_RE = re.compile(r"^\*\*[^*]+\*\*$")

PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, keywords: {keywords})
#set page(
  paper: "a4",
  margin: (x: 2.5cm, top: 2.5cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))),
)
#set text(font: {font}, size: 11pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: true, leading: 0.65em, spacing: 1.1em)
#set list(indent: 0.6em, body-indent: 0.6em, spacing: 0.6em)
#show title: set text(size: 18pt, weight: "bold")
#show title: set align(center)
#show title: set block(below: 1.2em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading.where(level: 1): set align(center)
#show heading.where(level: 1): set block(above: 1.9em, below: 1.1em)
#show heading.where(level: 2): set block(above: 1.4em, below: 0.8em)
"""


def typst_string(text: str) -> str:
    """A Typst string literal: shown verbatim (no markup, no shorthands, no smart quotes);
    control characters, bidi overrides and zero-width spaces are dropped (core.text)."""
    escaped = (
        strip_invisible(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


@dataclass(frozen=True)
class TableRow:
    cells: list[str]
    total: bool = False  # the sum row, bold
    note: str = ""  # a line under the row spanning all columns (e.g. the reason of a cut)


@dataclass(frozen=True)
class Table:
    """A table of a generated document (decisions, briefing packs, reports)."""

    caption: str
    header: list[str]
    rows: list[TableRow]
    numeric: list[bool]  # right-aligned columns
    widths: tuple[str, ...] = ()  # Typst track sizes; default: numbers auto, texts 1fr
    wrap_headings: bool = False  # long headings break after a slash or are hyphenated


# A slash and a zero-width space, as a Typst escape inside the string literal (typst_string
# drops a literal U+200B): a line may break after the slash.
SLASH_BREAK = "/\\u{200b}"


def typst_table(table: Table) -> list[str]:
    """The Typst lines of a tagged table with a caption and a header row; every cell a string
    literal."""
    widths = ", ".join(
        table.widths or tuple("auto" if numeric else "1fr" for numeric in table.numeric)
    )
    aligns = ", ".join("right" if numeric else "left" for numeric in table.numeric)
    if table.wrap_headings:
        headings = [
            f"strong(text(hyphenate: true, {typst_string(h).replace('/', SLASH_BREAK)}))"
            for h in table.header
        ]
    else:
        headings = [f"strong({typst_string(h)})" for h in table.header]
    out = [
        f"#figure(kind: table, supplement: none, caption: {typst_string(table.caption)}, table(",
        f"  columns: ({widths},),",
        f"  align: ({aligns},),",
        "  table.header(" + ", ".join(headings) + "),",
    ]
    for row in table.rows:
        cells = [
            f"strong({typst_string(cell)})" if row.total else typst_string(cell)
            for cell in row.cells
        ]
        out.append("  " + ", ".join(cells) + ",")
        if row.note:
            out.append(
                f"  table.cell(colspan: {len(table.header)}, "
                f"text(size: 9.5pt, {typst_string(row.note)})),"
            )
    out.append("))")
    return out


def _pieces(text: str) -> str:
    """The markup of a text with **bold** parts: only string literals and strong(...) calls.
    Each piece starts with # and is followed by # or the end, so none is read as a field access."""
    out: list[str] = []
    # re.split with one group: the odd pieces are the bold ones.
    for index, piece in enumerate(BOLD_RE.split(text)):
        if piece:
            out.append(
                f"#strong({typst_string(piece)})" if index % 2 else f"#{typst_string(piece)}"
            )
    return "".join(out)


def inline(text: str) -> str:
    """A Typst content block [...] for a text with **bold** parts."""
    return f"[{_pieces(text)}]"


def lines(texts: Iterable[str]) -> str:
    """A content block with a line break between the texts."""
    return "[" + "#linebreak()".join(_pieces(text) for text in texts) + "]"


def _title_block(title_lines: list[str]) -> list[str]:
    if not title_lines:
        return []
    out = [f"#title({inline(title_lines[0])})"]
    if title_lines[1:]:
        out.append("#align(center)[")
        out.extend(f"  #par(justify: false, strong({inline(line)}))" for line in title_lines[1:])
        out.append("]")
    return out


def _signature_grid(signatures: list[SignatureBlock]) -> list[str]:
    """The parties side by side: place and date, a line to sign on, then name and functions.
    Cells are written row by row, so the reading order is all places and dates, then all names –
    the order of the published agreements."""
    if not signatures:
        return []
    cells = [inline(place_and_date(s.place, s.date)) for s in signatures]
    cells += ["line(length: 100%, stroke: 0.5pt)" for _ in signatures]
    cells += [lines([s.name, *s.functions]) if s.name else "[]" for s in signatures]
    return [
        "#block(breakable: false, above: 3em, grid(",
        f"  columns: {len(signatures)} * (1fr,),",
        "  column-gutter: 2.5em,",
        "  row-gutter: (3.5em, 0.5em),",
        "  align: left + top,",
        *(f"  {cell}," for cell in cells),
        "))",
    ]


def typst_source(document: AgreementDocument) -> str:
    """The complete Typst document."""
    out = [
        PREAMBLE.format(
            title=typst_string(document.title),
            author=typst_string(document.ministry_name),
            description=typst_string(
                f"{document.title}, Fassung {document.version_number} ({document.status_label})"
            ),
            keywords=f"({typst_string('Zielvereinbarung')}, {typst_string(document.region_name)},)",
            font=typst_string(FONT),
        ),
        *_title_block(document.title_lines),
    ]
    for section in document.sections:
        heading = [part for part in (section.number, section.title) if part]
        if heading:
            out.append(f"#heading(level: 1, {lines(heading)})")
        for block in section.blocks:
            if isinstance(block, Subheading):
                out.append(f"#heading(level: {2 if heading else 1}, {inline(block.text)})")
            elif isinstance(block, Paragraph):
                if ALL_BOLD_RE.match(block.text):  # a stand-alone figure, e.g. the amount in § 4
                    out.append(f"#align(center, par({inline(block.text)}))")
                else:
                    out.append(f"#par({inline(block.text)})")
            elif isinstance(block, BulletList):
                out.append(f"#list({', '.join(inline(item) for item in block.items)},)")
    out.extend(_signature_grid(document.signatures))
    return "\n".join(out) + "\n"


def render_pdf(document: AgreementDocument, *, timestamp: dt.datetime | None = None) -> bytes:
    """The agreement as PDF/A-2a + PDF/UA-1. `timestamp` (time zone aware, whole seconds) is the
    creation date in the metadata, now by default; the same timestamp gives the same bytes."""
    when = timestamp or dt.datetime.now(dt.UTC)
    return typst.compile(
        typst_source(document).encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=when.replace(microsecond=0),
    )
