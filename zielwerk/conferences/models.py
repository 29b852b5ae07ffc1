"""Models of conferences (Fachtage): the event, the registrations per region with a limit of
places, and its documentation (files in private storage, served through a checked view).

Personal data is kept minimal: a registration holds a name and a function, nothing else
(no e-mail, no address); cancelling a registration deletes it (the audit log keeps who did it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ConferenceStatus


class Conference(models.Model):
    title = models.CharField(_("Titel"), max_length=200)
    starts_on = models.DateField(_("Datum"))
    ends_on = models.DateField(_("bis"), null=True, blank=True)
    starts_at = models.TimeField(_("Beginn (Uhrzeit)"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=200)
    description = models.TextField(_("Beschreibung und Tagesordnung"), blank=True)
    places_per_region = models.PositiveSmallIntegerField(
        _("Plätze je Gebietskörperschaft"), validators=[MinValueValidator(1)]
    )
    registration_until = models.DateField(_("Anmeldung bis"))
    status = models.CharField(
        _("Stand"),
        max_length=12,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    practice_entries = models.ManyToManyField(
        "practice.Entry",
        verbose_name=_("Beispiele guter Praxis"),
        related_name="conferences",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Konferenz")
        verbose_name_plural = _("Konferenzen")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(places_per_region__gte=1), name="conference_places_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="registrations"
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angemeldet von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angemeldet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["region__name", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})"


class Document(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="conferences/documents/")
    original_name = models.CharField(_("Dateiname"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title
