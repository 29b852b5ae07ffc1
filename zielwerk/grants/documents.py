"""The decision (Bescheid) as a document: one structure (`DecisionDocument`), two formats.

* PDF/A-2a + PDF/UA-1 through Typst, the approach of zielwerk/agreements/rendering/pdf.py and
  zielwerk/budgets/letters.py: every text goes in as a Typst string literal, only the compiler's
  built-in fonts are used, so the words of the PDF are exactly the words of the decision.
* DOCX through python-docx, as an editable copy (zielwerk/agreements/rendering/docx.py).

The layout is that of a German official letter: letterhead of the authority, the addressee, place
and date, file number, the subject in bold, salutation, the operative part (Tenor) with the table
of the projects, side conditions, reasons, the legal-remedy notice and the closing "Im Auftrag",
with "Seite X von Y" on every page. The same decision always gives the same bytes: the creation
date in the metadata is the time of issue (of creation for a draft).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.agreements.rendering.pdf import FONT, PDF_STANDARDS, Table, typst_string, typst_table
from zielwerk.agreements.rendering.pdf import TableRow as Row
from zielwerk.core.formats import format_date, format_euro, format_number
from zielwerk.core.text import strip_invisible_tree
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation

from .choices import DecisionKind
from .models import Decision
from .services.decisions import decision_texts

AUTHORITY_NAME = "Regierungspräsidium Kassel"
AUTHORITY_UNIT = "Dezernat 57"
AUTHORITY_PLACE = "Kassel"
# A paragraph that is only an amount ("2.483.300,00 €.") stands out, centred and bold.
AMOUNT_RE = re.compile(r"^[\d.]+,\d\d €\.?$")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class DecisionDocument:
    """Everything the decision says, already formatted."""

    sender: str
    sender_unit: str
    sender_address: list[str]
    addressee: list[str]
    place_and_date: str
    references: list[tuple[str, str]]
    subject: str
    salutation: str
    intro: list[str]
    tables: list[Table]
    sections: list[Section]
    closing: list[str]
    signature: list[str]
    is_draft: bool
    region_name: str
    kind_label: str
    filename_stem: str
    timestamp: dt.datetime
    notes: list[str] = field(default_factory=list)


def money(value: Decimal) -> str:
    return format_euro(value, cents="always", unit="€")


def signed_money(value: Decimal) -> str:
    if value > 0:
        return f"+{money(value)}"
    if value < 0:
        return f"−{money(-value)}"
    return f"±{money(value)}"


def paragraphs(text: str) -> list[str]:
    """A template text's paragraphs: separated by blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def _local_date(value: dt.datetime | None) -> dt.date:
    if value is None:
        return timezone.localdate()
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _authority(day: dt.date) -> tuple[str, str, list[str]]:
    authority = (
        Organisation.objects.filter(kind=OrganisationKind.AUTHORITY)
        .prefetch_related("names")
        .order_by("pk")
        .first()
    )
    if authority is None:
        return AUTHORITY_NAME, AUTHORITY_UNIT, []
    address = [line.strip() for line in authority.address.splitlines() if line.strip()]
    return authority.name_on(day), authority.unit, address


def _addressee(decision: Decision, day: dt.date) -> list[str]:
    region = decision.application.region
    administration = region.administration
    if administration is None:
        return [region.official_name or region.name]
    lines = [administration.name_on(day)]
    if administration.unit:
        lines.append(administration.unit)
    lines.extend(line.strip() for line in administration.address.splitlines() if line.strip())
    return lines


def _project_label(project) -> str:
    return f"{project.code} – {project.name}"


def _grant_table(decision: Decision) -> Table:
    rows = []
    applied_sum = approved_sum = Decimal("0.00")
    for item in decision.items.select_related("project__measure_type").order_by("project__code"):
        measure = item.project.measure_type
        note = ""
        if item.approved < item.applied:
            note = _("Teilbewilligung: %(reason)s") % {"reason": item.reason}
        rows.append(
            Row(
                [
                    _project_label(item.project),
                    f"{measure.number}. {measure.name}",
                    money(item.applied),
                    money(item.approved),
                ],
                note=note,
            )
        )
        applied_sum += item.applied
        approved_sum += item.approved
    rows.append(Row([_("Summe"), "", money(applied_sum), money(approved_sum)], total=True))
    return Table(
        caption=_("Bewilligte Beträge je Projekt"),
        header=[_("Projekt"), _("Maßnahmenart"), _("beantragt"), _("bewilligt")],
        rows=rows,
        numeric=[False, False, True, True],
    )


