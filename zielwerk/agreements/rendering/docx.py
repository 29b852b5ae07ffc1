"""Word (DOCX) as an editable draft, from the one document structure.

Headings use Word's heading styles (so the navigation pane and a later PDF export know the
structure), lists the "List Bullet" style, **…** becomes a bold run, and the signature block is a
borderless table with one column per party. Word chooses the font; Arial is asked for because the
ministry's templates use it.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from zielwerk.core.text import strip_invisible_tree

from ..document import AgreementDocument, BulletList, Paragraph, SignatureBlock, Subheading
from .markdown import place_and_date

FONT = "Arial"
LANGUAGE = "de-DE"
BLACK = RGBColor(0, 0, 0)

BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
ALL_BOLD_RE = re.compile(r"^\*\*[^*]+\*\*$")


def add_runs(paragraph, text: str, *, bold: bool = False) -> None:
    """Append the text to the paragraph; **…** parts become bold runs."""
    for index, piece in enumerate(BOLD_RE.split(text)):
        if piece:
            run = paragraph.add_run(piece)
            if bold or index % 2:
                run.bold = True


def add_lines(paragraph, texts: list[str], *, bold_first: bool = False) -> None:
    """The texts in one paragraph, separated by line breaks (as in a signature block)."""
    for index, text in enumerate(texts):
        if index:
            paragraph.add_run().add_break()
        add_runs(paragraph, text, bold=bold_first and index == 0)


def _set_language(style) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), LANGUAGE)
    rpr.append(lang)


def _plain_font(style) -> None:
    """Drop the theme fonts, which would win over the font named in the style."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(key), None)


def _remove_borders(style) -> None:
    ppr = style.element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _bottom_border(paragraph) -> None:
    """A line to sign on."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def _setup(doc, document: AgreementDocument, when: dt.datetime) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _set_language(normal)
    for name, size in (("Title", 18), ("Heading 1", 11), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(0 if name == "Title" else 14)
        style.paragraph_format.space_after = Pt(12 if name == "Title" else 6)
        _plain_font(style)
        _remove_borders(style)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Seite ")
    _field(footer, "PAGE")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES")

    props = doc.core_properties
    props.title = document.title
    props.author = document.ministry_name
    props.last_modified_by = document.ministry_name
    props.subject = f"Fassung {document.version_number} ({document.status_label})"
    props.keywords = f"Zielvereinbarung, {document.region_name}"
    props.language = LANGUAGE
    props.comments = "Entwurf zur Bearbeitung; maßgeblich ist die unterzeichnete Fassung."
    props.created = props.modified = when.replace(tzinfo=None)
    props.revision = document.version_number


def _signatures(doc, signatures: list[SignatureBlock]) -> None:
    """Row by row: places and dates, lines to sign on, names and functions."""
    if not signatures:
        return
    doc.add_paragraph()
    table = doc.add_table(rows=3, cols=len(signatures))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, signature in enumerate(signatures):
        place = table.cell(0, column).paragraphs[0]
        place.add_run(place_and_date(signature.place, signature.date))
        line = table.cell(1, column).paragraphs[0]
        line.paragraph_format.space_before = Pt(40)
        line.paragraph_format.right_indent = Cm(0.8)
        _bottom_border(line)
        name = table.cell(2, column).paragraphs[0]
        if signature.name:
            add_lines(name, [signature.name, *signature.functions])


def render_docx(document: AgreementDocument, *, timestamp: dt.datetime | None = None) -> bytes:
    # python-docx refuses text with characters XML 1.0 does not allow (e.g. U+0001).
    document = strip_invisible_tree(document)
    doc = Document()
    _setup(doc, document, timestamp or dt.datetime.now(dt.UTC).replace(microsecond=0))
    if document.title_lines:
        doc.add_paragraph(style="Title").add_run(document.title_lines[0])
        for line in document.title_lines[1:]:
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_runs(paragraph, line, bold=True)
    for section in document.sections:
        heading = [part for part in (section.number, section.title) if part]
        if heading:
            add_lines(doc.add_paragraph(style="Heading 1"), heading)
        for block in section.blocks:
            if isinstance(block, Subheading):
                style = "Heading 2" if heading else "Heading 1"
                add_runs(doc.add_paragraph(style=style), block.text)
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph()
                centred = ALL_BOLD_RE.match(block.text)
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
                )
                add_runs(paragraph, block.text)
            elif isinstance(block, BulletList):
                for item in block.items:
                    add_runs(doc.add_paragraph(style="List Bullet"), item)
    _signatures(doc, document.signatures)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
