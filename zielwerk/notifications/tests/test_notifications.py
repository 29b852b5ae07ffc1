import pytest
from django.core import mail
from django.core.management import call_command

from zielwerk.notifications.models import Notification
from zielwerk.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_notification_is_stored_and_mailed_after_commit(users, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(
            recipient=users["wiesbaden"], title="Frist", body="Antrag bis 31.03.", link="/"
        )
    assert mail.outbox[-1].subject == "[Zielwerk] Frist"
    assert mail.outbox[-1].to == ["wiesbaden@demo.zielwerk.invalid"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_database_queue_delivers_through_the_worker(settings, demo):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from zielwerk.accounts.models import User

    mail.outbox.clear()
    recipient = User.objects.get(username="frankfurt")
    notification_send(recipient=recipient, title="Warteschlange", body="Test")
    assert not [m for m in mail.outbox if m.subject == "[Zielwerk] Warteschlange"]
    call_command("db_worker", "--batch", "--interval", "0")
    assert [m for m in mail.outbox if m.subject == "[Zielwerk] Warteschlange"]


def test_people_see_only_their_own_notifications(users, client_for):
    mine = notification_send(recipient=users["wiesbaden"], title="Für Wiesbaden", email=False)
    response = client_for("frankfurt").get("/benachrichtigungen/")
    assert "Für Wiesbaden" not in response.content.decode()
    other = client_for("frankfurt").post(f"/benachrichtigungen/{mine.pk}/gelesen/")
    assert other.status_code == 404
    assert Notification.objects.get(pk=mine.pk).read_at is None
    own = client_for("wiesbaden").post(f"/benachrichtigungen/{mine.pk}/gelesen/")
    assert own.status_code == 302
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_mark_read_never_redirects_off_site(users, client_for):
    note = notification_send(
        recipient=users["wiesbaden"], title="Link", link="//evil.example/", email=False
    )
    response = client_for("wiesbaden").post(f"/benachrichtigungen/{note.pk}/gelesen/")
    assert response.status_code == 302
    assert response["Location"] == "/benachrichtigungen/"