def _change_table(decision: Decision) -> Table:
    before = (
        {item.project_id: item.approved for item in decision.previous.items.all()}
        if decision.previous is not None
        else {}
    )
    rows = []
    old_sum = new_sum = Decimal("0.00")
    for item in decision.items.select_related("project").order_by("project__code"):
        old = before.get(item.project_id, Decimal("0.00"))
        rows.append(
            Row(
                [
                    _project_label(item.project),
                    money(old),
                    money(item.approved),
                    signed_money(item.approved - old),
                ],
                note=(_("Begründung: %(reason)s") % {"reason": item.reason}) if item.reason else "",
            )
        )
        old_sum += old
        new_sum += item.approved
    rows.append(
        Row(
            [_("Summe"), money(old_sum), money(new_sum), signed_money(new_sum - old_sum)],
            total=True,
        )
    )
    return Table(
        caption=_("Gegenüberstellung der bewilligten Beträge"),
        header=[_("Projekt"), _("bisher bewilligt"), _("neu bewilligt"), _("Differenz")],
        rows=rows,
        numeric=[False, True, True, True],
    )


def _reclaim_tables(decision: Decision) -> list[Table]:
    reclaim = getattr(decision, "reclaim", None)
    if reclaim is None:
        return []
    lines = [
        Row(
            [
                format_date(dt.date.fromisoformat(str(line["paid_on"]))),
                money(Decimal(str(line["amount"]))),
                str(line["days"]),
                money(Decimal(str(line["interest"]))),
            ]
        )
        for line in reclaim.lines
    ]
    lines.append(
        Row([_("Summe"), money(reclaim.principal), "", money(reclaim.interest)], total=True)
    )
    summary = [
        Row([_("Erstattungsbetrag"), money(reclaim.principal)]),
        Row(
            [
                _("Zinssatz"),
                _("%(rate)s %% jährlich") % {"rate": format_number(reclaim.interest_percent, 2)},
            ]
        ),
        Row([_("Zinsen"), money(reclaim.interest)]),
        Row([_("insgesamt zu zahlen"), money(reclaim.total)], total=True),
        Row([_("fällig am"), format_date(reclaim.interest_until)]),
    ]
    return [
        Table(
            caption=_("Zinsberechnung je Auszahlung"),
            header=[_("Auszahlung vom"), _("erstatteter Anteil"), _("Tage"), _("Zinsen")],
            rows=lines,
            numeric=[False, True, True, True],
        ),
        Table(
            caption=_("Zu erstattender Betrag"),
            header=[_("Position"), _("Betrag")],
            rows=summary,
            numeric=[False, True],
        ),
    ]


