from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notification


@task()
def send_notification_email(notification_id: int) -> None:
    """Send one notification by e-mail; runs in the task worker after the commit."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{settings.ZIELWERK_BASE_URL}{notification.link}"
    send_mail(
        subject=f"[Zielwerk] {notification.title}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
