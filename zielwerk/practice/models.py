"""Models of good practice (Gute Praxis): entries curated by the ministry.

`search_vector` is a stored PostgreSQL tsvector (German configuration), written by the service
after every save and searched through a GIN index (created in migration 0001 on PostgreSQL only).
On SQLite the column stays empty and the search falls back to icontains (see selectors.py and
docs/decisions/0014-good-practice-search.md).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=600)
    description = models.TextField(_("Beschreibung"), blank=True)
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("Projekte"), related_name="+", blank=True
    )
    measure_types = models.ManyToManyField(
        "programmes.MeasureType", verbose_name=_("Maßnahmenarten"), related_name="+", blank=True
    )
    published = models.BooleanField(_("veröffentlicht"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Beispiel guter Praxis")
        verbose_name_plural = _("Gute Praxis")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
