from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from zielwerk.accounts.models import Membership

from .models import Organisation, Region


def organisation_list_for_user(user, *, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.visible_to(user).select_related("parent")
    if kind:
        organisations = organisations.filter(kind=kind)
    if query:
        organisations = organisations.filter(name__icontains=query)
    return organisations.order_by("kind", "name")


def organisation_get(user, slug: str) -> Organisation | None:
    return (
        Organisation.objects.visible_to(user)
        .select_related("parent")
        .prefetch_related("names", "regions")
        .filter(slug=slug)
        .first()
    )


def organisation_members(organisation: Organisation, day: dt.date) -> QuerySet[Membership]:
    return (
        Membership.objects.valid_on(day)
        .filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )


def region_list(user, *, on: dt.date | None = None) -> QuerySet[Region]:
    regions = Region.objects.visible_to(user).select_related("district", "administration")
    if on is not None:
        regions = regions.valid_on(on)
    return regions.prefetch_related(
        Prefetch("providers", queryset=Organisation.objects.visible_to(user).order_by("name"))
    ).order_by("district__key", "kind", "name")
