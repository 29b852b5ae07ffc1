from __future__ import annotations

from typing import Any

from django.db import transaction

from zielwerk.core.audit import apply_changes, audit_record

from .models import Organisation
from .permissions import can_change_organisation

CONTACT_FIELDS = ("email", "phone", "address", "unit")


def organisation_update_contact(
    *, actor, organisation: Organisation, data: dict[str, Any], reason: str = ""
) -> Organisation:
    """Change an organisation's contact details; only the contact fields can change here."""
    can_change_organisation(actor, organisation).enforce()
    unknown = set(data) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Diese Felder sind hier nicht änderbar: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changes = apply_changes(locked, data)
        if changes:
            locked.full_clean()
            locked.save(update_fields=list(changes))
            audit_record(
                actor=actor,
                action="organisation.update_contact",
                obj=locked,
                changes=changes,
                reason=reason,
            )
    return locked
