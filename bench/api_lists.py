"""Benchmark: the list endpoints of the JSON API (/api/v1/) on the bench data, each beside the bare
query that produces the same rows (issue 9). Goal: median < 300 ms server time per request.

Needs the data of `make bench-data` (10 programme years × all regions × 1,000,000 participants) in
the PostgreSQL database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/zielwerk_bench). For each endpoint it times, after two warm-up
runs, N runs each of:

(a) the request through Django's test Client with a bearer token (`Authorization: Bearer …`,
    created for the run) – the server time from request to serialised JSON (middleware, auth,
    view, queries, schema validation), DEBUG off;
(b) the reference: the bare query producing the endpoint's rows – the ORM queryset of the view
    evaluated (with its select_related / prefetch_related), or hand-written SQL where the endpoint
    computes figures (steering table, indicator counts);

and counts the queries of both (CaptureQueriesContext). The ministry account `ministerium` reads
everything it may; the participant records are read as the Wiesbaden account `wiesbaden` (the
ministry sees aggregates only and gets 403 there). Everything the run writes (the tokens, the
access log of the record reads) is inside one transaction that is rolled back at the end.
The API has no agreement endpoint (agreements are pages); the load test (bench/locustfile.py)
covers the agreement pages.

Run from the project root: `.venv/bin/python bench/api_lists.py [--runs N] [--only NAME]`
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from steering_dashboard import WARM_UPS, setup_django, timed  # noqa: E402
from steering_dashboard import bare_sql as dashboard_sql  # noqa: E402 (after the path setup)

GOAL_MS = 300.0
YEAR = 2026  # the running year of the bench data: most endpoints are asked about it
REGION = "wiesbaden"


@dataclass
class Endpoint:
    name: str
    path: str
    user: str
    bare: Callable[[], Any]  # returns the rows
    reference: str  # what the bare query is


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):7.1f}  min {min(values):7.1f}  "
        f"max {max(values):7.1f} ms"
    )


def raw(sql: str, params: Any) -> Callable[[], list[tuple]]:
    from django.db import connection

    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def indicator_sql(programme_year_id: int) -> str:
    """Participants per project and gender of the year (the heart of the indicator table)."""
    from zielwerk.participants.models import Participant
    from zielwerk.projects.models import Project

    return f"""
        SELECT p.project_id, p.gender, COUNT(*),
               COUNT(*) FILTER (WHERE p.exited_on IS NOT NULL),
               COUNT(*) FILTER (WHERE p.situation_after_exit = 'employment'),
               COUNT(*) FILTER (WHERE p.situation_after_exit = 'education')
        FROM {Participant._meta.db_table} p
        JOIN {Project._meta.db_table} pr ON pr.id = p.project_id
        WHERE pr.programme_year_id = %s
        GROUP BY p.project_id, p.gender
    """  # noqa: S608 (table names from the models; the value is a parameter)


def endpoints() -> list[Endpoint]:
    """The list endpoints and their bare queries, as the views build them."""

    from django.db.models import Count, Prefetch
    from django.utils import timezone

    from zielwerk.accounts.models import User
    from zielwerk.grants.models import Application, Decision, PaymentRequest, ProofOfUse
    from zielwerk.organisations.models import Organisation, Region
    from zielwerk.participants.models import Participant
    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.projects.models import Project
    from zielwerk.steering.models import Deviation, Target
    from zielwerk.steering.selectors import agreement_get, binding_version, default_as_of

    ministry = User.objects.get(username="ministerium")
    region_user = User.objects.get(username="wiesbaden")
    year = ProgrammeYear.objects.get(programme__code="aqb", year=YEAR)
    as_of = default_as_of(year)
    region = Region.objects.get(slug=REGION)
    version = binding_version(agreement_get(region, year))
    record_project = (
        Project.objects.filter(region=region, programme_year=year)
        .annotate(people=Count("participants"))
        .order_by("-people", "code")
        .first()
    )
    assert record_project is not None and version is not None
    sql, params = dashboard_sql(year.pk, year.first_day, as_of)
    person_fields = ("project", "residence_region", "target_group")

    def projects():
        return list(
            Project.objects.visible_to(ministry)
            .filter(programme_year__year=YEAR)
            .select_related(
                "region", "programme_year", "measure_type", "provider", "carried_over_from"
            )
            .prefetch_related("cost_items", "funding_items", "target_groups")
            .order_by("code")
        )

    def participants():
        records = Participant.objects.visible_to(region_user).filter(project=record_project)
        return records.count(), list(
            records.select_related(*person_fields).order_by("project__code", "entered_on", "pk")[
                :1000
            ]
        )

    def targets():
        rows = list(Target.objects.filter(version=version).order_by("position", "pk"))
        counts = raw(
            f"SELECT project_id, COUNT(*) FROM {Participant._meta.db_table} "  # noqa: S608
            "WHERE project_id IN (SELECT id FROM projects_project WHERE region_id = %s "
            "AND programme_year_id = %s) AND entered_on <= %s GROUP BY project_id",
            [region.pk, year.pk, as_of],
        )()
        return rows, counts

    today = timezone.localdate()
    return [
        Endpoint(
            "organisations",
            "/api/v1/organisations",
            "ministerium",
            lambda: list(
                Organisation.objects.visible_to(ministry)
                .select_related("parent")
                .order_by("kind", "name")[:100]
            ),
            "ORM: Organisation.visible_to, first page of 100 (the endpoint adds COUNT)",
        ),
        Endpoint(
            "regions",
            "/api/v1/regions",
            "ministerium",
            lambda: list(
                Region.objects.visible_to(ministry)
                .select_related("district", "administration")
                .valid_on(today)
                .prefetch_related(
                    Prefetch(
                        "providers",
                        queryset=Organisation.objects.visible_to(ministry).order_by("name"),
                    )
                )
                .order_by("district__key", "kind", "name")
            ),
            "ORM: Region.visible_to valid today, providers prefetched",
        ),
        Endpoint(
            "programme-years",
            "/api/v1/programme-years",
            "ministerium",
            lambda: list(
                ProgrammeYear.objects.select_related("programme")
                .annotate(region_count=Count("participations"))
                .order_by("programme__code", "-year")
            ),
            "ORM: ProgrammeYear with the count of participations",
        ),
        Endpoint(
            "projects",
            f"/api/v1/projects?year={YEAR}",
            "ministerium",
            projects,
            "ORM: Project.visible_to of the year, plans and target groups prefetched",
        ),
        Endpoint(
            "applications",
            "/api/v1/applications",
            "ministerium",
            lambda: list(
                Application.objects.visible_to(ministry)
                .select_related("programme_year__programme", "region")
                .order_by("-programme_year__year", "region__name")
            ),
            "ORM: Application.visible_to, all years",
        ),
        Endpoint(
            "decisions",
            "/api/v1/decisions",
            "ministerium",
            lambda: list(
                Decision.objects.visible_to(ministry)
                .select_related("application__region", "application__programme_year")
                .order_by(
                    "application__programme_year__year", "application__region__name", "number"
                )
            ),
            "ORM: Decision.visible_to, all years",
        ),
        Endpoint(
            "payment-requests",
            "/api/v1/payment-requests",
            "ministerium",
            lambda: list(
                PaymentRequest.objects.visible_to(ministry)
                .select_related("application__programme_year", "application__region", "payment")
                .order_by("application__programme_year__year", "application_id", "number")
            ),
            "ORM: PaymentRequest.visible_to with payment, all years",
        ),
        Endpoint(
            "proofs",
            "/api/v1/proofs",
            "ministerium",
            lambda: list(
                ProofOfUse.objects.visible_to(ministry)
                .select_related("application__region", "application__programme_year")
                .order_by("-application__programme_year__year", "application__region__name")
            ),
            "ORM: ProofOfUse.visible_to, all years",
        ),
        Endpoint(
            "steering regions",
            f"/api/v1/steering/{YEAR}/regions",
            "ministerium",
            raw(sql, params),
            "SQL: the dashboard's aggregate per region (steering_dashboard.py (c))",
        ),
        Endpoint(
            "steering targets",
            f"/api/v1/steering/{YEAR}/regions/{REGION}/targets",
            "ministerium",
            targets,
            "ORM targets of the binding version + SQL participants per project to the day",
        ),
        Endpoint(
            "steering deviations",
            f"/api/v1/steering/{YEAR}/regions/frankfurt/deviations",
            "ministerium",
            lambda: list(
                Deviation.objects.filter(
                    agreement__region__slug="frankfurt", agreement__programme_year=year
                )
                .select_related("target")
                .order_by("-detected_on", "pk")
            ),
            "ORM: Deviation of the agreement with its target",
        ),
        Endpoint(
            "indicators",
            f"/api/v1/indicators?year={YEAR}",
            "ministerium",
            raw(indicator_sql(year.pk), [year.pk]),
            "SQL: participants per project and gender with exits and transitions",
        ),
        Endpoint(
            "participants",
            f"/api/v1/participants?project={record_project.code}&limit=1000",
            "wiesbaden",
            participants,
            f"ORM: COUNT + first 1,000 records of {record_project.code} "
            f"({record_project.people:,} people)",
        ),
    ]


def measure(endpoint: Endpoint, client, token: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = {"Authorization": f"Bearer {token}"}

    def get():
        return client.get(endpoint.path, headers=headers)

    response = get()
    if response.status_code != 200:
        sys.exit(
            f"{endpoint.path} antwortet für {endpoint.user} mit {response.status_code} statt 200: "
            f"{response.content[:300]!r}"
        )
    body = response.json()
    items = body if isinstance(body, list) else body.get("items") or body.get("regions") or []
    if isinstance(body, dict) and "targets" in body:
        items = body["targets"]
    if isinstance(body, dict) and "rows" in body:
        items = body["rows"]
    api = timed(get, runs)
    bare = timed(endpoint.bare, runs)
    with CaptureQueriesContext(connection) as api_queries:
        get()
    with CaptureQueriesContext(connection) as bare_queries:
        endpoint.bare()
    return {
        "api": api,
        "bare": bare,
        "api_queries": len(api_queries.captured_queries),
        "bare_queries": len(bare_queries.captured_queries),
        "items": len(items),
        "kilobytes": len(response.content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="", help="only the endpoints whose name contains this")
    parser.add_argument("--check", action="store_true", help="only check for the bench data")
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction
    from django.db.utils import OperationalError, ProgrammingError
    from django.test import Client

    from zielwerk.accounts.models import User
    from zielwerk.accounts.services import api_token_create
    from zielwerk.participants.models import Participant

    try:
        filled = Participant.objects.exists()
    except (OperationalError, ProgrammingError):  # no database, or not migrated
        filled = False
    if not filled or not User.objects.filter(username="ministerium").exists():
        sys.exit(
            f"Die Datenbank {connection.settings_dict['NAME']} hat keine Bench-Daten: erst "
            "make bench-data YEARS=10 PARTICIPANTS=1000000"
        )
    if args.check:
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    load_before = os.getloadavg()
    print(
        f"API list endpoints, {args.runs} runs after {WARM_UPS} warm-ups; {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL {server}, "
        f"{Participant.objects.count():,} participants; load average before "
        f"{load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f}"
    )
    results: list[tuple[Endpoint, dict[str, Any]]] = []
    with transaction.atomic():
        admin = User.objects.get(username="admin")
        tokens = {}
        for username in ("ministerium", "wiesbaden"):
            owner = User.objects.get(username=username)
            _token, tokens[username] = api_token_create(actor=admin, owner=owner, name="bench")
        client = Client()
        for endpoint in endpoints():
            if args.only and args.only not in endpoint.name:
                continue
            result = measure(endpoint, client, tokens[endpoint.user], args.runs)
            results.append((endpoint, result))
            print(f"\n{endpoint.name}: GET {endpoint.path} as {endpoint.user}")
            print(
                f"  API, server time   {summary(result['api'])}   {result['api_queries']:3} "
                f"queries, {result['items']:,} rows, {result['kilobytes']:,.0f} KB"
            )
            print(
                f"  bare query         {summary(result['bare'])}   {result['bare_queries']:3} "
                f"queries – {endpoint.reference}"
            )
        transaction.set_rollback(True)
    print()
    missed = []
    for endpoint, result in results:
        median = statistics.median(result["api"])
        bare = statistics.median(result["bare"])
        if median >= GOAL_MS:
            missed.append(endpoint.name)
        print(
            f"  {endpoint.name:<20} API {median:7.1f} ms   bare {bare:7.1f} ms   "
            f"ratio {median / bare if bare else float('inf'):5.1f}"
        )
    verdict = "met" if not missed else "MISSED for " + ", ".join(missed)
    print(f"goal median < {GOAL_MS:.0f} ms server time per endpoint: {verdict}")
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f}")


if __name__ == "__main__":
    main()
