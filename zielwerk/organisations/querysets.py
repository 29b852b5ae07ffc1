from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from zielwerk.core.validity import ValidityQuerySet

from .choices import PUBLIC_SECTOR_KINDS, OrganisationKind

if TYPE_CHECKING:
    from zielwerk.accounts.models import User


class OrganisationQuerySet(ValidityQuerySet):
    def visible_to(self, user: User) -> OrganisationQuerySet:
        """Public-sector bodies for everyone signed in; a provider only to programme-wide staff,
        its own people and the coordinators of the regions it works for."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        own = user.organisation_ids
        return self.filter(
            Q(kind__in=PUBLIC_SECTOR_KINDS)
            | Q(pk__in=own)
            | Q(kind=OrganisationKind.PROVIDER, regions__administration_id__in=own)
        ).distinct()


class RegionQuerySet(ValidityQuerySet):
    def visible_to(self, user: User) -> RegionQuerySet:
        """The list of Gebietskörperschaften is public reference data."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()
