"""Who holds a role: the recipients of notifications."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import Membership, User


def people_with_role(
    role: str,
    *,
    organisation_id: int | None = None,
    organisation_kind: str | None = None,
    exclude=None,
) -> QuerySet[User]:
    """Active people with a membership valid today in that role (in that organisation, or in an
    organisation of that kind), without `exclude` (the person who acted), ordered by pk."""
    memberships = Membership.objects.valid_on(timezone.localdate()).filter(role=role)
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    if organisation_kind is not None:
        memberships = memberships.filter(organisation__kind=organisation_kind)
    people = User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
    if getattr(exclude, "pk", None):
        people = people.exclude(pk=exclude.pk)
    return people.order_by("pk")
