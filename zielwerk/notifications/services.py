"""Notifications are messages to a person, not programme state: they are not audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.permissions import deny

from .models import Notification
from .tasks import send_notification_email


def notification_send(
    *, recipient, title: str, body: str = "", link: str = "", email: bool = True
) -> Notification:
    """Store a notification in the app and, after the commit, queue its e-mail."""
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, title=title, body=body, link=link
        )
        if email and recipient.email:
            transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        deny(
            _("Nur die Empfängerin oder der Empfänger kann eine Nachricht als gelesen markieren.")
        ).enforce()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
