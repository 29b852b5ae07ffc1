"""Good practice: curated by the ministry, read by everyone signed in (unpublished only by the
ministry), searched in German (PostgreSQL: stemming; SQLite: the icontains fallback), with the
outcome figures of the linked projects computed live and suppressed as for the ministry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from zielwerk.core.models import AuditEntry
from zielwerk.grants.tests.factories import plan_wiesbaden_projects
from zielwerk.organisations.models import Region
from zielwerk.participants.tests.test_indicators import make_participant
from zielwerk.practice.figures import outcome_figures
from zielwerk.practice.models import Entry
from zielwerk.practice.selectors import entry_list
from zielwerk.practice.services import EntryData, entry_publish, entry_save
from zielwerk.programmes.models import MeasureType
from zielwerk.projects.models import Project

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="German stemming needs PostgreSQL full-text search; SQLite uses the icontains fallback",
)


def save(users, title, summary, *, region="wiesbaden", published=True, **extra) -> Entry:
    return entry_save(
        actor=users["ministerium"],
        data=EntryData(
            title=title,
            summary=summary,
            region=Region.objects.get(slug=region),
            published=published,
            **extra,
        ),
    )


@pytest.fixture
def entries(users):
    """The entries these tests reason about, and no others: the demo's own are removed."""
    Entry.objects.all().delete()
    kinds = list(MeasureType.objects.order_by("number", "pk"))
    return {
        "ausbildung": save(
            users,
            "Begleitung in die Ausbildung",
            "Praktika und Coaching bis zum Beginn der Ausbildung.",
            measure_type_ids=(kinds[0].pk,),
        ),
        "eltern": save(
            users,
            "Elterncafé im Stadtteil",
            "Eltern beraten Eltern.",
            region="frankfurt",
            measure_type_ids=(kinds[-1].pk,),
        ),
        "entwurf": save(users, "Entwurf Ausbildungsverbund", "Noch nicht fertig.", published=False),
    }


def titles(queryset) -> set[str]:
    return {entry.title for entry in queryset}


