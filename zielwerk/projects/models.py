"""Projekt (Maßnahme): one project of a region in a programme year, under one measure type.

The agreement lists projects (§ 5); the grant procedure later adds cost and financing plans and a
provider; participant monitoring records participants against the same project.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_PATTERN = r"^[A-Z]{1,6}-\d{4}-[A-Z0-9]{1,12}$"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        return self.filter(
            models.Q(region__administration_id__in=user.organisation_ids)
            | models.Q(region__providers__in=user.organisation_ids)
        ).distinct()


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

    @staticmethod
    def make_code(region_code: str, year: int, short_name: str) -> str:
        return f"{region_code}-{year}-{short_name}"
