"""Benchmark: the statewide steering dashboard on the bench data, goal median < 300 ms server time
(issue 7, Speed).

Needs the data of `make bench-data` (10 programme years × all regions × 1,000,000 participants) in
the PostgreSQL database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/zielwerk_bench). For the latest programme year and the busiest
one (most participants; on a tie the earlier year, so that a closed year is measured too) it
times, after two warm-up runs, N runs each of:

(a) the page `/steuerung/<year>/` (`steering:dashboard`) through Django's test Client, logged in
    as the demo ministry account `ministerium` – the server time from request to rendered
    response (middleware, view, queries, template), DEBUG off;
(b) `zielwerk.steering.dashboard.statewide_table(programme_year, as_of)` alone;
(c) the reference: one hand-written SQL query that computes the heaviest part of the table –
    per region, entries, regular exits and transitions up to the cut-off day, and the amount
    paid out up to it;
(d) the number of queries of the page (CaptureQueriesContext) and its slowest queries; with
    --explain (or when the goal is missed) EXPLAIN ANALYZE of the slowest one.

The cut-off day is the page's default (today inside the year, 31 December for a past year).
Prints median / min / max per figure with the machine facts and exits 0.

Run from the project root: `.venv/bin/python bench/steering_dashboard.py [--runs N] [--explain]`
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zielwerk_bench"
GOAL_MS = 300.0
WARM_UPS = 2


def setup_django() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL muss die PostgreSQL-Datenbank der Bench-Daten nennen.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    settings.DEBUG = False  # as in production: no query log, no template debug information
    setup_test_environment(debug=False)  # the test Client's host, locmem e-mail


def timed(function: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each of `runs` calls, after WARM_UPS calls that are not counted."""
    for _ in range(WARM_UPS):
        function()
    result = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        result.append((time.perf_counter() - started) * 1000)
    return result


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):8.1f} ms   "
        f"min {min(values):8.1f} ms   max {max(values):8.1f} ms"
    )


def bare_sql(programme_year_id: int, first, as_of) -> tuple[str, dict[str, Any]]:
    """Per region of the year: entries, regular exits, transitions into education and
    employment up to the cut-off day, and the amount paid out up to it – one query."""
    from zielwerk.grants.models import Application, Payment, PaymentRequest
    from zielwerk.participants.models import Participant
    from zielwerk.programmes.models import Participation
    from zielwerk.projects.models import Project

    exited = "p.exited_on BETWEEN %(first)s AND %(as_of)s"
    sql = f"""
        WITH people AS (
            SELECT pr.region_id,
                   COUNT(*) FILTER (WHERE p.entered_on BETWEEN %(first)s AND %(as_of)s) AS entries,
                   COUNT(*) FILTER (WHERE {exited} AND p.exit_reason = 'regular') AS regular,
                   COUNT(*) FILTER (WHERE {exited} AND p.situation_after_exit = 'education')
                       AS education,
                   COUNT(*) FILTER (WHERE {exited} AND p.situation_after_exit = 'employment')
                       AS employment
            FROM {Participant._meta.db_table} p
            JOIN {Project._meta.db_table} pr ON pr.id = p.project_id
            WHERE pr.programme_year_id = %(year)s AND p.entered_on <= %(as_of)s
            GROUP BY pr.region_id
        ), paid AS (
            SELECT a.region_id, SUM(pay.amount) AS amount
            FROM {Payment._meta.db_table} pay
            JOIN {PaymentRequest._meta.db_table} r ON r.id = pay.request_id
            JOIN {Application._meta.db_table} a ON a.id = r.application_id
            WHERE a.programme_year_id = %(year)s AND r.status = 'paid'
              AND pay.paid_on <= %(as_of)s
            GROUP BY a.region_id
        )
        SELECT pa.region_id, COALESCE(people.entries, 0), COALESCE(people.regular, 0),
               COALESCE(people.education, 0), COALESCE(people.employment, 0),
               COALESCE(paid.amount, 0)
        FROM {Participation._meta.db_table} pa
        LEFT JOIN people ON people.region_id = pa.region_id
        LEFT JOIN paid ON paid.region_id = pa.region_id
        WHERE pa.programme_year_id = %(year)s
        ORDER BY pa.region_id
    """  # noqa: S608 (table names from the models; every value is a parameter)
    return sql, {"year": programme_year_id, "first": first, "as_of": as_of}


