"""Status codes of conferences: stable English values, German labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("durchgeführt")
    CANCELLED = "cancelled", _("abgesagt")
