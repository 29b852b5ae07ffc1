"""The letter that tells a region about a changed allocation (Änderung der Mittelzuweisung), as
PDF/A-2a + PDF/UA-1 through Typst – the same approach and helpers as the agreements' PDF
(zielwerk/agreements/rendering/pdf.py): every text goes in as a Typst string literal, only the
compiler's built-in fonts are used, so the words of the PDF are exactly the words of the letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import typst
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.agreements.rendering.pdf import FONT, PDF_STANDARDS, typst_string
from zielwerk.agreements.services import ministry_names_on
from zielwerk.core.formats import format_date, format_euro

from .choices import AllocationStatus
from .models import AllocationVersion


@dataclass(frozen=True)
class AllocationLetter:
    """Everything the letter says, already formatted."""

    sender: str
    sender_short: str
    addressee: list[str]
    place_and_date: str
    subject: str
    salutation: str
    body: list[str]
    rows: list[tuple[str, str]]
    reason: str
    closing: list[str]
    region_name: str
    filename: str


def letter_available(version: AllocationVersion) -> bool:
    """Only a revised version (a cut or an increase) has a letter."""
    return version.status == AllocationStatus.REVISED


def _previous(version: AllocationVersion) -> AllocationVersion | None:
    return (
        AllocationVersion.objects.filter(
            allocation_id=version.allocation_id, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def _letter_date(version: AllocationVersion) -> dt.date:
    created = version.created_at
    if created is None:
        return timezone.localdate()
    return timezone.localtime(created).date() if timezone.is_aware(created) else created.date()


def allocation_letter(version: AllocationVersion) -> AllocationLetter:
    allocation = version.allocation
    region = allocation.region
    programme_year = allocation.programme_year
    ministry_name, ministry_short = ministry_names_on(version.effective_on)
    administration = region.administration
    addressee = [administration.name_on(version.effective_on) if administration else region.name]
    if administration is not None and administration.unit:
        addressee.append(administration.unit)
    if administration is not None and administration.address:
        addressee.extend(line.strip() for line in administration.address.splitlines() if line)
    old = _previous(version)
    old_amount = old.amount if old else Decimal(0)
    difference = version.amount - old_amount
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    programme = programme_year.programme.name
    subject = _("Änderung der Mittelzuweisung %(programme)s %(year)s") % {
        "programme": programme,
        "year": programme_year.year,
    }
    kind = _("erhöht") if difference > 0 else _("gekürzt") if difference < 0 else _("bestätigt")
    body = [
        _(
            "die Mittelzuweisung für %(region)s im Förderprogramm %(programme)s für das "
            "Programmjahr %(year)s wird mit Wirkung vom %(date)s %(kind)s."
        )
        % {
            "region": region.official_name or region.name,
            "programme": programme,
            "year": programme_year.year,
            "date": format_date(version.effective_on),
            "kind": kind,
        },
    ]
    rows = [
        (_("bisheriger Betrag"), format_euro(old_amount, cents="always")),
        (_("neuer Betrag"), format_euro(version.amount, cents="always")),
        (_("Differenz"), f"{sign} {format_euro(abs(difference), cents='always')}"),
        (_("wirksam ab"), format_date(version.effective_on)),
        (_("Fassung der Mittelzuweisung"), str(version.number)),
    ]
    closing = [
        _(
            "Die Zielvereinbarung wird an den neuen Betrag angepasst; ist sie bereits "
            "unterzeichnet, erhalten Sie eine Änderungsvereinbarung."
        ),
        _("Mit freundlichen Grüßen"),
        _("Im Auftrag"),
        ministry_name,
    ]
    return AllocationLetter(
        sender=ministry_name,
        sender_short=ministry_short,
        addressee=addressee,
        place_and_date=_("Wiesbaden, den %(date)s") % {"date": format_date(_letter_date(version))},
        subject=subject,
        salutation=_("Sehr geehrte Damen und Herren,"),
        body=body,
        rows=rows,
        reason=version.reason,
        closing=closing,
        region_name=region.name,
        filename=(
            f"mittelzuweisung-{programme_year.year}-{region.slug}-fassung-{version.number}.pdf"
        ),
    )


def _text_lines(texts: list[str]) -> str:
    return "[" + "#linebreak()".join(f"#{typst_string(text)}" for text in texts) + "]"


PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description}, keywords: {keywords})
#set page(
  paper: "a4",
  margin: (left: 2.5cm, right: 2cm, top: 2.5cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))),
)
#set text(font: {font}, size: 11pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: false, leading: 0.65em, spacing: 1.1em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading: set block(above: 1.6em, below: 1em)
"""


def letter_typst_source(letter: AllocationLetter) -> str:
    out = [
        PREAMBLE.format(
            title=typst_string(letter.subject),
            author=typst_string(letter.sender),
            description=typst_string(f"{letter.subject} – {letter.region_name}"),
            keywords=(f"({typst_string('Mittelzuweisung')}, {typst_string(letter.region_name)},)"),
            font=typst_string(FONT),
        ),
        f"#align(right, par(strong({typst_string(letter.sender)})))",
        f"#block(above: 2em, below: 2em, par({_text_lines(letter.addressee)}))",
        f"#align(right, par({typst_string(letter.place_and_date)}))",
        f"#heading(level: 1, {typst_string(letter.subject)})",
        f"#par({typst_string(letter.salutation)})",
        *(f"#par({typst_string(text)})" for text in letter.body),
        "#table(",
        "  columns: (auto, auto),",
        "  align: (left, right),",
        "  stroke: none,",
        "  inset: (x: 0pt, y: 4pt),",
        "  column-gutter: 2em,",
        *(f"  {typst_string(label)}, {typst_string(value)}," for label, value in letter.rows),
        ")",
    ]
    if letter.reason:
        out.append(f"#heading(level: 2, {typst_string(_('Begründung'))})")
        out.append(f"#par({typst_string(letter.reason)})")
    out.append(f"#par({typst_string(letter.closing[0])})")
    out.append(f"#block(above: 2em, par({_text_lines(letter.closing[1:])}))")
    return "\n".join(out) + "\n"


def render_letter_pdf(version: AllocationVersion, *, timestamp: dt.datetime | None = None) -> bytes:
    """The letter for a revised version as PDF/A-2a + PDF/UA-1."""
    letter = allocation_letter(version)
    when = timestamp or version.created_at or dt.datetime.now(dt.UTC)
    return typst.compile(
        letter_typst_source(letter).encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=when.replace(microsecond=0),
    )