def facts() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        counts = {}
        for label, table in (
            ("programme years", "programmes_programmeyear"),
            ("agreements", "agreements_agreement"),
            ("projects", "projects_project"),
            ("targets", "steering_target"),
            ("payments", "grants_payment"),
            ("participants", "participants_participant"),
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (constant names)
            counts[label] = f"{cursor.fetchone()[0]:,}"
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return {"PostgreSQL": f"{version} (shared_buffers {buffers})", **counts}


def explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(f"      {row[0]}" for row in cursor.fetchall())


def measure_year(client, programme_year, runs: int, show_explain: bool) -> dict[str, list[float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from zielwerk.steering.dashboard import statewide_table
    from zielwerk.steering.selectors import default_as_of

    as_of = default_as_of(programme_year)
    url = reverse("steering:dashboard", kwargs={"year": programme_year.year})
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} antwortet mit {response.status_code} statt 200.")
    page = timed(lambda: client.get(url), runs)
    table = timed(lambda: statewide_table(programme_year, as_of), runs)
    sql, params = bare_sql(programme_year.pk, programme_year.first_day, as_of)

    def run_sql():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    rows = run_sql()
    reference = timed(run_sql, runs)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = captured.captured_queries
    query_ms = sum(float(q["time"]) for q in queries) * 1000
    entries = sum(row[1] for row in rows)
    print(
        f"\n{programme_year} – /steuerung/{programme_year.year}/, Stichtag {as_of:%d.%m.%Y}, "
        f"{len(rows)} regions, {entries:,} entries up to the cut-off day"
    )
    print(f"  (a) page, server time       {summary(page)}")
    print(f"  (b) statewide_table()       {summary(table)}")
    print(f"  (c) bare SQL aggregate      {summary(reference)}")
    print(
        f"  (d) queries of the page: {len(queries)}, together {query_ms:.1f} ms "
        f"(one run, timed by Django's debug cursor)"
    )
    slowest = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:5]
    for q in slowest:
        text = " ".join(q["sql"].split())
        print(
            f"      {float(q['time']) * 1000:7.1f} ms  {text[:150]}{'…' if len(text) > 150 else ''}"
        )
    missed = statistics.median(page) >= GOAL_MS
    if (show_explain or missed) and slowest:
        print("  EXPLAIN ANALYZE of the slowest query:")
        print(explain(slowest[0]["sql"], None))
    return {"page": page, "table": table, "sql": reference}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.db.utils import OperationalError, ProgrammingError
    from django.test import Client

    from zielwerk.accounts.models import User
    from zielwerk.programmes.models import ProgrammeYear

    try:
        years = list(
            ProgrammeYear.objects.select_related("programme")
            .annotate(people=Count("projects__participants"))
            .order_by("year")
        )
    except (OperationalError, ProgrammingError):  # no database, or not migrated
        years = []
    if not years or not any(y.people for y in years):
        sys.exit(
            f"Die Datenbank {connection.settings_dict['NAME']} hat keine Bench-Daten: erst "
            "make bench-data YEARS=10 PARTICIPANTS=1000000"
        )
    user = User.objects.filter(username="ministerium").first()
    if user is None:
        sys.exit("Das Konto „ministerium“ fehlt: erst make bench-data … RESET=1")
    latest = years[-1]
    busiest = max(years, key=lambda y: (y.people, -y.year))
    load_before = os.getloadavg()[0]
    print(
        f"Statewide dashboard, {args.runs} runs after {WARM_UPS} warm-ups; {os.cpu_count()} "
        f"cores, Python {platform.python_version()}, load average before {load_before:.1f}"
    )
    for label, value in facts().items():
        print(f"  {label:<16} {value}")
    client = Client()
    client.force_login(user)
    results = {}
    for programme_year in dict.fromkeys([latest, busiest]):
        results[programme_year.year] = measure_year(client, programme_year, args.runs, args.explain)
    print()
    for year, values in results.items():
        median = statistics.median(values["page"])
        verdict = "met" if median < GOAL_MS else "MISSED"
        print(
            f"goal median < {GOAL_MS:.0f} ms server time, {year}: {median:.1f} ms – {verdict} "
            f"(bare SQL {statistics.median(values['sql']):.1f} ms)"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
