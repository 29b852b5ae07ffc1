from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """What a target measures. Actual values are always computed (figures.py), never typed."""

    ENTRIES = "entries", _("Eintritte (Teilnehmende)")
    REGULAR_EXITS = "regular_exits", _("reguläre Austritte")
    TRANSITIONS_EDUCATION = "transitions_education", _("Übergänge in Schule oder Ausbildung")
    TRANSITIONS_EMPLOYMENT = "transitions_employment", _("Übergänge in Beschäftigung")
    SPENDING = "spending", _("Ausgaben (ausgezahlte Mittel)")


# The unit shown with each metric's values.
METRIC_UNITS = {
    Metric.ENTRIES: _("Personen"),
    Metric.REGULAR_EXITS: _("Personen"),
    Metric.TRANSITIONS_EDUCATION: _("Personen"),
    Metric.TRANSITIONS_EMPLOYMENT: _("Personen"),
    Metric.SPENDING: _("Euro"),
}

# Metrics counted from participant records (the others come from the grant procedure).
PARTICIPANT_METRICS = (
    Metric.ENTRIES,
    Metric.REGULAR_EXITS,
    Metric.TRANSITIONS_EDUCATION,
    Metric.TRANSITIONS_EMPLOYMENT,
)


class TargetScope(models.TextChoices):
    REGION = "region", _("ganze Gebietskörperschaft")
    MEASURE_TYPE = "measure_type", _("Maßnahmenart")
    PROJECT = "project", _("Projekt")


class Phasing(models.TextChoices):
    """How the planned value spreads over the target's period (the pro-rata plan)."""

    LINEAR = "linear", _("gleichmäßig über den Zeitraum")
    MONTHLY = "monthly", _("je Monat festgelegt")
    QUARTERLY = "quarterly", _("je Quartal festgelegt")


class Direction(models.TextChoices):
    BELOW = "below", _("unter Plan")
    ABOVE = "above", _("über Plan")


class DeviationStatus(models.TextChoices):
    OPEN = "open", _("offen – Begründung fehlt")
    EXPLAINED = "explained", _("begründet – Antwort des Ministeriums steht aus")
    QUERIED = "queried", _("Rückfrage des Ministeriums")
    ACCEPTED = "accepted", _("vom Ministerium anerkannt")
    RESOLVED = "resolved", _("erledigt – wieder im Rahmen")


OPEN_DEVIATION_STATUSES = (
    DeviationStatus.OPEN,
    DeviationStatus.EXPLAINED,
    DeviationStatus.QUERIED,
)


class MessageKind(models.TextChoices):
    REASON = "reason", _("Begründung der Gebietskörperschaft")
    QUERY = "query", _("Rückfrage des Ministeriums")
    ACCEPTANCE = "acceptance", _("Anerkennung durch das Ministerium")
    COMMENT = "comment", _("Kommentar")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("durchgeführt")
    CLOSED = "closed", _("Protokoll abgeschlossen")


class ResolutionKind(models.TextChoices):
    TASK = "task", _("Aufgabe")
    AMENDMENT = "amendment", _("Änderung der Zielvereinbarung")
    NOTE = "note", _("Festhaltung")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("offen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    DONE = "done", _("erledigt")
    DROPPED = "dropped", _("entfallen")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class Attainment(models.TextChoices):
    ATTAINED = "attained", _("erreicht")
    PARTLY = "partly", _("teilweise erreicht")
    NOT_ATTAINED = "not_attained", _("nicht erreicht")


# Weight of each result in a region's attainment score (0–100 %).
ATTAINMENT_SCORE = {
    Attainment.ATTAINED: 100,
    Attainment.PARTLY: 50,
    Attainment.NOT_ATTAINED: 0,
}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    FINAL = "final", _("abgeschlossen")