def build_document(decision: Decision) -> DecisionDocument:
    application = decision.application
    programme_year = application.programme_year
    region = application.region
    when = decision.issued_at or decision.created_at or timezone.now()
    day = decision.issued_on or _local_date(decision.created_at)
    sender, unit, address = _authority(day)
    texts = decision_texts(decision)
    if decision.kind == DecisionKind.GRANT:
        tables = [_grant_table(decision)]
    elif decision.kind == DecisionKind.RECLAIM:
        tables = _reclaim_tables(decision)
    else:
        tables = [_change_table(decision)]
    references = [(_("Aktenzeichen:"), decision.reference)]
    if application.submitted_at:
        references.append((_("Ihr Antrag vom"), format_date(application.submitted_at)))
    if decision.previous is not None and decision.previous.issued_on:
        references.append((_("Bezug: Bescheid vom"), format_date(decision.previous.issued_on)))
    sections = [
        Section(heading, paragraphs(texts[key]))
        for heading, key in (
            (_("Nebenbestimmungen"), "conditions"),
            (_("Begründung"), "reasons"),
            (_("Rechtsbehelfsbelehrung"), "remedy"),
        )
        if texts[key].strip()
    ]
    signer = decision.issued_by.get_full_name() if decision.issued_by else ""
    return DecisionDocument(
        sender=sender,
        sender_unit=unit,
        sender_address=address,
        addressee=_addressee(decision, day),
        place_and_date=_("%(place)s, den %(date)s")
        % {"place": AUTHORITY_PLACE, "date": format_date(day)},
        references=references,
        subject=texts["title"],
        salutation=_("Sehr geehrte Damen und Herren,"),
        intro=paragraphs(texts["intro"]),
        tables=tables,
        sections=sections,
        closing=paragraphs(texts["closing"]),
        signature=[_("Mit freundlichen Grüßen"), _("Im Auftrag"), *([signer] if signer else [])],
        is_draft=not decision.is_issued,
        region_name=region.name,
        kind_label=decision.get_kind_display(),
        filename_stem=f"bescheid-{programme_year.year}-{region.slug}-{decision.number}",
        timestamp=when,
    )


# --- PDF through Typst ---------------------------------------------------------------------------

PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, keywords: {keywords})
#set page(
  paper: "a4",
  margin: (left: 2.5cm, right: 2cm, top: 2cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))),
)
#set text(font: {font}, size: 11pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: false, leading: 0.65em, spacing: 1.1em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading.where(level: 1): set block(above: 1.8em, below: 1.2em)
#show heading.where(level: 2): set block(above: 1.5em, below: 0.8em)
#set table(stroke: 0.5pt, inset: (x: 5pt, y: 4pt))
"""


def _lines(texts: list[str], *, bold_first: bool = False) -> str:
    pieces = []
    for index, text in enumerate(texts):
        literal = typst_string(text)
        pieces.append(f"#strong({literal})" if bold_first and index == 0 else f"#{literal}")
    return "[" + "#linebreak()".join(pieces) + "]"


def _par(text: str) -> str:
    if AMOUNT_RE.match(text):
        return f"#align(center, par(strong({typst_string(text)})))"
    return f"#par({_lines(text.split(chr(10)))})"


def typst_source(document: DecisionDocument) -> str:
    out = [
        PREAMBLE.format(
            title=typst_string(document.subject),
            author=typst_string(document.sender),
            description=typst_string(
                f"{document.kind_label} – {document.region_name} – {document.references[0][1]}"
            ),
            keywords=(
                f"({typst_string(document.kind_label)}, {typst_string(document.region_name)},)"
            ),
            font=typst_string(FONT),
        ),
        "#show figure.caption: set text(size: 9.5pt)",
        "#show figure: set block(breakable: true)",
        "#show figure.where(kind: table): set figure.caption(position: top)",
    ]
    if document.is_draft:
        out.append(f"#align(center, par(strong({typst_string(_('ENTWURF – nicht erlassen'))})))")
    letterhead = [document.sender, document.sender_unit, *document.sender_address]
    out.append(
        f"#align(right, par({_lines([line for line in letterhead if line], bold_first=True)}))"
    )
    return_line = " · ".join([document.sender, *document.sender_address])
    out.append(f"#block(above: 1.5em, text(size: 8pt, {typst_string(return_line)}))")
    out.append(f"#block(above: 0.6em, below: 2em, par({_lines(document.addressee)}))")
    out.append(f"#align(right, par({typst_string(document.place_and_date)}))")
    out.append("#par(" + _lines([f"{label} {value}" for label, value in document.references]) + ")")
    out.append(f"#heading(level: 1, {typst_string(document.subject)})")
    out.append(f"#par({typst_string(document.salutation)})")
    out.extend(_par(text) for text in document.intro)
    for table in document.tables:
        out.extend(typst_table(table))
    for section in document.sections:
        out.append(f"#heading(level: 2, {typst_string(section.heading)})")
        out.extend(_par(text) for text in section.paragraphs)
    out.extend(_par(text) for text in document.closing)
    out.append(f"#block(above: 2em, breakable: false, par({_lines(document.signature)}))")
    return "\n".join(out) + "\n"


def render_pdf(document: DecisionDocument) -> bytes:
    """PDF/A-2a + PDF/UA-1; the creation date is the document's timestamp (whole seconds)."""
    import typst

    return typst.compile(
        typst_source(document).encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=document.timestamp.replace(microsecond=0),
    )


