"""Feedback (§ 4 Abs. 2 Nr. 2 HVBIT): anyone sends it, the ministry answers within six weeks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from zielwerk.notifications.models import Notification
from zielwerk.portal.models import Feedback
from zielwerk.portal.services import feedback_answer, feedback_submit

pytestmark = pytest.mark.django_db

FORM = reverse("portal:feedback_create")
BERLIN = ZoneInfo("Europe/Berlin")


def test_due_date_is_six_weeks_after_receipt(demo):
    received = dt.datetime(2026, 1, 10, 9, 30, tzinfo=BERLIN)
    feedback = feedback_submit(message="Kontrast zu schwach", received_at=received)
    # 10 January + 42 days: 21 days to 31 January, 21 more to 21 February.
    assert feedback.due_on == dt.date(2026, 2, 21)
    late = dt.datetime(2024, 12, 31, 23, 0, tzinfo=BERLIN)
    assert feedback_submit(message="x", received_at=late).due_on == dt.date(2025, 2, 11)


@pytest.fixture(autouse=True)
def _no_demo_feedback(request):
    """The tests count what they send; the demo's own entry is removed first (the seeding test
    keeps it)."""
    if "demo" in request.fixturenames and request.node.name != "test_demo_feedback_is_seeded_once":
        request.getfixturevalue("demo")
        Feedback.objects.all().delete()


def test_anonymous_sends_feedback_and_the_ministry_is_told(demo, users, client_for):
    response = client_for(None).post(
        FORM,
        {"message": "Die Tabelle ist zu breit.", "page_url": "/portal/", "email": "a@b.invalid"},
    )
    assert response.status_code == 302
    assert response["Location"] == FORM + "?gesendet=1"
    feedback = Feedback.objects.get()
    assert (feedback.message, feedback.page_url, feedback.email) == (
        "Die Tabelle ist zu breit.", "/portal/", "a@b.invalid",
    )  # fmt: skip
    assert feedback.status == "open"
    assert feedback.due_on == timezone.localdate() + dt.timedelta(days=42)
    told = Notification.objects.filter(
        link=reverse("portal:feedback_detail", kwargs={"pk": feedback.pk})
    )
    assert set(told.values_list("recipient__username", flat=True)) == {"ministerium"}
    thanks = client_for(None).get(response["Location"]).content.decode()
    assert "Vielen Dank" in thanks


def test_empty_message_is_refused(demo, client_for):
    response = client_for(None).post(FORM, {"message": "  "})
    assert response.status_code == 200
    assert "Bitte schreiben Sie uns Ihre Nachricht." in response.content.decode()
    assert not Feedback.objects.exists()


def test_honeypot_stores_nothing(demo, client_for):
    response = client_for(None).post(FORM, {"message": "Spam", "homepage": "http://spam"})
    assert response.status_code == 302  # the bot learns nothing
    assert not Feedback.objects.exists()


def test_rate_limit_per_address(demo, client_for):
    client = client_for(None)
    for number in range(5):
        assert client.post(FORM, {"message": f"Nachricht {number}"}).status_code == 302
    sixth = client.post(FORM, {"message": "Nachricht 6"})
    assert sixth.status_code == 200
    assert "sehr viele Nachrichten" in sixth.content.decode()
    assert Feedback.objects.count() == 5
    # Another client from the same address is limited too.
    assert client_for(None).post(FORM, {"message": "noch eine"}).status_code == 200
    assert Feedback.objects.count() == 5


def test_ministry_sees_due_dates_and_overdue_in_words(demo, client_for):
    today = timezone.localdate()
    old = feedback_submit(
        message="Alte Rückmeldung",
        received_at=timezone.now() - dt.timedelta(days=50),
    )
    fresh = feedback_submit(message="Neue Rückmeldung")
    assert old.due_on == today - dt.timedelta(days=8)  # 50 - 42 days ago
    page = client_for("ministerium").get(reverse("portal:feedback_list")).content.decode()
    rows = page.split("<tr>")
    old_row = next(row for row in rows if "Alte Rückmeldung" in row)
    fresh_row = next(row for row in rows if "Neue Rückmeldung" in row)
    assert "überfällig" in old_row
    assert "überfällig" not in fresh_row
    assert (today + dt.timedelta(days=42)).strftime("%d.%m.%Y") in fresh_row
    assert fresh.due_on == today + dt.timedelta(days=42)


def test_ministry_records_the_answer(demo, users, client_for):
    feedback = feedback_submit(message="Bitte als Liste")
    url = reverse("portal:feedback_detail", kwargs={"pk": feedback.pk})
    refused = client_for("rp-kassel").post(url, {"answer": "nein"})
    assert refused.status_code == 403
    response = client_for("ministerium").post(url, {"answer": "Die Liste folgt im Januar."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "answered"
    assert feedback.answer == "Die Liste folgt im Januar."
    assert feedback.answered_by == users["ministerium"]
    assert feedback.answered_at is not None
    page = client_for("ministerium").get(reverse("portal:feedback_list")).content.decode()
    assert "Keine offenen Rückmeldungen." in page


def test_answer_service_checks_the_permission(demo, users):
    from django.core.exceptions import PermissionDenied

    feedback = feedback_submit(message="x")
    with pytest.raises(PermissionDenied):
        feedback_answer(actor=users["wiesbaden"], feedback=feedback, answer="y")
    feedback.refresh_from_db()
    assert feedback.status == "open"


def test_demo_feedback_is_seeded_once(demo):
    from zielwerk.demo.portal import seed_portal

    seed_portal([])
    seed_portal([])
    assert Feedback.objects.filter(message__startswith="(Demo, erfunden)").count() == 1
