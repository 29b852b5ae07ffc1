"""Haushaltsmittel of a programme year, their earmarks, the distribution key and the allocation
to the regions in versions. Every amount is Decimal with two places."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AllocationStatus, EarmarkMode, FundingKind


class FundingSource(models.Model):
    """Where the year's money comes from (Land, optionally ESF+)."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="funding_sources",
    )
    kind = models.CharField(_("Herkunft"), max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(_("Betrag"), max_digits=14, decimal_places=2)
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Finanzierungsquelle")
        verbose_name_plural = _("Finanzierungsquellen")
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "kind"], name="funding_source_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_source_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.programme_year}"


class Earmark(models.Model):
    """Teilbudget, e.g. Teilzeitausbildung: a pot regions apply for, or distributed."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="earmarks",
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    amount = models.DecimalField(_("Betrag"), max_digits=14, decimal_places=2)
    mode = models.CharField(_("Vergabe"), max_length=20, choices=EarmarkMode.choices)
    rules = models.TextField(_("Regeln"), blank=True)

    class Meta:
        verbose_name = _("Teilbudget")
        verbose_name_plural = _("Teilbudgets")
        ordering = ["programme_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="earmark_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    code = models.SlugField(_("Kennung"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear", on_delete=models.CASCADE, related_name="indicator_values"
    )
    region = models.ForeignKey(
        "organisations.Region", on_delete=models.PROTECT, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("Wert"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "region", "indicator"], name="indicator_value_unique"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.indicator.code}={self.value}"


class DistributionKey(models.Model):
    """Verteilungsschlüssel with its inputs and result, stored together; can be published."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="distribution_keys",
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    total = models.DecimalField(_("zu verteilender Betrag"), max_digits=14, decimal_places=2)
    minimum = models.DecimalField(
        _("Mindestbetrag je Gebietskörperschaft"), default=0, max_digits=14, decimal_places=2
    )
    unit = models.DecimalField(_("Rundungseinheit"), default=100, max_digits=14, decimal_places=2)
    is_manual = models.BooleanField(
        _("manuell festgelegt"),
        default=False,
        help_text=_("Beträge direkt gesetzt statt aus Indikatoren berechnet."),
    )
    note = models.TextField(_("Begründung / Hinweis"), blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Verteilungsschlüssel")
        verbose_name_plural = _("Verteilungsschlüssel")
        ordering = ["programme_year", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="key_total_not_negative"),
            models.CheckConstraint(condition=Q(unit__gt=0), name="key_unit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.programme_year})"


class KeyWeight(models.Model):
    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="weights")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(_("Gewicht"), max_digits=8, decimal_places=4)

    class Meta:
        verbose_name = _("Gewicht")
        verbose_name_plural = _("Gewichte")
        constraints = [
            models.UniqueConstraint(fields=["key", "indicator"], name="key_weight_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="key_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.weight}"


class KeyResult(models.Model):
    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="results")
    region = models.ForeignKey("organisations.Region", on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(
        _("Anteil"), max_digits=12, decimal_places=10, help_text=_("Anteil am Schlüssel, 0–1")
    )
    amount = models.DecimalField(_("Betrag"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("Begründung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")
        ordering = ["key", "region__ags"]
        constraints = [
            models.UniqueConstraint(fields=["key", "region"], name="key_result_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="key_result_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.amount}"


class Allocation(models.Model):
    """Mittelzuweisung of one region in one programme year; its amount lives in versions."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )

    class Meta:
        verbose_name = _("Mittelzuweisung")
        verbose_name_plural = _("Mittelzuweisungen")
        ordering = ["programme_year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "region"], name="allocation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.programme_year}"

    @property
    def current(self) -> AllocationVersion | None:
        return self.versions.order_by("-number").first()


class AllocationVersion(models.Model):
    """mitgeteilt → geändert (Kürzung/Erhöhung mit Datum und Begründung) → endgültig."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Fassung"))
    status = models.CharField(_("Status"), max_length=20, choices=AllocationStatus.choices)
    amount = models.DecimalField(_("Betrag"), max_digits=14, decimal_places=2)
    effective_on = models.DateField(_("wirksam ab"))
    reason = models.CharField(_("Begründung"), max_length=500, blank=True)
    source_key = models.ForeignKey(
        DistributionKey,
        verbose_name=_("Verteilungsschlüssel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invented = models.BooleanField(
        _("erfundener Demo-Betrag"),
        default=False,
        help_text=_("Nur Demodaten: der Betrag ist nicht öffentlich belegt."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung der Mittelzuweisung")
        verbose_name_plural = _("Fassungen der Mittelzuweisung")
        ordering = ["allocation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "number"], name="allocation_version_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.number}: {self.amount}"
