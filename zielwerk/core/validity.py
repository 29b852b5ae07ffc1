"""Reference data that changes over time: valid_from / valid_to, both inclusive, open ends."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def overlaps_q(start: dt.date, end: dt.date) -> Q:
    """Rows valid on at least one day of [start, end]."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        return self.filter(valid_on_q(day))

    def valid_in_year(self, year: int):
        return self.filter(overlaps_q(dt.date(year, 1, 1), dt.date(year, 12, 31)))


class ValidityMixin(models.Model):
    valid_from = models.DateField(
        gettext_lazy("gültig ab"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Leer: seit jeher gültig."),
    )
    valid_to = models.DateField(
        gettext_lazy("gültig bis"),
        null=True,
        blank=True,
        help_text=gettext_lazy("Leer: unbefristet gültig."),
    )

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": gettext("„gültig bis“ liegt vor „gültig ab“.")})


def validity_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True)
        | Q(valid_to__isnull=True)
        | Q(valid_to__gte=models.F("valid_from")),
        name=name,
        violation_error_message=gettext_lazy("„gültig bis“ liegt vor „gültig ab“."),
    )
