from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SENT = "sent", _("versendet")
    CLOSED = "closed", _("abgeschlossen")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Freitext")
    NUMBER = "number", _("Zahl")
    SINGLE = "single", _("Einfachauswahl")
    MULTIPLE = "multiple", _("Mehrfachauswahl")
    SCALE = "scale", _("Skala")


# Kinds whose options are Choice rows.
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf gespeichert")
    SUBMITTED = "submitted", _("abgesendet")
