"""Reads on agreements: what a person may see, and what the public may see (published only)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Prefetch

from .choices import AgreementStatus
from .models import Agreement, AgreementVersion, Comment

VERSION_RELATED = ("agreement__region", "agreement__programme_year", "created_by", "amends")


def agreement_list_for_user(user, *, year: int | None = None) -> list[Any]:
    """Newest version's number, status (with its label), kind and amount annotated."""
    agreements = (
        Agreement.objects.visible_to(user)
        .with_current()
        .select_related("region", "programme_year__programme")
    )
    if year is not None:
        agreements = agreements.filter(programme_year__year=year)
    result = list(agreements.order_by("-programme_year__year", "region__name"))
    for agreement in result:
        agreement.current_status_label = AgreementStatus(agreement.current_status).label
    return result


def agreement_years_for_user(user) -> list[int]:
    return list(
        Agreement.objects.visible_to(user)
        .order_by("-programme_year__year")
        .values_list("programme_year__year", flat=True)
        .distinct()
    )


def agreement_get(user, pk: int) -> Agreement | None:
    return (
        Agreement.objects.visible_to(user)
        .select_related("region__administration", "programme_year__programme")
        .filter(pk=pk)
        .first()
    )


def version_list(agreement: Agreement) -> list[AgreementVersion]:
    return list(agreement.versions.select_related("created_by", "amends").order_by("number").all())


def version_get(agreement: Agreement, number: int | None = None) -> AgreementVersion | None:
    """The version with that number, or the newest one."""
    versions = AgreementVersion.objects.select_related(*VERSION_RELATED).filter(agreement=agreement)
    if number is None:
        return versions.order_by("-number").first()
    return versions.filter(number=number).first()


def comment_list(agreement: Agreement) -> list[Comment]:
    return list(
        Comment.objects.filter(version__agreement=agreement)
        .select_related("author", "version")
        .order_by("created_at", "pk")
    )


def status_counts_by_year() -> dict[int, Counter]:
    """{year: {status: count}} over the newest version of every agreement (one query)."""
    counts: dict[int, Counter] = {}
    rows = Agreement.objects.with_current().values_list("programme_year__year", "current_status")
    for year, status in rows:
        counts.setdefault(year, Counter())[status] += 1
    return counts


def agreement_list_for_regions(regions) -> list[Any]:
    """The agreements of these regions with their newest version's state, newest year first."""
    return list(
        Agreement.objects.filter(region__in=regions)
        .with_current()
        .select_related("region", "programme_year")
        .order_by("-programme_year__year", "region__name")
    )


# ---- the public: published versions only --------------------------------------------------------


def published_agreement_list() -> list[Agreement]:
    published = AgreementVersion.objects.filter(published_at__isnull=False).order_by("-number")
    return list(
        Agreement.objects.filter(versions__published_at__isnull=False)
        .distinct()
        .select_related("region", "programme_year")
        .prefetch_related(Prefetch("versions", queryset=published, to_attr="published_versions"))
        .order_by("-programme_year__year", "region__name")
    )


def published_version_get(*, year: int, region_slug: str) -> AgreementVersion | None:
    """The newest published version of that region's agreement for the year; drafts never."""
    return (
        AgreementVersion.objects.select_related(*VERSION_RELATED)
        .filter(
            agreement__programme_year__year=year,
            agreement__region__slug=region_slug,
            published_at__isnull=False,
            status=AgreementStatus.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )
