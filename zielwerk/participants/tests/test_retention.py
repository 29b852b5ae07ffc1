"""retention_run: records past the retention period are deleted, the figures stay the same."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from zielwerk.core.models import AuditEntry
from zielwerk.participants.indicators import indicator_table, projects_in_scope
from zielwerk.participants.models import Participant, RetainedFigures
from zielwerk.participants.retention import retention_ends_on
from zielwerk.programmes.models import ProgrammeYear

from .test_indicators import make_seven


@pytest.fixture
def seven(demo):
    fib = make_seven()
    # Closed on 31 March 2025; 60 months later the retention ends on 31 March 2030.
    ProgrammeYear.objects.filter(pk=fib.programme_year_id).update(closed_on=dt.date(2025, 3, 31))
    return fib


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention_run", *args, stdout=out)
    return out.getvalue()


def snapshot(user) -> str:
    table = indicator_table(user, projects_in_scope(user, 2024), year=2024, level="region")
    shown = {
        row.key: {
            c: {g: cell.display for g, cell in cells.items()} for c, cells in row.cells.items()
        }
        for row in [*table.rows, table.total]
    }
    return json.dumps(shown, sort_keys=True)


def test_end_of_retention(seven):
    seven.programme_year.refresh_from_db()
    assert retention_ends_on(seven.programme_year) == dt.date(2030, 3, 31)


def test_nothing_is_due_on_the_last_day(seven):
    output = run("--today", "2030-03-31")
    assert Participant.objects.count() == 8
    assert output.strip().splitlines()[-1] == (
        "Stichtag 31.03.2030: 0 Projekte, 0 Datensätze gelöscht."
    )


def test_dry_run_changes_nothing(seven):
    output = run("--dry-run", "--today", "2030-04-01")
    assert Participant.objects.count() == 8
    assert not RetainedFigures.objects.exists()
    lines = output.strip().splitlines()
    # Frankfurt's project belongs to the same programme year (Hessen's AQB 2024).
    assert lines[0] == (
        "F-2024-SKA Startklar Ausbildung (erfunden): 1 Datensatz würde gelöscht "
        "(Aufbewahrungsfrist endete am 31.03.2030)."
    )
    assert lines[1] == (
        "WI-2024-FIB Fit für den Beruf (FIB): 7 Datensätze würden gelöscht "
        "(Aufbewahrungsfrist endete am 31.03.2030)."
    )
    assert lines[-1] == (
        "Probelauf, nichts geändert: Stichtag 01.04.2030: 2 Projekte, 8 Datensätze würden gelöscht."
    )


def test_real_run_keeps_the_figures(seven, users):
    before = {name: snapshot(users[name]) for name in ("ministerium", "traeger-wiesbaden")}
    output = run("--today", "2030-04-01")
    assert Participant.objects.count() == 0
    kept = RetainedFigures.objects.get(project=seven)
    assert kept.records_deleted == 7
    assert kept.figures["EECO01"] == {"female": 3, "male": 2, "non_binary": 1, "diverse": 1}
    after = {name: snapshot(users[name]) for name in ("ministerium", "traeger-wiesbaden")}
    assert after == before
    audit = AuditEntry.objects.get(action="participants.retention_delete", object_id=str(seven.pk))
    assert audit.changes == {"records": [7, 0]}
    assert (
        output.strip().splitlines()[-1] == "Stichtag 01.04.2030: 2 Projekte, 8 Datensätze gelöscht."
    )
    # A second run finds nothing left to delete.
    assert "0 Projekte" in run("--today", "2030-04-02")


def test_old_stored_api_answers_are_deleted(demo):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from zielwerk.organisations.models import Organisation
    from zielwerk.participants.models import IdempotencyKey

    provider = Organisation.objects.get(slug="demo-traeger-wiesbaden")
    old = IdempotencyKey.objects.create(
        organisation=provider, key="alt", request_hash="x", status_code=201, response={}
    )
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    IdempotencyKey.objects.create(
        organisation=provider, key="neu", request_hash="y", status_code=201, response={}
    )
    out = StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    assert "1 würden gelöscht" in out.getvalue()
    assert IdempotencyKey.objects.count() == 2
    call_command("retention_run", stdout=StringIO())
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["neu"]
