from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        verbose_name=_("Empfänger/in"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"), blank=True)
    link = models.CharField(_("Verweis"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("per E-Mail versandt"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
