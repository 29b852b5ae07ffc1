"""Reads of good practice: the entries a person may see, filtered and searched.

Search: on PostgreSQL the stored tsvector (German configuration, so "Ausbildungen" finds
"Ausbildung") is matched with a websearch query and ranked with SearchRank. SQLite has no
German stemming: there the fallback is a case-insensitive substring search (icontains) over
title, summary and description, ordered by title – good enough for development and the demo,
see docs/decisions/0014-good-practice-search.md.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet

from zielwerk.agreements.permissions import is_ministry

from .models import Entry
from .services import SEARCH_CONFIG


def entries_visible_to(user) -> QuerySet[Entry]:
    if not user.is_authenticated:
        return Entry.objects.none()
    entries = Entry.objects.select_related("region")
    return entries if is_ministry(user) else entries.filter(published=True)


def entries_search(entries: QuerySet[Entry], text: str) -> QuerySet[Entry]:
    text = " ".join(text.split())
    if not text:
        return entries.order_by("title", "pk")
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            entries.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title", "pk")
        )
    # SQLite fallback: no stemming, every word must occur somewhere (substring, any case).
    for word in text.split():
        entries = entries.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        )
    return entries.order_by("title", "pk")


def entry_list(user, *, text: str = "", region_id=None, measure_type_id=None) -> QuerySet[Entry]:
    entries = entries_visible_to(user)
    if region_id:
        entries = entries.filter(region_id=region_id)
    if measure_type_id:
        entries = entries.filter(measure_types__id=measure_type_id)
    return entries_search(entries, text).prefetch_related("measure_types").distinct()