# --- DOCX ----------------------------------------------------------------------------------------


def _docx_lines(paragraph, texts: list[str], *, bold_first: bool = False, bold: bool = False):
    for index, text in enumerate(texts):
        if index:
            paragraph.add_run().add_break()
        run = paragraph.add_run(text)
        if bold or (bold_first and index == 0):
            run.bold = True


def _docx_setup(doc, document: DecisionDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt, RGBColor

    from zielwerk.agreements.rendering.docx import _field, _plain_font, _set_language

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(normal)
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(11)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(14)
        style.paragraph_format.space_after = Pt(6)
        _plain_font(style)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Seite ")
    _field(footer, "PAGE")
    footer.add_run(" von ")
    _field(footer, "NUMPAGES")
    props = doc.core_properties
    props.title = document.subject
    props.author = document.sender
    props.last_modified_by = document.sender
    props.subject = f"{document.kind_label} – {document.region_name}"
    props.keywords = f"{document.kind_label}, {document.region_name}"
    props.language = "de-DE"
    props.created = props.modified = document.timestamp.replace(microsecond=0, tzinfo=None)
    props.revision = 1


def _docx_table(doc, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    caption = doc.add_paragraph()
    caption.add_run(table.caption).italic = True
    grid = doc.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    header = grid.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for index, text in enumerate(table.header):
        paragraph = header.cells[index].paragraphs[0]
        paragraph.add_run(text).bold = True
        if table.numeric[index]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = grid.add_row().cells
        for index, text in enumerate(row.cells):
            paragraph = cells[index].paragraphs[0]
            run = paragraph.add_run(text)
            run.bold = row.total
            if table.numeric[index]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if row.note:
            note_cells = grid.add_row().cells
            merged = note_cells[0].merge(note_cells[-1])
            merged.paragraphs[0].add_run(row.note).font.size = Pt(9.5)
    doc.add_paragraph()


def _docx_par(doc, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = doc.add_paragraph()
    if AMOUNT_RE.match(text):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_lines(paragraph, [text], bold=True)
    else:
        _docx_lines(paragraph, text.split("\n"))


def render_docx(document: DecisionDocument) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # python-docx refuses text with characters XML 1.0 does not allow (e.g. U+0001).
    document = strip_invisible_tree(document)
    doc = Document()
    _docx_setup(doc, document)
    if document.is_draft:
        draft = doc.add_paragraph()
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        draft.add_run(_("ENTWURF – nicht erlassen")).bold = True
    letterhead = doc.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_lines(
        letterhead,
        [
            line
            for line in (document.sender, document.sender_unit, *document.sender_address)
            if line
        ],
        bold_first=True,
    )
    return_line = doc.add_paragraph()
    return_line.add_run(" · ".join([document.sender, *document.sender_address])).font.size = Pt(8)
    _docx_lines(doc.add_paragraph(), document.addressee)
    place = doc.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.add_run(document.place_and_date)
    _docx_lines(doc.add_paragraph(), [f"{label} {value}" for label, value in document.references])
    doc.add_paragraph(document.subject, style="Heading 1")
    doc.add_paragraph(document.salutation)
    for text in document.intro:
        _docx_par(doc, text)
    for table in document.tables:
        _docx_table(doc, table)
    for section in document.sections:
        doc.add_paragraph(section.heading, style="Heading 2")
        for text in section.paragraphs:
            _docx_par(doc, text)
    for text in document.closing:
        _docx_par(doc, text)
    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(18)
    _docx_lines(signature, document.signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
}


def render(decision: Decision, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the decision in the format ('pdf' or 'docx');
    KeyError for any other format."""
    content_type, renderer = FORMATS[fmt]
    document = build_document(decision)
    return renderer(document), content_type, f"{document.filename_stem}.{fmt}"
