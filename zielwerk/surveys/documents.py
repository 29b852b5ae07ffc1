"""Documents of surveys: the region's copy of its answers as PDF/A-2a + PDF/UA-1 through Typst
(every text a Typst string literal, only the compiler's built-in font – as
steering/briefing.py), and the results as CSV and XLSX (one row per region, one column per
question)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import typst
import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.agreements.rendering.pdf import FONT, PDF_STANDARDS, typst_string
from zielwerk.core.formats import format_date, format_datetime
from zielwerk.core.spreadsheets import safe_row, xlsx_write

from .choices import QuestionKind
from .models import Response
from .results import answer_text, region_rows

PREAMBLE = """\
#set document(title: {title}, author: {author}, description: {description})
#set page(paper: "a4", margin: (x: 2.5cm, top: 2.5cm, bottom: 2.2cm),
  footer: context align(center, text(size: 9pt,
    "Seite " + str(here().page()) + " von " + str(counter(page).final().first()))))
#set text(font: {font}, size: 11pt, lang: "de", region: "DE", hyphenate: false)
#set par(justify: false, leading: 0.65em, spacing: 1.1em)
#show heading: set text(size: 12pt, weight: "bold")
#show heading.where(level: 1): set text(size: 16pt)
"""


def _scale_hint(question) -> str:
    ends = []
    if question.scale_min_label:
        ends.append(f"{question.scale_min} = {question.scale_min_label}")
    if question.scale_max_label:
        ends.append(f"{question.scale_max} = {question.scale_max_label}")
    return ", ".join(ends)


def response_typst(response: Response) -> str:
    survey, region = response.survey, response.region
    title = _("Antworten von %(region)s") % {"region": region.name}
    if response.submitted:
        state = _("abgesendet am %(when)s") % {"when": format_datetime(response.submitted_at)}
    else:
        state = _("Entwurf, zuletzt gespeichert am %(when)s") % {
            "when": format_datetime(response.saved_at)
        }
    answers = {answer.question_id: answer for answer in response.answers.all()}
    facts = _("Programmjahr %(year)s, Frist %(date)s, %(state)s.") % {
        "year": survey.programme_year.year,
        "date": format_date(survey.deadline),
        "state": state,
    }
    out = [
        PREAMBLE.format(
            title=typst_string(f"{survey.title} – {title}"),
            author=typst_string(region.name),
            description=typst_string(survey.title),
            font=typst_string(FONT),
        ),
        f"#heading(level: 1, {typst_string(survey.title)})",
        f"#par(strong({typst_string(title)}))",
        f"#par({typst_string(facts)})",
    ]
    for question in survey.questions.order_by("position").prefetch_related("choices"):
        out.append(f"#heading(level: 2, {typst_string(f'{question.position}. {question.text}')})")
        if question.kind == QuestionKind.SCALE and _scale_hint(question):
            out.append(f"#par(text(size: 9.5pt, {typst_string(_scale_hint(question))}))")
        text = answer_text(question, answers.get(question.pk)) or _("(keine Antwort)")
        out.append(f"#par({typst_string(text)})")
    return "\n".join(out) + "\n"


def render_response_pdf(response: Response, *, timestamp: dt.datetime | None = None) -> bytes:
    moment = timestamp or response.submitted_at or response.saved_at or timezone.now()
    return typst.compile(
        response_typst(response).encode(),
        format="pdf",
        ignore_system_fonts=True,
        pdf_standards=PDF_STANDARDS,
        timestamp=moment.astimezone(dt.UTC).replace(microsecond=0),
    )


# --- results as tables --------------------------------------------------------------------------


def _table(survey) -> tuple[list[str], list[list[str]]]:
    questions, rows = region_rows(survey)
    header = [
        _("Gebietskörperschaft"),
        _("Stand"),
        _("abgesendet am"),
        *(f"{q.position}. {q.text}" for q in questions),
    ]
    body = [
        [
            row.region_name,
            row.status,
            format_datetime(row.submitted_at) if row.submitted_at else "",
            *(answer_text(q, a) for q, a in zip(questions, row.answers, strict=True)),
        ]
        for row in rows
    ]
    return header, body


def results_csv(survey) -> bytes:
    header, body = _table(survey)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(header))
    for row in body:
        writer.writerow(safe_row(row))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def results_xlsx(survey) -> bytes:
    """Every cell a string cell (core.spreadsheets.xlsx_write): a spreadsheet never runs an
    answer as a formula (the CSV, which has no cell types, puts a ' before the risky ones)."""
    header, body = _table(survey)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_("Antworten")[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for column, cell in enumerate(header):
        xlsx_write(sheet, 0, column, cell, bold)
    for number, row in enumerate(body, start=1):
        for column, cell in enumerate(row):
            xlsx_write(sheet, number, column, cell, wrap)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 2, 18)
    sheet.set_column(3, max(3, len(header) - 1), 36)
    sheet.freeze_panes(1, 1)
    workbook.close()
    return output.getvalue()
