"""The briefing pack: a PDF/A through Typst whose text names the region, the targets, the
deviation's reason and the open tasks; the same input gives the same bytes."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest

from zielwerk.agreements.models import Agreement
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.steering import briefing
from zielwerk.steering.choices import DeviationStatus, Direction, MessageKind, ResolutionKind
from zielwerk.steering.models import Deviation, DeviationMessage, DeviationRule, Target
from zielwerk.steering.services.meetings import briefing_generate, meeting_save, resolution_save

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 9, 30)
AT = dt.datetime(2024, 10, 10, 7, 0, tzinfo=dt.UTC)
REASON = "Baustelle am Jobcenter Mitte verzögerte die Zugänge im Frühjahr."
CORRECTION = "Zusätzliche Informationstage in Schulen ab Oktober."


@pytest.fixture
def setting(users):
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    region = Region.objects.get(slug="wiesbaden")
    agreement = Agreement.objects.get(region=region, programme_year=year)
    version = agreement.versions.latest("number")
    entries = Target.objects.create(
        version=version,
        position=1,
        key="eintritte-gesamt",
        label="Eintritte gesamt",
        metric="entries",
        scope="region",
        value=Decimal(120),
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 12, 31),
    )
    Target.objects.create(
        version=version,
        position=2,
        key="ausgaben",
        label="Ausgaben gesamt",
        metric="spending",
        scope="region",
        value=Decimal("2483300.00"),
        period_from=dt.date(2024, 1, 1),
        period_to=dt.date(2024, 12, 31),
    )
    rule = DeviationRule.objects.create(
        programme=year.programme, name="Korridor 80–120 %", lower_percent=Decimal(80)
    )
    deviation = Deviation.objects.create(
        agreement=agreement,
        target=entries,
        target_key=entries.key,
        rule=rule,
        direction=Direction.BELOW,
        status=DeviationStatus.EXPLAINED,
        detected_on=dt.date(2024, 7, 1),
        checked_on=dt.date(2024, 7, 1),
        as_of=dt.date(2024, 6, 30),
        planned_to_date=Decimal("59.67"),
        actual=Decimal("40.00"),
        ratio_percent=Decimal("67.0"),
    )
    DeviationMessage.objects.create(
        deviation=deviation,
        kind=MessageKind.REASON,
        body=REASON,
        correction=CORRECTION,
        author=users["wiesbaden"],
        written_on=dt.date(2024, 7, 15),
    )
    meeting = meeting_save(
        actor=users["ministerium"],
        programme_year=year,
        region=region,
        held_on=dt.date(2024, 10, 17),
        place="Wiesbaden",
        agenda="Stand der Mittel\nAbweichungen",
    )
    resolution_save(
        actor=users["ministerium"],
        meeting=meeting,
        kind=ResolutionKind.TASK,
        text="Informationstage auswerten",
        owner=users["wiesbaden"],
        due_on=dt.date(2024, 11, 29),
    )
    return meeting


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext"):
        path = tmp_path / "unterlage.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(  # noqa: S603 – a fixed command on a file of the test
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout.decode()
    else:
        import io

        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_pack_is_a_pdf_a_with_the_content(setting, users, tmp_path):
    pdf = briefing.render_briefing_pdf(setting, AS_OF, actor=users["ministerium"], timestamp=AT)
    assert pdf.startswith(b"%PDF")
    # PDF/A identification in the XMP metadata (part 2, conformance A).
    assert b"pdfaid:part" in pdf
    assert b"pdfaid:conformance" in pdf
    text = pdf_text(pdf, tmp_path)
    assert "Sitzungsunterlage zur Umsetzungsbesprechung" in text
    assert "Wiesbaden – Programmjahr 2024" in text
    assert "30.09.2024" in text and "17.10.2024" in text
    assert "Eintritte gesamt" in text and "Ausgaben gesamt" in text
    assert REASON in text
    assert CORRECTION in text
    assert "Informationstage auswerten" in text
    assert "Seite 1 von" in text
    assert "Anteiliger Plan" in text and "Prognose zum Ende des Zeitraums" in text


def test_same_input_same_bytes(setting, users):
    first = briefing.render_briefing_pdf(setting, AS_OF, actor=users["ministerium"], timestamp=AT)
    second = briefing.render_briefing_pdf(setting, AS_OF, actor=users["ministerium"], timestamp=AT)
    assert first == second


def test_target_figures_in_the_pack(setting, users):
    """Plan to date of the entries target by hand: 120 × 274 days (01.01.–30.09.2024, a leap
    year) ÷ 366 days = 89.84 → shown rounded to the cent as 89,84."""
    pack = briefing.briefing_pack(setting, AS_OF, actor=users["ministerium"])
    targets = next(s for s in pack.sections if s.heading.startswith("2."))
    rows = {row.cells[0]: row.cells for row in targets.tables[0].rows}
    assert rows["Eintritte gesamt"][2] == "120"
    assert rows["Eintritte gesamt"][3] == "89,84"
    assert rows["Ausgaben gesamt"][2] == "2.483.300,00 €"
    deviations = next(s for s in pack.sections if s.heading.startswith("4."))
    assert any("67,0 %" in p and "Eintritte gesamt" in p for p in deviations.paragraphs)


def test_pack_without_targets_or_deviations(users, tmp_path):
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    meeting = meeting_save(
        actor=users["ministerium"],
        programme_year=year,
        region=Region.objects.get(slug="frankfurt"),
        held_on=dt.date(2024, 10, 20),
    )
    meeting = briefing_generate(actor=users["ministerium"], meeting=meeting, as_of=AS_OF, at=AT)
    text = pdf_text(meeting.briefing_pdf.read(), tmp_path)
    assert "Frankfurt" in text
    assert "keine unterzeichnete Fassung" in text
    assert "Es sind keine Abweichungen festgestellt." in text


def test_typst_source_keeps_markup_characters_literal(setting, users):
    setting.place = 'Raum #1 [A] "Nord" $x$'
    source = briefing.typst_source(
        briefing.briefing_pack(setting, AS_OF, actor=users["ministerium"])
    )
    assert '"Raum #1 [A] \\"Nord\\" $x$"' in source
