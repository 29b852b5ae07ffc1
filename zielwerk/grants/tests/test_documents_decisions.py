"""The decision as PDF/A and DOCX: an official German letter with the figures in German format."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document

from zielwerk.grants.choices import ApplicationStatus, DecisionKind
from zielwerk.grants.documents import build_document, render, typst_source
from zielwerk.grants.models import Reclaim
from zielwerk.grants.services.decisions import decision_draft, decision_issue, decision_update
from zielwerk.grants.tests.factories import make_application, make_grant_decision

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.django_db

REASON = "Die Anschaffung von Ausstattung ist nicht zuwendungsfähig."


@pytest.fixture
def issued(demo, users):
    authority = users["rp-kassel"]
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    decision = decision_draft(actor=authority, application=application, kind=DecisionKind.GRANT)
    cbg = decision.items.get(project__short_name="CBG")
    decision_update(
        actor=authority,
        decision=decision,
        items={cbg.project_id: (Decimal("464000.00"), REASON)},
        proof_due_on=dt.date(2025, 6, 30),
    )
    return decision_issue(actor=authority, decision=decision, on=dt.date(2024, 5, 15))


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def test_pdf_is_an_archivable_official_letter(issued):
    data, content_type, filename = render(issued, "pdf")
    assert content_type == "application/pdf"
    assert filename == "bescheid-2024-wiesbaden-1.pdf"
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in raw and "<pdfaid:part>2</pdfaid:part>" in raw
    assert "pdfuaid" in raw
    text = _pdf_text(data)
    for expected in (
        "Regierungspräsidium Kassel",
        "Dezernat 57",
        "Landeshauptstadt Wiesbaden",
        "Kassel, den 15.05.2024",
        "Aktenzeichen: 57-AQB-2024-WI-1",
        "Zuwendungsbescheid – Ausbildungs- und Qualifizierungsbudget 2024",
        "Sehr geehrte Damen und Herren,",
        "2.483.300,00 €",  # approved total
        "2.508.300,00 €",  # applied total
        "464.000,00 €",
        "489.000,00 €",
        "Teilbewilligung: " + REASON,
        "ANBest-GK",
        "30.06.2025",
        "Verwaltungsgericht Kassel",
        "Mit freundlichen Grüßen",
        "Im Auftrag",
        "Seite 1 von",
    ):
        assert expected in text, expected
    assert "ENTWURF" not in text


def test_same_decision_gives_the_same_bytes(issued):
    assert render(issued, "pdf")[0] == render(issued, "pdf")[0]
    assert render(issued, "docx")[0] == render(issued, "docx")[0]


def test_typst_source_holds_texts_only_as_string_literals(issued):
    issued.reasons = 'Begründung mit #set page(paper: "a5") und *Stern* und $x$'
    source = typst_source(build_document(issued))
    assert '"Begründung mit #set page(paper: \\"a5\\") und *Stern* und $x$"' in source


def test_docx_contains_the_project_table(issued):
    data, _content_type, filename = render(issued, "docx")
    assert filename.endswith(".docx")
    doc = Document(io.BytesIO(data))
    table = doc.tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Projekt", "Maßnahmenart", "beantragt", "bewilligt"]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    cbg = next(row for row in rows if row[0].startswith("WI-2024-CBG"))
    assert cbg[2:] == ["489.000,00 €", "464.000,00 €"]
    assert any(row[0] == "Teilbewilligung: " + REASON for row in rows)
    assert rows[-1] == ["Summe", "", "2.508.300,00 €", "2.483.300,00 €"]
    text = "\n".join(paragraph.text for paragraph in doc.paragraphs)
    assert "Kassel, den 15.05.2024" in text
    assert "Rechtsbehelfsbelehrung" in text


def test_draft_is_marked(demo, users):
    application = make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    decision = decision_draft(
        actor=users["rp-kassel"], application=application, kind=DecisionKind.GRANT
    )
    text = _pdf_text(render(decision, "pdf")[0])
    assert "ENTWURF" in text
    assert "2.508.300,00 €" in text


def test_amendment_shows_old_new_and_difference(demo, users):
    authority = users["rp-kassel"]
    grant = make_grant_decision()
    amendment = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.AMENDMENT
    )
    fib = amendment.items.get(project__short_name="FIB")
    decision_update(
        actor=authority,
        decision=amendment,
        items={fib.project_id: (Decimal("600000.00"), "Weniger Teilnehmende.")},
    )
    amendment = decision_issue(actor=authority, decision=amendment, on=dt.date(2024, 10, 1))
    doc = Document(io.BytesIO(render(amendment, "docx")[0]))
    rows = [[cell.text for cell in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["Projekt", "bisher bewilligt", "neu bewilligt", "Differenz"]
    fib_row = next(row for row in rows if row[0].startswith("WI-2024-FIB"))
    assert fib_row[1:] == ["612.400,00 €", "600.000,00 €", "−12.400,00 €"]
    cbg_row = next(row for row in rows if row[0].startswith("WI-2024-CBG"))
    assert cbg_row[3] == "±0,00 €"
    assert rows[-1] == ["Summe", "2.483.300,00 €", "2.470.900,00 €", "−12.400,00 €"]
    text = _pdf_text(render(amendment, "pdf")[0])
    assert "Änderungsbescheid" in text
    assert "Bezug: Bescheid vom 15.05.2024" in text
    assert "Ihr Antrag vom 28.03.2024" in text


def test_reclaim_document_lists_interest_per_payout(demo, users):
    from zielwerk.grants.choices import ProofStatus
    from zielwerk.grants.models import ProofOfUse

    authority = users["rp-kassel"]
    grant = make_grant_decision()
    ProofOfUse.objects.create(application=grant.application, status=ProofStatus.IN_REVIEW)
    decision = decision_draft(
        actor=authority, application=grant.application, kind=DecisionKind.RECLAIM
    )
    Reclaim.objects.create(
        decision=decision,
        principal=Decimal("12400.00"),
        interest_percent=Decimal("5.00"),
        interest_until=dt.date(2025, 9, 30),
        interest=Decimal("631.89"),
        lines=[{"paid_on": "2024-09-23", "amount": "12400.00", "days": 372, "interest": "631.89"}],
    )
    decision = decision_issue(actor=authority, decision=decision, on=dt.date(2025, 9, 1))
    text = _pdf_text(render(decision, "pdf")[0])
    for expected in (
        "Rückforderungsbescheid",
        "Kassel, den 01.09.2025",
        "23.09.2024",
        "12.400,00 €",
        "372",
        "631,89 €",
        "5,00 % jährlich",
        "13.031,89 €",
        "30.09.2025",
        "§ 49a",
    ):
        assert expected in text, expected
