"""The audit trail: one append-only row for every state change made through a service."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Protokolleinträge können nicht geändert werden.")

    def delete(self):
        raise AppendOnlyError("Protokolleinträge können nicht gelöscht werden.")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handelnde Person"),
        null=True,
        blank=True,
        # People who acted are deactivated, never deleted: the trail must keep pointing at them.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(
        _("handelnde Person (Anzeige)"),
        max_length=200,
        help_text=_("Bleibt erhalten, auch wenn das Konto später gelöscht wird."),
    )
    action = models.CharField(_("Aktion"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Objekttyp"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    changes = models.JSONField(
        _("Änderungen"),
        default=dict,
        blank=True,
        help_text=_("Je geändertem Feld der alte und der neue Wert."),
    )
    reason = models.TextField(_("Begründung"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Protokolleinträge können nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Protokolleinträge können nicht gelöscht werden.")

    @property
    def change_list(self) -> list[tuple[str, object]]:
        """(field, [old, new]) pairs for templates: `changes.items` in a template would look up a
        field named "items" first."""
        return list(self.changes.items()) if isinstance(self.changes, dict) else []
