"""Deviations: the check flags, updates and resolves (one open per key and direction), the
region explains, the ministry queries, comments or accepts, everyone is told; the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from zielwerk.core.models import AuditEntry
from zielwerk.notifications.models import Notification
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.steering.choices import DeviationStatus, Direction, MessageKind, Metric
from zielwerk.steering.deviations import deviations_of, open_deviation_counts
from zielwerk.steering.models import Deviation, DeviationRule
from zielwerk.steering.services.deviations import (
    CheckResult,
    deviation_answer,
    deviation_explain,
    deviations_check,
)

from .targets_fixtures import participant, project, target, wiesbaden_version

pytestmark = pytest.mark.django_db
D = dt.date
MID_YEAR = D(2024, 6, 30)  # 182 of 366 days


@pytest.fixture
def year(demo) -> ProgrammeYear:
    return ProgrammeYear.objects.get(programme__code="aqb", year=2024)


@pytest.fixture
def fib_target(demo):
    """12 entries over 2024: plan to date on 30.06. = 12 × 182 ÷ 366 = 5.97."""
    return target(wiesbaden_version(), "fib-eintritte", value="12")


MARCH = D(2024, 3, 1)


def enter(count: int, day: dt.date = MARCH) -> None:
    for _ in range(count):
        participant(project("FIB"), day)


def check(users, year, as_of=MID_YEAR) -> CheckResult:
    return deviations_check(actor=users["ministerium"], programme_year=year, as_of=as_of)


def test_check_flags_below_with_the_builtin_rule_and_tells_the_region(users, year, fib_target):
    enter(3)  # 3 ÷ 5.97 = 50.3 %
    assert not DeviationRule.objects.exists()

    result = check(users, year)

    assert result == CheckResult(flagged=1, updated=0, resolved=0)
    deviation = Deviation.objects.get()
    assert (deviation.target_key, deviation.direction) == ("fib-eintritte", Direction.BELOW)
    assert deviation.status == DeviationStatus.OPEN
    assert deviation.planned_to_date == Decimal("5.97")
    assert deviation.actual == Decimal(3)
    assert deviation.ratio_percent == Decimal("50.3")
    assert deviation.as_of == MID_YEAR
    # the built-in rule (80/120, 60 days) was stored as the programme's rule
    rule = deviation.rule
    assert (rule.lower_percent, rule.upper_percent, rule.min_elapsed_days) == (80, 120, 60)
    notice = Notification.objects.filter(recipient=users["wiesbaden"]).latest("pk")
    assert "Neue Abweichung" in notice.title
    assert "Eintritte" in notice.body
    assert notice.link == reverse(
        "steering:deviation_list", kwargs={"year": 2024, "region": "wiesbaden"}
    )
    assert AuditEntry.objects.filter(action="steering.deviation.flag").count() == 1
    assert AuditEntry.objects.filter(action="steering.deviations.check").count() == 1


def test_second_run_updates_the_open_one(users, year, fib_target):
    enter(3)
    check(users, year)
    enter(1, D(2024, 7, 1))  # 4 by 31.07.: plan 12 × 213 ÷ 366 = 6.98 → 57.3 %
    result = check(users, year, as_of=D(2024, 7, 31))
    assert result == CheckResult(flagged=0, updated=1, resolved=0)
    deviation = Deviation.objects.get()
    assert deviation.actual == Decimal(4)
    assert deviation.planned_to_date == Decimal("6.98")
    assert deviation.ratio_percent == Decimal("57.3")
    assert deviation.as_of == D(2024, 7, 31)


def test_back_in_the_corridor_resolves(users, year, fib_target):
    enter(3)
    check(users, year)
    enter(3, D(2024, 5, 1))  # 6 ÷ 5.97 = 100.5 %
    result = check(users, year)
    assert result == CheckResult(flagged=0, updated=0, resolved=1)
    deviation = Deviation.objects.get()
    assert deviation.status == DeviationStatus.RESOLVED
    assert deviation.closed_on is not None


def test_above_with_a_rule_of_the_programme(users, year, fib_target):
    DeviationRule.objects.create(
        programme=year.programme, name="Eintritte", metric=Metric.ENTRIES, upper_percent=110
    )
    enter(7)  # 7 ÷ 5.97 = 117.3 % > 110 %
    assert check(users, year).flagged == 1
    assert Deviation.objects.get().direction == Direction.ABOVE


def test_no_judgement_before_the_minimum_days(users, year, fib_target):
    enter(0)
    assert check(users, year, as_of=D(2024, 2, 28)).flagged == 0  # 59 days


def test_open_counts_in_one_query(users, year, fib_target, django_assert_num_queries):
    enter(1)
    check(users, year)
    with django_assert_num_queries(1):
        counts = open_deviation_counts(year)
    assert counts == {wiesbaden_version().agreement.region_id: 1}


# --- reason and answer -------------------------------------------------------------------------


@pytest.fixture
def deviation(users, year, fib_target) -> Deviation:
    enter(2)
    check(users, year)
    return Deviation.objects.get()


def test_region_explains_ministry_is_told(users, deviation):
    message = deviation_explain(
        actor=users["wiesbaden"],
        deviation=deviation,
        reason="Fachkraft fehlte",
        correction="Zweite Gruppe ab Juli",
        on=D(2024, 7, 16),
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.EXPLAINED
    assert (message.kind, message.written_on, message.author) == (
        MessageKind.REASON,
        D(2024, 7, 16),
        users["wiesbaden"],
    )
    assert message.correction == "Zweite Gruppe ab Juli"
    notice = Notification.objects.filter(recipient=users["ministerium"]).latest("pk")
    assert notice.link == reverse("steering:deviation_detail", kwargs={"pk": deviation.pk})


def test_explain_needs_reason_and_correction(users, deviation):
    with pytest.raises(ValidationError) as error:
        deviation_explain(actor=users["wiesbaden"], deviation=deviation, reason=" ", correction="")
    assert set(error.value.message_dict) == {"reason", "correction"}
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.OPEN and not deviation.messages.exists()


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel", "frankfurt"])
def test_only_the_region_explains(users, deviation, username):
    with pytest.raises(PermissionDenied):
        deviation_explain(actor=users[username], deviation=deviation, reason="x", correction="y")


def test_ministry_queries_region_answers_ministry_accepts(users, deviation):
    ministry, region = users["ministerium"], users["wiesbaden"]
    with pytest.raises(ValidationError):  # no query before the reason
        deviation_answer(actor=ministry, deviation=deviation, kind="query", body="?")
    deviation_explain(
        actor=region, deviation=deviation, reason="a", correction="b", on=D(2024, 7, 2)
    )
    deviation_answer(
        actor=ministry, deviation=deviation, kind="query", body="Warum?", on=D(2024, 7, 5)
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.QUERIED
    notice = Notification.objects.filter(recipient=region).latest("pk")
    assert notice.body == "Warum?"
    deviation_explain(
        actor=region, deviation=deviation, reason="c", correction="d", on=D(2024, 7, 9)
    )
    deviation_answer(
        actor=ministry, deviation=deviation, kind="comment", body="Danke", on=D(2024, 7, 10)
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.EXPLAINED  # a comment changes nothing
    deviation_answer(
        actor=ministry, deviation=deviation, kind="accept", body="Ok", on=D(2024, 8, 12)
    )
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.ACCEPTED
    assert deviation.closed_on == D(2024, 8, 12)
    history = [(m.kind, m.written_on) for m in deviations_of(deviation.agreement)[0].messages.all()]
    assert history == [
        (MessageKind.REASON, D(2024, 7, 2)),
        (MessageKind.QUERY, D(2024, 7, 5)),
        (MessageKind.REASON, D(2024, 7, 9)),
        (MessageKind.COMMENT, D(2024, 7, 10)),
        (MessageKind.ACCEPTANCE, D(2024, 8, 12)),
    ]
    with pytest.raises(PermissionDenied):  # closed
        deviation_answer(actor=ministry, deviation=deviation, kind="comment", body="noch was")


@pytest.mark.parametrize("username", ["wiesbaden", "rp-kassel"])
def test_only_the_ministry_answers(users, deviation, username):
    with pytest.raises(PermissionDenied):
        deviation_answer(actor=users[username], deviation=deviation, kind="comment", body="x")


def test_accepted_deviation_is_not_flagged_again_but_a_new_one_is(users, year, deviation):
    """One open deviation per key and direction: after acceptance the next check opens a new
    one if the target is still outside the corridor."""
    ministry = users["ministerium"]
    assert check(users, year).flagged == 0  # still open: updated, not duplicated
    assert Deviation.objects.count() == 1
    deviation_explain(actor=users["wiesbaden"], deviation=deviation, reason="a", correction="b")
    deviation_answer(actor=ministry, deviation=deviation, kind="accept", body="ok")
    assert check(users, year).flagged == 1
    assert Deviation.objects.filter(status__in=["open", "explained", "queried"]).count() == 1


def test_management_command(users, year, fib_target):
    enter(1)
    out = StringIO()
    call_command("steering_check", "--year", "2024", "--as-of", "30.06.2024", stdout=out)
    assert (
        "AQB 2024, Stichtag 30.06.2024: 1 neu, 0 aktualisiert, 0 wieder im Rahmen" in out.getvalue()
    )
    assert AuditEntry.objects.get(action="steering.deviation.flag").actor is None


# --- pages -------------------------------------------------------------------------------------


def test_list_and_detail_pages(client_for, deviation):
    client = client_for("wiesbaden")
    url = reverse("steering:deviation_list", kwargs={"year": 2024, "region": "wiesbaden"})
    text = client.get(url).content.decode()
    assert "Fib Eintritte" in text and "33,5 %" in text  # 2 ÷ 5.97
    assert (
        "Keine Abweichungen mit diesem Stand"
        in client.get(url, {"stand": "accepted"}).content.decode()
    )
    detail = reverse("steering:deviation_detail", kwargs={"pk": deviation.pk})
    text = client.get(detail).content.decode()
    assert "Begründung senden" in text and "Antwort senden" not in text


def test_reason_form_errors_and_success(client_for, deviation):
    client = client_for("wiesbaden")
    url = reverse("steering:deviation_reason", kwargs={"pk": deviation.pk})
    response = client.post(url, {"reason": "", "correction": ""})
    assert response.status_code == 200
    assert "Bitte geben Sie die Begründung der Abweichung an." in response.content.decode()
    response = client.post(url, {"reason": "Grund", "correction": "Plan"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "steering:deviation_detail", kwargs={"pk": deviation.pk}
    )
    assert "Begründung gespeichert" in response.content.decode()
    assert "Grund" in response.content.decode()


def test_answer_page_and_check_button(client_for, users, deviation):
    deviation_explain(actor=users["wiesbaden"], deviation=deviation, reason="a", correction="b")
    client = client_for("ministerium")
    url = reverse("steering:deviation_answer", kwargs={"pk": deviation.pk})
    assert client.post(url, {"kind": "accept", "body": "Einverstanden"}).status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == DeviationStatus.ACCEPTED
    check_url = reverse("steering:deviation_check", kwargs={"year": 2024})
    response = client.post(check_url, {"as_of": "31.12.2023"})
    assert "liegt nicht im Programmjahr 2024" in response.content.decode()
    response = client.post(check_url, {"as_of": "30.06.2024"}, follow=True)
    assert "Prüfung zum Stichtag 30.06.2024: 1 neue Abweichung(en)" in response.content.decode()


def test_rules_page_names_the_builtin_rule(client_for, demo):
    text = client_for("rp-kassel").get(reverse("steering:rule_list")).content.decode()
    assert "eingebaute Standardregel" in text
    assert "Die Abweichungsregeln legt das Ministerium fest." in text


# --- the demo ----------------------------------------------------------------------------------


def test_demo_flags_exactly_one_deviation_explained_and_accepted(demo_with_grants):
    from zielwerk.demo import steering_targets
    from zielwerk.steering.models import Target

    version = wiesbaden_version()
    keys = set(Target.objects.filter(version=version).values_list("key", flat=True))
    assert keys == {"fib-eintritte", "hib-eintritte", "fib-uebergaenge-ausbildung", "ausgaben"}
    # HIB: 20 entries over the year, 7 by 30.06.: 7 ÷ (20 × 182 ÷ 366 = 9.95) = 70.4 % < 80 %
    deviation = Deviation.objects.get(agreement=version.agreement)
    assert (deviation.target_key, deviation.direction) == ("hib-eintritte", Direction.BELOW)
    assert (deviation.actual, deviation.planned_to_date) == (Decimal(7), Decimal("9.95"))
    assert deviation.ratio_percent == Decimal("70.4")
    assert deviation.status == DeviationStatus.ACCEPTED
    assert [(m.kind, m.written_on) for m in deviation.messages.order_by("written_on")] == [
        (MessageKind.REASON, D(2024, 7, 16)),
        (MessageKind.ACCEPTANCE, D(2024, 8, 12)),
    ]
    assert AuditEntry.objects.get(action="steering.targets.import").reason == (
        "Eckdaten aus der unterzeichneten Zielvereinbarung übernommen"
    )
    report: list[str] = []
    steering_targets.seed(report)  # idempotent
    assert report == []
    assert Deviation.objects.count() == 1
    assert DeviationRule.objects.count() == 3
