"""The portal's only stored data: feedback (Rückmeldungen) under § 4 Abs. 2 Nr. 2 HVBIT.

An answer is due within six weeks (42 days) of receipt; after that the person may turn to the
enforcement body (see the accessibility statement)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import FeedbackStatus

ANSWER_DAYS = 42  # six weeks


def due_date(received_at: dt.datetime) -> dt.date:
    return timezone.localtime(received_at).date() + dt.timedelta(days=ANSWER_DAYS)


class Feedback(models.Model):
    message = models.TextField(_("Nachricht"), max_length=5000)
    page_url = models.CharField(_("betroffene Seite"), max_length=500, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    received_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)
    due_on = models.DateField(_("Antwort fällig bis"))
    status = models.CharField(
        _("Status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwortet von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.message[:40]}"

    def save(self, *args, **kwargs):
        if not self.due_on:
            self.due_on = due_date(self.received_at)
        super().save(*args, **kwargs)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == FeedbackStatus.OPEN and today > self.due_on
