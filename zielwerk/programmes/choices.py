from django.db import models


class ProgrammeYearStatus(models.TextChoices):
    PLANNING = "planning", "in Planung"
    RUNNING = "running", "laufend"
    CLOSED = "closed", "abgeschlossen"
