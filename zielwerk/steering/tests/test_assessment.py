"""The year-end assessment: proposals from the figures, § 6 (accepted deviations), the ministry's
changes, the final step, the scores for the dashboard and the pages.

Expected values are worked out by hand from assessment_fixtures.py: 13 entries in 2024 (12 + one
in July; one from 2023 does not count), 6 exits into employment, 3 regular exits in 2024 (one
more in 2025 does not count), payments of 1.250.000,00 € (3.6.) and 1.233.300,00 € (23.9.)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zielwerk.steering.choices import AssessmentStatus, Attainment
from zielwerk.steering.models import Assessment, TargetAssessment
from zielwerk.steering.services.assessment import (
    assessment_create,
    assessment_finalise,
    assessment_rows,
    assessment_update,
    attainment_scores,
)

from .assessment_fixtures import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def fx(db, monkeypatch):
    """The demo with its grant procedure but without the other steering demos (this module
    builds its own steering state)."""
    from zielwerk.demo import steering
    from zielwerk.demo.data import seed

    monkeypatch.setattr(steering, "seed_steering", lambda report: None)
    seed()
    return build()


@pytest.fixture
def users(fx):
    from zielwerk.accounts.models import User

    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def people(users):
    return users


def items_by_key(assessment) -> dict[str, TargetAssessment]:
    return {item.target.key: item for item in assessment.items.select_related("target")}


def test_create_proposes_from_the_figures_at_year_end(fx, people):
    assessment = assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    assert assessment.as_of == dt.date(2024, 12, 31)
    assert assessment.version == fx.version
    assert assessment.status == AssessmentStatus.DRAFT
    items = items_by_key(assessment)

    entries = items["dik-eintritte"]  # 13 of 10 = 130 %
    assert (entries.planned, entries.actual, entries.ratio_percent) == (
        Decimal("10.00"),
        Decimal("13.00"),
        Decimal("130.0"),
    )
    assert entries.proposed == entries.result == Attainment.ATTAINED
    assert entries.deviation is None and entries.note == ""

    employment = items["dik-beschaeftigung"]  # 6 of 8 = 75 %: at least the rule's 70 % → partly
    assert (employment.actual, employment.ratio_percent) == (Decimal("6.00"), Decimal("75.0"))
    assert employment.proposed == Attainment.PARTLY

    regular = items["dik-regulaer"]  # 3 of 10 = 30 %; its deviation is only explained: no lift
    assert (regular.actual, regular.ratio_percent) == (Decimal("3.00"), Decimal("30.0"))
    assert regular.proposed == Attainment.NOT_ATTAINED
    assert regular.deviation is None


def test_accepted_deviation_lifts_the_proposal_one_level(fx, people):
    assessment = assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    spending = items_by_key(assessment)["ausgaben"]
    # 2.483.300 of 5.000.000 = 49,666 % → 49,7 %: not attained by the figures, partly with § 6.
    assert spending.actual == Decimal("2483300.00")
    assert spending.ratio_percent == Decimal("49.7")
    assert spending.proposed == spending.result == Attainment.PARTLY
    assert spending.deviation == fx.deviation  # the newest accepted one
    assert "Abweichung anerkannt" in spending.note
    assert fx.reason in spending.note
    assert "Erste Begründung" not in spending.note


def test_accepted_deviation_lifts_partly_to_attained(fx, people):
    from zielwerk.steering.models import Deviation

    Deviation.objects.filter(pk=fx.deviation.pk).update(
        target=fx.employment, target_key=fx.employment.key
    )
    assessment = assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    items = items_by_key(assessment)
    assert items["dik-beschaeftigung"].proposed == Attainment.ATTAINED
    # The other accepted deviation (3/2024) still belongs to the spending target.
    assert items["ausgaben"].proposed == Attainment.PARTLY


def test_create_as_of_an_earlier_day(fx, people):
    assessment = assessment_create(
        actor=people["ministerium"], agreement=fx.agreement, as_of=dt.date(2024, 8, 31)
    )
    spending = items_by_key(assessment)["ausgaben"]
    assert spending.actual == Decimal("1250000.00")  # only the June tranche
    assert spending.ratio_percent == Decimal("25.0")
    # 0 employment exits by 31.8. (they are in October): not attained, no deviation
    assert items_by_key(assessment)["dik-beschaeftigung"].actual == Decimal("0.00")


def test_create_refuses_a_second_assessment_and_unsigned_agreements(fx, people):
    ministry = people["ministerium"]
    assessment_create(actor=ministry, agreement=fx.agreement)
    with pytest.raises(ValidationError, match="bereits eine Bewertung"):
        assessment_create(actor=ministry, agreement=fx.agreement)
    assert Assessment.objects.filter(agreement=fx.agreement).count() == 1

    from zielwerk.agreements.models import Agreement

    frankfurt = Agreement.objects.get(region__slug="frankfurt", programme_year__year=2024)
    with pytest.raises(ValidationError, match="noch nicht unterzeichnet"):
        assessment_create(actor=ministry, agreement=frankfurt)
    with pytest.raises(ValidationError, match="nicht im Programmjahr"):
        from zielwerk.agreements.models import Agreement as A

        assessment_create(
            actor=ministry,
            agreement=A.objects.get(pk=fx.agreement.pk),
            as_of=dt.date(2025, 1, 31),
        )


@pytest.mark.parametrize("username", ["rp-kassel", "wiesbaden", "frankfurt", "traeger-wiesbaden"])
def test_only_the_ministry_assesses(fx, people, username):
    with pytest.raises(PermissionDenied):
        assessment_create(actor=people[username], agreement=fx.agreement)
    assert not Assessment.objects.exists()
    assessment = assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    with pytest.raises(PermissionDenied):
        assessment_update(actor=people[username], assessment=assessment, items={}, summary="x")
    with pytest.raises(PermissionDenied):
        assessment_finalise(actor=people[username], assessment=assessment)
    assessment.refresh_from_db()
    assert (assessment.summary, assessment.status) == ("", AssessmentStatus.DRAFT)


def test_admin_assesses_like_the_ministry(fx, people):
    assessment = assessment_create(actor=people["admin"], agreement=fx.agreement)
    assert assessment.items.count() == 4


def test_update_needs_a_note_for_a_changed_result(fx, people):
    ministry = people["ministerium"]
    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    with pytest.raises(ValidationError) as refused:
        assessment_update(
            actor=ministry,
            assessment=assessment,
            items={fx.regular.pk: (Attainment.PARTLY, "  ")},
            summary="Zusammenfassung",
        )
    assert "Reguläre Austritte" in str(refused.value)
    assessment.refresh_from_db()
    assert assessment.summary == ""  # nothing changed
    assert items_by_key(assessment)["dik-regulaer"].result == Attainment.NOT_ATTAINED

    with pytest.raises(ValidationError, match="kein Ergebnis"):
        assessment_update(
            actor=ministry, assessment=assessment, items={fx.regular.pk: ("gut", "")}, summary=""
        )

    assessment_update(
        actor=ministry,
        assessment=assessment,
        items={fx.regular.pk: (Attainment.PARTLY, "Zwei Austritte kurz nach Jahresende.")},
        summary="Zusammenfassung",
    )
    assessment.refresh_from_db()
    assert assessment.summary == "Zusammenfassung"
    regular = items_by_key(assessment)["dik-regulaer"]
    assert (regular.result, regular.proposed) == (Attainment.PARTLY, Attainment.NOT_ATTAINED)
    assert regular.note == "Zwei Austritte kurz nach Jahresende."

    from zielwerk.core.models import AuditEntry

    trail = AuditEntry.objects.filter(action__startswith="assessment.", object_id=assessment.pk)
    assert list(trail.order_by("pk").values_list("action", flat=True)) == [
        "assessment.create",
        "assessment.update",
    ]


def test_finalise_freezes_and_notifies_the_region(fx, people):
    from zielwerk.notifications.models import Notification

    ministry = people["ministerium"]
    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    before = Notification.objects.filter(recipient=people["wiesbaden"]).count()
    assessment_finalise(actor=ministry, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINAL
    assert assessment.finalised_by == ministry and assessment.finalised_at is not None
    notices = Notification.objects.filter(recipient=people["wiesbaden"]).order_by("pk")
    assert notices.count() == before + 1
    latest = notices.last()
    assert latest is not None and latest.link == "/steuerung/2024/wiesbaden/bewertung/"
    # Frankfurt's coordination hears nothing.
    assert not Notification.objects.filter(
        recipient=people["frankfurt"], title__contains="Zielerreichung"
    ).exists()

    with pytest.raises(PermissionDenied):
        assessment_update(
            actor=ministry,
            assessment=assessment,
            items={fx.regular.pk: (Attainment.PARTLY, "später")},
            summary="später",
        )
    with pytest.raises(PermissionDenied):
        assessment_finalise(actor=ministry, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.summary == ""
    assert items_by_key(assessment)["dik-regulaer"].result == Attainment.NOT_ATTAINED


def test_scores_count_final_assessments_only(fx, people):
    ministry = people["ministerium"]
    py = fx.agreement.programme_year
    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    assert attainment_scores(py) == {}  # a draft does not count
    assessment_update(
        actor=ministry,
        assessment=assessment,
        items={fx.regular.pk: (Attainment.PARTLY, "Austritte Anfang Januar.")},
        summary="",
    )
    assessment_finalise(actor=ministry, assessment=assessment)
    # attained 100, partly 50 (employment), partly 50 (spending, § 6), partly 50 (changed)
    assert attainment_scores(py) == {fx.agreement.region_id: Decimal("62.5")}


def test_score_rounds_to_one_decimal(fx, people):
    from zielwerk.steering.models import Deviation, Target

    Deviation.objects.filter(target=fx.regular).delete()
    Target.objects.filter(pk=fx.regular.pk).delete()
    ministry = people["ministerium"]
    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    assessment_finalise(actor=ministry, assessment=assessment)
    # (100 + 50 + 50) / 3 = 66,666… → 66,7
    assert attainment_scores(fx.agreement.programme_year) == {
        fx.agreement.region_id: Decimal("66.7")
    }


def test_assessment_rows(fx, people):
    ministry = people["ministerium"]
    rows = {(r.region.slug, r.year): r for r in assessment_rows([2024])}
    assert rows[("wiesbaden", 2024)].status == "open"
    assert rows[("wiesbaden", 2024)].targets == 4
    assert rows[("wiesbaden", 2024)].accepted_deviations == 2
    assert rows[("frankfurt", 2024)].status == "open"
    assert rows[("frankfurt", 2024)].targets is None  # nothing signed
    assert rows[("kassel", 2024)].status == "no_agreement"
    assert {year for _slug, year in rows} == {2024}

    assessment = assessment_create(actor=ministry, agreement=fx.agreement)
    row = {(r.region.slug, r.year): r for r in assessment_rows([2024])}[("wiesbaden", 2024)]
    assert (row.status, row.attained, row.partly, row.not_attained) == ("draft", 1, 2, 1)
    assert row.score is None
    assessment_finalise(actor=ministry, assessment=assessment)
    row = {(r.region.slug, r.year): r for r in assessment_rows()}[("wiesbaden", 2024)]
    assert row.status == "final"
    assert row.score == Decimal("50.0")  # (100 + 50 + 50 + 0) / 4


# --- pages ----------------------------------------------------------------------------------


PAGE = "/steuerung/2024/wiesbaden/bewertung/"


def test_page_before_the_assessment(fx, client_for):
    ministry = client_for("ministerium").get(PAGE)
    assert ministry.status_code == 200
    assert "Bewertung anlegen" in ministry.content.decode()
    region = client_for("wiesbaden").get(PAGE).content.decode()
    assert "Bewertung anlegen" not in region
    assert "gibt es noch nicht" in region


def test_create_edit_and_finalise_through_the_pages(fx, client_for):
    client = client_for("ministerium")
    create = reverse("steering:assessment_create", kwargs={"year": 2024, "region": "wiesbaden"})
    response = client.post(create, {"as_of": "31.12.2024"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(agreement=fx.agreement)

    page = client.get(PAGE).content.decode()
    assert "=Ausgaben gesamt" in page
    assert fx.reason in page
    assert "49,7 %" in page

    data = {
        f"result_{t.pk}": r
        for t, r in (
            (fx.entries, "attained"),
            (fx.employment, "partly"),
            (fx.spending, "partly"),
            (fx.regular, "partly"),
        )
    }
    refused = client.post(PAGE, {**data, "summary": "Text"})
    assert refused.status_code == 400
    assert "bitte begründen" in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.summary == ""

    data[f"note_{fx.regular.pk}"] = "Austritte Anfang Januar."
    assert client.post(PAGE, {**data, "summary": "Gut gelaufen."}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Gut gelaufen."

    finalise = reverse("steering:assessment_finalise", kwargs={"year": 2024, "region": "wiesbaden"})
    confirm = client.get(finalise)
    assert "nicht rückgängig" in confirm.content.decode()
    assert client.post(finalise).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINAL
    # Final: no form any more, and the edit and finalise steps are refused with the reason.
    assert 'name="summary"' not in client.get(PAGE).content.decode()
    assert client.post(PAGE, {**data, "summary": "x"}).status_code == 403
    assert client.get(finalise).status_code == 403


def test_region_reads_and_cannot_write(fx, client_for, people):
    assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    client = client_for("wiesbaden")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'name="summary"' not in page.content.decode()
    assert client.post(PAGE, {"summary": "x"}).status_code == 403
    assert client_for("frankfurt").get(PAGE).status_code == 404
    assert client_for("traeger-wiesbaden").get(PAGE).status_code == 403


def test_overview_is_statewide_only(fx, client_for, people):
    assessment = assessment_create(actor=people["ministerium"], agreement=fx.agreement)
    assessment_finalise(actor=people["ministerium"], assessment=assessment)
    url = reverse("steering:assessment_overview")
    page = client_for("rp-kassel").get(url + "?jahr=2024&sortierung=-score")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert rows[0].region.slug == "wiesbaden"  # the only score comes first
    assert all(row.year == 2024 for row in rows)
    refused = client_for("wiesbaden").get(url)
    assert refused.status_code == 403
    assert "landesweite Übersicht" in refused.content.decode()


def test_demo_assessment_is_final_and_idempotent(demo_with_grants):
    """The demo's year-end assessment of Wiesbaden 2024 (zielwerk/demo/steering_assessment.py):
    finalised by the ministry, the accepted deviation of the targets' demo linked and lifting its
    proposal; seeding again adds nothing."""
    from zielwerk.demo.steering_assessment import seed
    from zielwerk.steering.models import Deviation

    assessment = Assessment.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024
    )
    assert assessment.status == AssessmentStatus.FINAL
    assert assessment.as_of == dt.date(2024, 12, 31)
    assert assessment.finalised_by is not None
    assert assessment.finalised_by.username == "ministerium"
    assert assessment.summary
    accepted = Deviation.objects.filter(agreement=assessment.agreement, status="accepted")
    assert accepted.exists()
    linked = assessment.items.filter(deviation__in=accepted)
    assert linked.count() == accepted.values("target_key").distinct().count()
    for item in linked:
        assert "Abweichung anerkannt" in item.note
        assert item.proposed != Attainment.NOT_ATTAINED  # lifted by at least one level
    report: list[str] = []
    seed(report)
    assert report == []
    assert Assessment.objects.count() == 1
    assert TargetAssessment.objects.count() == assessment.items.count()
