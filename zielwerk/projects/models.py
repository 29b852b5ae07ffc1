"""Projekt (Maßnahme): one project of a region in a programme year, under one measure type.

The agreement lists projects (§ 5); the grant procedure adds the plan (provider, places, period,
target groups) with a cost plan (CostItem) and a financing plan (FundingItem) that balance to the
cent; participant monitoring records participants against the same project.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[A-Z]{1,6}-\d{4}-[A-Z0-9]{1,12}$"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        # A provider sees the projects it runs, never the rest of the region's.
        return self.filter(
            models.Q(region__administration_id__in=user.organisation_ids)
            | models.Q(provider_id__in=user.organisation_ids)
        )


class Project(models.Model):
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    measure_type = models.ForeignKey(
        "programmes.MeasureType",
        verbose_name=_("Maßnahmenart"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    name = models.CharField(
        _("Name"), max_length=300, help_text=_("Wie in der Zielvereinbarung geschrieben.")
    )
    short_name = models.CharField(
        _("Kurzname"),
        max_length=12,
        validators=[RegexValidator(r"^[A-Z0-9]{1,12}$", _("Nur A–Z und 0–9, höchstens 12."))],
        help_text=_("z. B. FIB; wird Teil der Projektnummer."),
    )
    code = models.CharField(
        _("Projektnummer"),
        max_length=30,
        unique=True,
        editable=False,
        validators=[RegexValidator(CODE_PATTERN)],
        help_text=_("<Kürzel der Gebietskörperschaft>-<Jahr>-<Kurzname>, z. B. WI-2024-FIB"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Träger"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind": "provider"},
        help_text=_("Der Bildungs- oder Beschäftigungsträger, der das Projekt durchführt."),
    )
    description = models.TextField(
        _("Kurzbeschreibung"),
        blank=True,
        help_text=_("Ziele, Inhalte und Ablauf in wenigen Sätzen."),
    )
    planned_places = models.PositiveIntegerField(
        _("geplante Plätze"), null=True, blank=True, help_text=_("gleichzeitig belegbare Plätze")
    )
    planned_participants = models.PositiveIntegerField(
        _("geplante Teilnehmende"), null=True, blank=True, help_text=_("Eintritte im Programmjahr")
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    target_groups = models.ManyToManyField(
        "programmes.TargetGroup", verbose_name=_("Zielgruppen"), blank=True, related_name="projects"
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("fortgeführt aus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
        help_text=_("Das Projekt des Vorjahres, aus dem dieses übernommen wurde."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.code = self.make_code(self.region.code, self.programme_year.year, self.short_name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if (
            self.measure_type_id
            and self.programme_year_id
            and self.measure_type.programme_id != self.programme_year.programme_id
        ):
            raise ValidationError(
                {"measure_type": _("Die Maßnahmenart gehört zu einem anderen Programm.")}
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende liegt vor dem Beginn.")})

    @staticmethod
    def make_code(region_code: str, year: int, short_name: str) -> str:
        return f"{region_code}-{year}-{short_name}"

    @property
    def cost_total(self) -> Decimal:
        return sum((item.amount for item in self.cost_items.all()), Decimal("0.00"))

    @property
    def funding_total(self) -> Decimal:
        return sum((item.amount for item in self.funding_items.all()), Decimal("0.00"))

    @property
    def grant_requested(self) -> Decimal:
        """The AQB grant the financing plan asks for (Zuwendung)."""
        return sum(
            (
                item.amount
                for item in self.funding_items.all()
                if item.source == FinancingSource.AQB
            ),
            Decimal("0.00"),
        )

    @property
    def is_balanced(self) -> bool:
        return self.cost_total == self.funding_total


class CostCategory(models.TextChoices):
    """Kostenplan: one amount per category and project."""

    STAFF = "staff", _("Personalausgaben")
    FEES = "fees", _("Honorare")
    MATERIAL = "material", _("Sachausgaben")
    FLAT_RATE = "flat_rate", _("Pauschale für indirekte Ausgaben")
    OTHER = "other", _("sonstige Ausgaben")


class FinancingSource(models.TextChoices):
    """Finanzierungsplan: where the money comes from."""

    AQB = "aqb", _("Zuwendung AQB (Landesmittel)")
    OWN = "own", _("Eigenmittel der Gebietskörperschaft")
    SGB2 = "sgb2", _("Mittel nach SGB II (Jobcenter)")
    SGB3 = "sgb3", _("Mittel nach SGB III (Agentur für Arbeit)")
    OTHER = "other", _("sonstige Mittel Dritter")


class CostItem(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="cost_items"
    )
    category = models.CharField(_("Kostenart"), max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(
        _("Betrag"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("Erläuterung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Position des Kostenplans")
        verbose_name_plural = _("Kostenplan")
        ordering = ["project", "category"]
        constraints = [
            models.UniqueConstraint(fields=["project", "category"], name="cost_item_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="cost_item_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class FundingItem(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="funding_items"
    )
    source = models.CharField(
        _("Finanzierungsquelle"), max_length=20, choices=FinancingSource.choices
    )
    amount = models.DecimalField(
        _("Betrag"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("Erläuterung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Position des Finanzierungsplans")
        verbose_name_plural = _("Finanzierungsplan")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="funding_item_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="funding_item_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"
