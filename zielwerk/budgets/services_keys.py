"""Writes on distribution keys beyond computing them: publishing. Atomic, checked, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record

from .models import DistributionKey
from .permissions import can_manage_budget


def distribution_key_publish(*, actor, key: DistributionKey) -> DistributionKey:
    """Publish a key: its inputs and result become the year's published distribution."""
    can_manage_budget(actor).enforce()
    with transaction.atomic():
        key = DistributionKey.objects.select_for_update().get(pk=key.pk)
        if key.published_at is not None:
            raise ValidationError(_("Dieser Verteilungsschlüssel ist schon veröffentlicht."))
        key.published_at = timezone.now()
        key.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            action="distribution_key.publish",
            obj=key,
            changes={"published_at": [None, key.published_at.isoformat()]},
        )
    return key
