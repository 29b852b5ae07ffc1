from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Empfänger/in",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("Betreff", max_length=200)
    body = models.TextField("Text", blank=True)
    link = models.CharField("Verweis", max_length=300, blank=True)
    created_at = models.DateTimeField("erstellt", auto_now_add=True)
    read_at = models.DateTimeField("gelesen", null=True, blank=True)
    emailed_at = models.DateTimeField("per E-Mail versandt", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "Benachrichtigung"
        verbose_name_plural = "Benachrichtigungen"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
