"""Zielsteuerung (§ 6 of the agreement): targets agreed with a version of the agreement, the
deviations found by comparing them with what monitoring and the grant procedure report, the autumn
implementation meeting with its resolutions and tasks, and the year-end assessment.

Actual values are never stored as input: figures.py computes them as of any date. What is stored
is what people said and decided (reasons, answers, minutes, results) and, for the record, the
figures a deviation or an assessment was based on when it was made.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    AssessmentStatus,
    Attainment,
    DeviationStatus,
    Direction,
    MeetingStatus,
    MessageKind,
    Metric,
    Phasing,
    ResolutionKind,
    TargetScope,
    TaskStatus,
)


class Target(models.Model):
    """A key figure with a metric (Eckdatum mit Zielwert), part of one agreement version.

    The key stays the same when an amendment copies the target, so a deviation and an assessment
    can follow one target through the versions of an agreement."""

    version = models.ForeignKey(
        "agreements.AgreementVersion", on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    key = models.SlugField(
        _("Kennung"),
        max_length=80,
        help_text=_("Bleibt über alle Fassungen gleich, z. B. „fib-eintritte“."),
    )
    label = models.CharField(_("Bezeichnung"), max_length=200)
    metric = models.CharField(_("Kennzahl"), max_length=30, choices=Metric.choices)
    scope = models.CharField(
        _("Bezug"), max_length=20, choices=TargetScope.choices, default=TargetScope.PROJECT
    )
    measure_type = models.ForeignKey(
        "programmes.MeasureType",
        verbose_name=_("Maßnahmenart"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
    )
    value = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    period_from = models.DateField(_("Zeitraum von"))
    period_to = models.DateField(_("Zeitraum bis"))
    phasing = models.CharField(
        _("Verteilung"), max_length=20, choices=Phasing.choices, default=Phasing.LINEAR
    )
    note = models.CharField(_("Erläuterung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Zielwert")
        verbose_name_plural = _("Zielwerte")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="target_key_per_version"),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="target_period_order"
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope=TargetScope.REGION, project__isnull=True, measure_type__isnull=True)
                    | Q(scope=TargetScope.MEASURE_TYPE, project__isnull=True)
                    & Q(measure_type__isnull=False)
                    | Q(scope=TargetScope.PROJECT, project__isnull=False)
                ),
                name="target_scope_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class TargetPhase(models.Model):
    """The planned value of one month or quarter of a phased target (planned entries per month)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="phases")
    starts_on = models.DateField(_("von"))
    ends_on = models.DateField(_("bis"))
    value = models.DecimalField(
        _("Planwert"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("Planwert je Zeitabschnitt")
        verbose_name_plural = _("Planwerte je Zeitabschnitt")
        ordering = ["target", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["target", "starts_on"], name="phase_start_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.starts_on}–{self.ends_on}"


class DeviationRule(models.Model):
    """When plan and actual are far enough apart to count as a deviation. The ministry keeps the
    rules per programme; a rule without a metric applies to all metrics."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="deviation_rules"
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    metric = models.CharField(
        _("Kennzahl"),
        max_length=30,
        choices=Metric.choices,
        blank=True,
        help_text=_("Leer: gilt für alle Kennzahlen."),
    )
    lower_percent = models.DecimalField(
        _("untere Schwelle (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Abweichung, wenn der Istwert darunter liegt (in % des anteiligen Plans)."),
    )
    upper_percent = models.DecimalField(
        _("obere Schwelle (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Abweichung, wenn der Istwert darüber liegt (in % des anteiligen Plans)."),
    )
    min_elapsed_days = models.PositiveSmallIntegerField(
        _("frühestens nach Tagen"),
        default=60,
        help_text=_(
            "So viele Tage des Zeitraums müssen vergangen sein, bevor die Regel greift; "
            "zu Beginn ist der anteilige Plan zu klein für einen Vergleich."
        ),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Abweichungsregel")
        verbose_name_plural = _("Abweichungsregeln")
        ordering = ["programme", "metric", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lower_percent__isnull=False) | Q(upper_percent__isnull=False),
                name="rule_has_threshold",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Deviation(models.Model):
    """A target whose actual value left the corridor of a rule, with the figures of the last
    check. One open deviation per target key and direction; the messages are its history."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="deviations"
    )
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="deviations")
    target_key = models.SlugField(_("Kennung des Zielwerts"), max_length=80)
    rule = models.ForeignKey(DeviationRule, on_delete=models.PROTECT, related_name="deviations")
    direction = models.CharField(_("Richtung"), max_length=10, choices=Direction.choices)
    status = models.CharField(
        _("Stand"), max_length=20, choices=DeviationStatus.choices, default=DeviationStatus.OPEN
    )
    detected_on = models.DateField(_("festgestellt am"))
    checked_on = models.DateField(_("zuletzt geprüft am"))
    as_of = models.DateField(_("Stichtag"))
    planned_to_date = models.DecimalField(_("anteiliger Plan"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("Istwert"), max_digits=14, decimal_places=2)
    ratio_percent = models.DecimalField(_("Erfüllung (%)"), max_digits=7, decimal_places=1)
    closed_on = models.DateField(_("abgeschlossen am"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Abweichung")
        verbose_name_plural = _("Abweichungen")
        ordering = ["-detected_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "target_key", "direction"],
                condition=Q(status__in=["open", "explained", "queried"]),
                name="one_open_deviation_per_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_direction_display()}"


class DeviationMessage(models.Model):
    """Reason and planned correction of the region, the ministry's query or acceptance."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("Art"), max_length=20, choices=MessageKind.choices)
    body = models.TextField(_("Text"))
    correction = models.TextField(_("geplante Gegensteuerung"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_on = models.DateField(_("Datum"), default=timezone.localdate)
    created_at = models.DateTimeField(_("erfasst"), auto_now_add=True)

    class Meta:
        verbose_name = _("Nachricht zur Abweichung")
        verbose_name_plural = _("Nachrichten zu Abweichungen")
        ordering = ["deviation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.written_on})"


class Meeting(models.Model):
    """Umsetzungsbesprechung: the autumn implementation meeting of one region and year."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.PROTECT, related_name="meetings"
    )
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("Datum"))
    place = models.CharField(_("Ort"), max_length=200, blank=True)
    attendees = models.TextField(
        _("Teilnehmende"), blank=True, help_text=_("Eine Person je Zeile: Name, Organisation.")
    )
    agenda = models.TextField(_("Tagesordnung"), blank=True)
    minutes = models.TextField(_("Protokoll"), blank=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    briefing_pdf = models.FileField(
        _("Sitzungsunterlage (PDF)"), upload_to="steering/briefings/", blank=True
    )
    briefing_as_of = models.DateField(_("Unterlage mit Stand"), null=True, blank=True)
    briefing_created_at = models.DateTimeField(_("Unterlage erzeugt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Umsetzungsbesprechung")
        verbose_name_plural = _("Umsetzungsbesprechungen")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "region"], name="one_meeting_per_region_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.programme_year.year}"


class Resolution(models.Model):
    """A decision of the meeting: a task with owner, due date and status, an amendment of the
    agreement (linked to the amendment draft it started) or a plain note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    kind = models.CharField(_("Art"), max_length=20, choices=ResolutionKind.choices)
    text = models.TextField(_("Beschluss"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuständig"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_tasks",
    )
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)
    amendment = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("Änderungsvereinbarung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ResolutionKind.TASK)
                | Q(owner__isnull=False, due_on__isnull=False),
                name="task_has_owner_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Assessment(models.Model):
    """The year-end assessment of goal attainment of one agreement (region × year)."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="assessment"
    )
    version = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("bewertete Fassung"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    as_of = models.DateField(_("Stichtag"))
    status = models.CharField(
        _("Stand"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    summary = models.TextField(_("Gesamtwürdigung"), blank=True)
    finalised_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Bewertung der Zielerreichung")
        verbose_name_plural = _("Bewertungen der Zielerreichung")

    def __str__(self) -> str:
        return str(self.agreement)


class TargetAssessment(models.Model):
    """One target's result: the figures at the cut-off date, the result the rules propose and
    the result the ministry sets, with the accepted deviation taken into account."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="+")
    planned = models.DecimalField(_("Plan"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("Ist"), max_digits=14, decimal_places=2)
    ratio_percent = models.DecimalField(_("Erfüllung (%)"), max_digits=7, decimal_places=1)
    proposed = models.CharField(_("Vorschlag"), max_length=20, choices=Attainment.choices)
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Attainment.choices)
    deviation = models.ForeignKey(
        Deviation,
        verbose_name=_("anerkannte Abweichung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Bewertung eines Zielwerts")
        verbose_name_plural = _("Bewertungen der Zielwerte")
        ordering = ["assessment", "target__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "target"], name="one_result_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.get_result_display()}"