def test_the_ministry_curates_and_others_are_refused(users, entries):
    for who in ("wiesbaden", "rp-kassel", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            entry_save(
                actor=users[who],
                data=EntryData(title="X", summary="Y", region=Region.objects.get(slug="wiesbaden")),
            )
        with pytest.raises(PermissionDenied):
            entry_publish(actor=users[who], entry=entries["entwurf"], published=True)
    entry_publish(actor=users["ministerium"], entry=entries["entwurf"], published=True)
    entries["entwurf"].refresh_from_db()
    assert entries["entwurf"].published
    assert AuditEntry.objects.filter(action="practice.entry.publish").count() == 1


def test_title_and_summary_are_required(users):
    with pytest.raises(ValidationError) as error:
        save(users, " ", "")
    assert set(error.value.message_dict) == {"title", "summary"}


def test_unpublished_entries_are_the_ministrys(users, entries):
    everyone = {"Begleitung in die Ausbildung", "Elterncafé im Stadtteil"}
    assert titles(entry_list(users["ministerium"])) == everyone | {"Entwurf Ausbildungsverbund"}
    for who in ("wiesbaden", "rp-kassel", "traeger-wiesbaden"):
        assert titles(entry_list(users[who])) == everyone


def test_filters_by_region_and_measure_type(users, entries):
    frankfurt = Region.objects.get(slug="frankfurt")
    assert titles(entry_list(users["wiesbaden"], region_id=frankfurt.pk)) == {
        "Elterncafé im Stadtteil"
    }
    first = MeasureType.objects.order_by("number", "pk").first()
    assert titles(entry_list(users["wiesbaden"], measure_type_id=first.pk)) == {
        "Begleitung in die Ausbildung"
    }


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback only")
def test_sqlite_fallback_finds_substrings_in_any_case(users, entries):
    assert titles(entry_list(users["wiesbaden"], text="ausbildung")) == {
        "Begleitung in die Ausbildung"
    }
    # Every word must occur (in title, summary or description).
    assert titles(entry_list(users["wiesbaden"], text="coaching praktika")) == {
        "Begleitung in die Ausbildung"
    }
    assert titles(entry_list(users["wiesbaden"], text="coaching eltern")) == set()
    # The ministry finds the draft too, others never.
    assert titles(entry_list(users["ministerium"], text="ausbildung")) == {
        "Begleitung in die Ausbildung",
        "Entwurf Ausbildungsverbund",
    }


@POSTGRES_ONLY
def test_postgres_german_stemming(users, entries):
    # "Ausbildungen" (plural) finds the entry saying "Ausbildung"; "beratene" finds "beraten".
    assert titles(entry_list(users["wiesbaden"], text="Ausbildungen")) == {
        "Begleitung in die Ausbildung"
    }
    assert titles(entry_list(users["wiesbaden"], text="beratene Eltern")) == {
        "Elterncafé im Stadtteil"
    }
    assert titles(entry_list(users["wiesbaden"], text="Pflege")) == set()
    # A change through the service refreshes the stored vector.
    entry = entries["eltern"]
    save_data = EntryData(
        title=entry.title, summary="Väter treffen sich.", region=entry.region, published=True
    )
    entry_save(actor=users["ministerium"], entry=entry, data=save_data)
    assert titles(entry_list(users["wiesbaden"], text="Vätern")) == {"Elterncafé im Stadtteil"}


# --- outcome figures -------------------------------------------------------------------------


def make_people() -> tuple[Project, Project]:
    """FIB: five women, three men; exits: women 1-3 and man 1; after exit: women 1 and 2 school
    or training, woman 3 and man 1 employment. HIB: three women, nobody has left."""
    plan_wiesbaden_projects()
    fib = Project.objects.get(code="WI-2024-FIB")
    hib = Project.objects.get(code="WI-2024-HIB")
    exited = dict(exited_on=dt.date(2024, 9, 30), exit_reason="regular")
    people = [
        ("W1", "female", "education"),
        ("W2", "female", "education"),
        ("W3", "female", "employment"),
        ("W4", "female", None),
        ("W5", "female", None),
        ("M1", "male", "employment"),
        ("M2", "male", None),
        ("M3", "male", None),
    ]
    for reference, gender, situation in people:
        values = dict(gender=gender)
        if situation:
            values.update(exited, situation_after_exit=situation)
        make_participant(fib, reference, **values)
    for reference in ("H1", "H2", "H3"):
        make_participant(hib, reference, gender="female")
    return fib, hib


def test_outcome_figures_by_hand_with_suppression(demo):
    fib, hib = make_people()
    figures = outcome_figures([hib, fib])
    assert figures is not None
    shown = {row.key: [cell.display for cell in cells] for row, cells in figures.table()}
    # Columns: entries, exits, school/training, employment.
    assert shown == {
        "WI-2024-FIB": ["8", "4", "< 3", "< 3"],  # 2 and 2 are small
        "WI-2024-HIB": ["3", "0", "0", "0"],
        "total": ["11", "4", "< 3", "< 3"],
    }
    assert [code for code, _label in figures.columns] == ["AQB01", "AQB02", "AQB05", "AQB06"]


def test_no_projects_no_figures():
    assert outcome_figures([]) is None


def test_the_entry_page_shows_suppressed_figures_even_to_the_provider(users, client_for):
    fib, hib = make_people()
    entry = save(users, "FIB und HIB", "Zwei Projekte.", project_ids=(fib.pk, hib.pk))
    url = reverse("practice:entry_detail", kwargs={"pk": entry.pk})
    for who in ("ministerium", "traeger-wiesbaden", "frankfurt"):
        page = client_for(who).get(url).content.decode()
        assert "&lt; 3" in page, who
        assert "WI-2024-FIB" in page and ">11<" in page, who


def test_search_page(users, entries, client_for):
    page = client_for("wiesbaden").get(reverse("practice:entry_list"), {"q": "Ausbildung"})
    content = page.content.decode()
    assert "Begleitung in die Ausbildung" in content
    assert "Elterncafé" not in content
    assert "Entwurf Ausbildungsverbund" not in content
