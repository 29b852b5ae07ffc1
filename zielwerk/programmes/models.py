from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zielwerk.core.validity import ValidityMixin, ValidityQuerySet, validity_constraint

from .choices import ProgrammeYearStatus

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Programme(models.Model):
    """Förderprogramm, e.g. the AQB."""

    code = models.SlugField(_("Kürzel"), max_length=20, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    first_year = models.PositiveIntegerField(_("erstes Programmjahr"), validators=YEAR_VALIDATORS)
    participant_retention_months = models.PositiveSmallIntegerField(
        _("Aufbewahrung der Teilnehmendendaten (Monate)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "So lange nach dem Abschluss eines Programmjahres bleiben die Einzeldatensätze "
            "erhalten; danach löscht retention_run sie und behält nur die Kennzahlen."
        ),
    )

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProgrammeYear(models.Model):
    """Programmjahr: the year's budget frame and deadlines. Every date is its own field."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("Förderprogramm"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveIntegerField(_("Jahr"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ProgrammeYearStatus.choices,
        default=ProgrammeYearStatus.PLANNING,
    )
    budget_total = models.DecimalField(
        _("Haushaltsmittel gesamt"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leer, solange der Betrag nicht feststeht."),
    )
    talks_until = models.DateField(
        _("Zielvereinbarungsgespräche bis"), null=True, blank=True, help_text=_("üblich: 31. März")
    )
    application_deadline = models.DateField(
        _("Antragsfrist"), null=True, blank=True, help_text=_("üblich: 31. März")
    )
    earliest_start = models.DateField(
        _("frühester Maßnahmebeginn"), null=True, blank=True, help_text=_("üblich: 1. Januar")
    )
    flat_rate_percent = models.DecimalField(
        _("Pauschale für indirekte Ausgaben (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text=_(
            "Prozent der Personalausgaben, die ein Projekt pauschal ansetzen darf; leer, wenn das "
            "Programmjahr keine Pauschale zulässt."
        ),
    )
    spend_within_months = models.PositiveSmallIntegerField(
        _("Verwendungsfrist abgerufener Mittel (Monate)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Ausgezahlte Mittel sind innerhalb dieser Frist zu verwenden (üblich: 2)."),
    )
    reclaim_interest_percent = models.DecimalField(
        _("Zinssatz für Erstattungen (% p. a.)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(0), MaxValueValidator(20)],
        help_text=_("Jahreszins, mit dem zu erstattende Beträge ab Auszahlung verzinst werden."),
    )
    closed_on = models.DateField(
        _("abgeschlossen am"),
        null=True,
        blank=True,
        help_text=_(
            "Ab diesem Tag läuft die Aufbewahrungsfrist der Teilnehmendendaten; leer bei einem "
            "abgeschlossenen Jahr: 31. Dezember des Programmjahres."
        ),
    )
    proof_deadline = models.DateField(
        _("Frist für den Verwendungsnachweis"),
        null=True,
        blank=True,
        help_text=_("üblich: 30. Juni des Folgejahres"),
    )
    note = models.TextField(_("Hinweis"), blank=True)

    class Meta:
        verbose_name = _("Programmjahr")
        verbose_name_plural = _("Programmjahre")
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_year_unique"),
            models.CheckConstraint(
                condition=Q(budget_total__isnull=True) | Q(budget_total__gte=0),
                name="programme_year_budget_not_negative",
                violation_error_message=_("Die Haushaltsmittel dürfen nicht negativ sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code.upper()} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse(
            "programmes:programmeyear_detail",
            kwargs={"programme": self.programme.code, "year": self.year},
        )

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)


class Participation(models.Model):
    """A region takes part in a programme year (receives the budget)."""

    programme_year = models.ForeignKey(
        ProgrammeYear,
        verbose_name=_("Programmjahr"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        ordering = ["programme_year", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "region"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} – {self.programme_year}"


class YearRangeQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(
            Q(valid_from_year__isnull=True) | Q(valid_from_year__lte=year),
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year),
        )


class YearRangeMixin(models.Model):
    valid_from_year = models.PositiveIntegerField(
        _("gültig ab Jahr"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    valid_to_year = models.PositiveIntegerField(
        _("gültig bis Jahr"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        abstract = True


class MeasureType(YearRangeMixin):
    """Maßnahmenart, numbered as in the funding rules."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("Förderprogramm"),
        on_delete=models.PROTECT,
        related_name="measure_types",
    )
    number = models.PositiveSmallIntegerField(_("Nummer"))
    name = models.CharField(_("Kurzbezeichnung"), max_length=200)
    official_wording = models.TextField(_("amtlicher Wortlaut"))
    agreement_title = models.CharField(
        _("Überschrift in der Zielvereinbarung"),
        max_length=300,
        blank=True,
        help_text=_("So steht die Maßnahmenart in § 5; leer: amtlicher Wortlaut."),
    )
    alternative_wording = models.TextField(
        _("andere Fassungen"), blank=True, help_text=_("Abweichende Formulierungen in Dokumenten")
    )

    objects = YearRangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Maßnahmenart")
        verbose_name_plural = _("Maßnahmenarten")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number", "valid_from_year"], name="measure_type_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def heading(self) -> str:
        return self.agreement_title or self.official_wording


class TargetGroup(YearRangeMixin):
    """Zielgruppe. The official list is not public; entries are marked as suggestions until
    the ministry confirms them."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("Förderprogramm"),
        on_delete=models.PROTECT,
        related_name="target_groups",
    )
    code = models.SlugField(_("Kennung"), max_length=60)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    confirmed = models.BooleanField(
        _("vom Ministerium bestätigt"),
        default=False,
        help_text=_("Nicht bestätigte Einträge sind Vorschläge aus öffentlichen Quellen."),
    )

    objects = YearRangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="target_group_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Entitlement(ValidityMixin):
    """Rechtskreis: the benefit law under which a participant (or the household) is entitled."""

    code = models.SlugField(_("Kennung"), max_length=20, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=50)
    description = models.CharField(_("Erläuterung"), max_length=200)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rechtskreis")
        verbose_name_plural = _("Rechtskreise")
        ordering = ["position", "code"]
        constraints = [validity_constraint("entitlement_validity_order")]

    def __str__(self) -> str:
        return self.name
