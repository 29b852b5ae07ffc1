"""Participant monitoring: one pseudonymous record per participant and project.

No names, addresses or full birth dates anywhere: the provider's own reference for a person is
stored only as a keyed hash (pseudonyms.py), shown as a pseudonym derived from it. Above the
provider, people see pseudonyms (the region) or aggregates only (ministry, grant authority).
Every read of record-level data and every export is written to AccessLog.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    AccessKind,
    EducationLevel,
    EmploymentStatus,
    Entitlement,
    ExitReason,
    FollowUpSituation,
    Gender,
    SituationAfterExit,
    YesNoNotStated,
)


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Record level: the provider that runs the project and the region's people (pseudonymous).
        Ministry and grant authority see aggregates only, never records."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(project__provider_id__in=user.organisation_ids)
            | Q(project__region__administration_id__in=user.organisation_ids)
        )

    def writable_by(self, user):
        """Only the provider that runs the project records and changes participants."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(project__provider_id__in=user.organisation_ids)


class Participant(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    reference_hash = models.CharField(
        _("Kennung (verschlüsselt)"),
        max_length=64,
        editable=False,
        help_text=_(
            "HMAC-SHA-256 der Teilnehmenden-Kennung des Trägers; "
            "die Kennung selbst wird nicht gespeichert."
        ),
    )
    pseudonym = models.CharField(_("Pseudonym"), max_length=20, editable=False)
    entered_on = models.DateField(_("Eintrittsdatum"))
    gender = models.CharField(_("Geschlecht"), max_length=12, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("Geburtsjahr"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    residence_region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Wohnort (Landkreis/kreisfreie Stadt)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_residence_hessen = models.BooleanField(_("Erstwohnsitz in Hessen"))
    entitlement = models.CharField(_("Rechtskreis"), max_length=10, choices=Entitlement.choices)
    via_household = models.BooleanField(_("Anspruch über Bedarfsgemeinschaft"))
    employment_status = models.CharField(
        _("Erwerbsstatus"), max_length=24, choices=EmploymentStatus.choices
    )
    education_level = models.CharField(
        _("Bildungsniveau"), max_length=12, choices=EducationLevel.choices
    )
    target_group = models.ForeignKey(
        "programmes.TargetGroup",
        verbose_name=_("Zielgruppe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disability = models.CharField(_("Behinderung"), max_length=12, choices=YesNoNotStated.choices)
    foreign_background = models.CharField(
        _("Ausländische Herkunft"), max_length=12, choices=YesNoNotStated.choices
    )
    third_country_national = models.CharField(
        _("Drittstaatsangehörigkeit"), max_length=12, choices=YesNoNotStated.choices
    )
    followup_consent = models.BooleanField(_("Einwilligung Nachbefragung"))
    followup_consent_on = models.DateField(_("Einwilligung erteilt am"), null=True, blank=True)
    exited_on = models.DateField(_("Austrittsdatum"), null=True, blank=True)
    exit_reason = models.CharField(
        _("Austrittsgrund"), max_length=10, choices=ExitReason.choices, blank=True
    )
    dropout_reason = models.CharField(
        _("Grund des vorzeitigen Austritts"), max_length=200, blank=True
    )
    situation_after_exit = models.CharField(
        _("Verbleib nach 4 Wochen"), max_length=16, choices=SituationAfterExit.choices, blank=True
    )
    followup_on = models.DateField(_("Nachbefragung am"), null=True, blank=True)
    followup_situation = models.CharField(
        _("Situation nach 6 Monaten"), max_length=12, choices=FollowUpSituation.choices, blank=True
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("Teilnehmende*r")
        verbose_name_plural = _("Teilnehmende")
        ordering = ["project", "entered_on", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reference_hash"], name="participant_one_per_project"
            ),
            models.CheckConstraint(
                condition=Q(first_residence_hessen=True),
                name="participant_first_residence_hessen",
                violation_error_message=_(
                    "Nur Personen mit Erstwohnsitz in Hessen können im AQB gefördert werden."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("entered_on")),
                name="participant_exit_after_entry",
                violation_error_message=_("Das Austrittsdatum liegt vor dem Eintrittsdatum."),
            ),
            models.CheckConstraint(
                condition=Q(followup_consent=True) | Q(followup_on__isnull=True),
                name="participant_followup_needs_consent",
                violation_error_message=_("Eine Nachbefragung ist nur mit Einwilligung zulässig."),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "exited_on"]),
            # Steering counts entries, exits and transitions per project and date window; with
            # the exit columns included PostgreSQL answers from the index alone (SQLite ignores
            # `include`). See bench/README.md, steering_dashboard.
            models.Index(
                fields=["project", "entered_on"],
                include=["exited_on", "exit_reason", "situation_after_exit"],
                name="participant_project_entered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.project.code})"

    @property
    def has_exited(self) -> bool:
        return self.exited_on is not None


class IdempotencyKey(models.Model):
    """A client-supplied key of an API write (header Idempotency-Key), per organisation: the same
    key with the same request answers with the stored result instead of writing again."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.key}"


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Das Zugriffsprotokoll kann nicht geändert werden.")

    def delete(self):
        raise TypeError("Das Zugriffsprotokoll kann nicht gelöscht werden.")


class AccessLog(models.Model):
    """Who read or exported record-level participant data, what and when. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField(_("Person"), max_length=200)
    kind = models.CharField(_("Zugriff"), max_length=10, choices=AccessKind.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what = models.CharField(_("Gegenstand"), max_length=300)
    record_count = models.PositiveIntegerField(_("Datensätze"), default=0)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zugriff auf Teilnehmendendaten")
        verbose_name_plural = _("Zugriffsprotokoll Teilnehmendendaten")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_label}: {kind} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Das Zugriffsprotokoll kann nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Das Zugriffsprotokoll kann nicht gelöscht werden.")


class RetainedFigures(models.Model):
    """The aggregates of a project kept when its records were deleted after the retention
    period (retention_run): the indicator figures per code and gender, as computed then."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="retained_figures"
    )
    figures = models.JSONField(_("Kennzahlen"), help_text=_("{code: {gender: count}}"))
    records_deleted = models.PositiveIntegerField(_("gelöschte Datensätze"))
    deleted_at = models.DateTimeField(_("gelöscht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("aufbewahrte Kennzahlen")
        verbose_name_plural = _("aufbewahrte Kennzahlen")

    def __str__(self) -> str:
        return f"{self.project} ({self.records_deleted})"
