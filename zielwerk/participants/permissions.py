"""Who may do what with participant data.

* The provider that runs a project records, changes and reads its participants (record level).
* The region's people read the pseudonymous records of the region's projects and the aggregates.
* Ministry and grant authority (and the Fachadministration) see aggregates only.
* Everyone else sees nothing (404 for objects, 403 for lists).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny


def runs_project(user, project) -> bool:
    return bool(
        user.is_authenticated
        and project.provider_id is not None
        and project.provider_id in user.organisation_ids
    )


def is_region_of(user, project) -> bool:
    administration = project.region.administration_id
    return bool(
        user.is_authenticated
        and administration is not None
        and administration in user.organisation_ids
    )


def can_record_participants(user, project) -> Verdict:
    if runs_project(user, project):
        return allow()
    return deny(_("Teilnehmende erfasst der Träger, der das Projekt durchführt."))


def can_view_records(user, project) -> Verdict:
    """Record level (pseudonymous above the provider)."""
    if runs_project(user, project) or is_region_of(user, project):
        return allow()
    return deny(
        _(
            "Einzeldatensätze sehen nur der Träger des Projekts und die Gebietskörperschaft; "
            "alle anderen sehen zusammengefasste Kennzahlen."
        )
    )


def can_view_indicators(user, project=None) -> Verdict:
    """Aggregates: programme-wide staff, the region's people and the project's provider."""
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or is_admin(user):
        return allow()
    if project is None or runs_project(user, project) or is_region_of(user, project):
        return allow()
    return deny(_("Diese Kennzahlen sind für Sie nicht sichtbar."))


def sees_small_counts(user, project) -> bool:
    """Counts of 1 or 2 are shown as "< 3" to everyone but the provider that owns the records."""
    return runs_project(user, project)
