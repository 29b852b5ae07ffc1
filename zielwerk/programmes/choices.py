from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeYearStatus(models.TextChoices):
    PLANNING = "planning", _("in Planung")
    RUNNING = "running", _("laufend")
    CLOSED = "closed", _("abgeschlossen")
