"""The drafted narrative report (Sachbericht) of a proof of use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zielwerk.grants import narrative
from zielwerk.grants.narrative import MonitoringSummary, draft_narrative, monitoring_summary
from zielwerk.grants.services.proof import proof_create, proof_update
from zielwerk.grants.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(demo):
    return factories.make_grant_decision().application


def test_one_section_per_project_with_its_data(application):
    text = draft_narrative(application)
    assert text.startswith("Sachbericht zum Verwendungsnachweis 2024 – Wiesbaden")
    for project in application.projects():
        assert f"{project.name} ({project.code})" in text
    fib = application.projects().get(short_name="FIB")
    section = text.split(f"{fib.name} ({fib.code})")[1].split("Teilnehmende und Verbleib")[0]
    assert "Träger: " + fib.provider.name in section
    assert "Durchführungszeitraum: 01.01.2024 bis 31.12.2024" in section
    assert "geplante Teilnehmende: 40" in section
    # FIB: applied and approved 612,400.00; cost plan 672,400.00
    assert "bewilligte Zuwendung: 612.400,00" in section
    assert "Ausgaben laut Kostenplan: 672.400,00" in section
    assert "tatsächliche Ausgaben: siehe zahlenmäßiger Nachweis" in section


def test_partial_approval_shows_the_approved_amount(application):
    text = draft_narrative(application)
    cbg = application.projects().get(short_name="CBG")
    section = text.split(f"{cbg.name} ({cbg.code})")[1].split("Teilnehmende und Verbleib")[0]
    assert "bewilligte Zuwendung: 464.000,00" in section


def test_without_monitoring_the_draft_asks_for_the_figures(application):
    assert monitoring_summary(application.projects().first()) is None
    text = draft_narrative(application)
    assert text.count("Teilnehmende und Verbleib") == 6
    assert text.count("Monitoringdaten liegen noch nicht vor; bitte ergänzen.") == 6


def test_with_monitoring_the_draft_uses_it(application, monkeypatch):
    summary = MonitoringSummary(
        entries=42,
        exits=30,
        regular_exits=24,
        early_exits=6,
        destinations={"Ausbildung": 11, "Beschäftigung": 7},
    )
    monkeypatch.setattr(narrative, "monitoring_summary", lambda project: summary)
    text = draft_narrative(application)
    assert "Monitoringdaten liegen noch nicht vor" not in text
    assert "Eintritte: 42; Austritte: 30, davon regulär beendet: 24, vorzeitig beendet: 6." in text
    assert "- Ausbildung: 11" in text


def test_redraft_uses_the_actual_costs(application, users):
    proof = proof_create(actor=users["wiesbaden"], application=application)
    fib_items = proof.items.filter(project__short_name="FIB", side="cost")
    proof_update(
        actor=users["wiesbaden"],
        proof=proof,
        narrative="x",
        actuals={item.pk: Decimal("100000.00") for item in fib_items},
    )
    text = draft_narrative(application)
    # three FIB cost lines of 100,000.00 each
    assert "tatsächliche Ausgaben: 300.000,00" in text


def test_the_summary_counts_the_projects_participant_records(application):
    """Four records in FIB, made by hand: two still in, one regular exit into school or
    Ausbildung, one early exit into job search."""
    import datetime as dt

    from zielwerk.organisations.models import Region
    from zielwerk.participants.models import Participant
    from zielwerk.participants.pseudonyms import pseudonym, reference_hash

    fib = application.projects().get(short_name="FIB")
    exits = [(None, ""), (None, ""), ("regular", "education"), ("early", "job_search")]
    for number, (reason, situation) in enumerate(exits):
        digest = reference_hash(fib.pk, f"N-{number}")
        Participant.objects.create(
            project=fib,
            reference_hash=digest,
            pseudonym=pseudonym(digest),
            entered_on=dt.date(2024, 2, 1),
            gender="female",
            birth_year=2004,
            residence_region=Region.objects.get(slug="wiesbaden"),
            first_residence_hessen=True,
            entitlement="sgb2",
            via_household=False,
            employment_status="unemployed",
            education_level="isced_0_2",
            disability="no",
            foreign_background="no",
            third_country_national="no",
            followup_consent=False,
            exited_on=dt.date(2024, 8, 1) if reason else None,
            exit_reason=reason or "",
            situation_after_exit=situation,
        )
    summary = monitoring_summary(fib)
    assert summary == MonitoringSummary(
        entries=4,
        exits=2,
        regular_exits=1,
        early_exits=1,
        destinations={"Schule oder Ausbildung": 1, "Arbeitssuche": 1},
    )
    assert monitoring_summary(application.projects().get(short_name="HIB")) is None
    text = draft_narrative(application)
    assert "Eintritte: 4; Austritte: 2, davon regulär beendet: 1, vorzeitig beendet: 1." in text
