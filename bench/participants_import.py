"""Benchmark: the bulk import of 100,000 participant records, goal ≤ 10 s for read + validate +
store on PostgreSQL (issue 6).

Generates 100,000 valid rows (deterministic, seed 2024) in the import format as CSV (UTF-8, `;`)
and XLSX, creates a project ("BENCH" in Wiesbaden 2024, inside a transaction that is rolled back
at the end), then for each format and run imports the file into the empty project and times the
phases: read (csv module / python-calamine), validate (RecordValidator per row + duplicates),
store (hashing, classification against the project's records, COPY). It also times a re-import
of the same file (all unchanged) and, for comparison, a raw PostgreSQL COPY of the same 100,000
rows (already in database form) into a temporary table. Prints median / min / max of the runs.

Run from the project root (PostgreSQL required):
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/zielwerk_bench .venv/bin/python
bench/participants_import.py [--rows N] [--runs N]`
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import time
from importlib.metadata import version as package_version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 10.0
GENDERS = ["weiblich", "männlich", "nicht-binär", "divers"]
ENTITLEMENTS = ["SGB II", "SGB III", "SGB VIII", "SGB XII", "AsylbLG"]
EMPLOYMENT = ["arbeitslos", "langzeitarbeitslos", "nicht erwerbstätig", "erwerbstätig"]
EDUCATION = ["ISCED 0-2", "ISCED 3-4", "ISCED 5-8"]
STATED = ["ja", "nein", "keine Angabe"]
SITUATIONS = [
    "Arbeitssuche",
    "Schule oder Ausbildung",
    "Qualifikation erworben",
    "Beschäftigung",
    "Sonstiges",
]


def generate_rows(count: int) -> list[list[object]]:
    """Rows in the order of records.COLUMNS; dates as date objects (text in the CSV)."""
    rng = random.Random(2024)
    start = dt.date(2024, 1, 1)
    rows: list[list[object]] = []
    for number in range(1, count + 1):
        entered = start + dt.timedelta(days=rng.randrange(180))
        exited = entered + dt.timedelta(days=rng.randrange(1, 150)) if rng.random() < 0.4 else None
        rows.append(
            [
                f"BENCH-{number:06d}",
                entered,
                rng.choice(GENDERS),
                rng.randrange(1970, 2008),
                rng.choice(["Wiesbaden", "06414", "Rheingau-Taunus-Kreis"]),
                "ja",
                rng.choice(ENTITLEMENTS),
                rng.choice(["ja", "nein"]),
                rng.choice(EMPLOYMENT),
                rng.choice(EDUCATION),
                "",
                rng.choice(STATED),
                rng.choice(STATED),
                rng.choice(STATED),
                rng.choice(["ja", "nein"]),
                exited or "",
                rng.choice(["regulär", "vorzeitig"]) if exited else "",
                rng.choice(SITUATIONS) if exited else "",
            ]
        )
    return rows


def to_csv(headings, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([f"{v:%d.%m.%Y}" if isinstance(v, dt.date) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(headings, rows) -> bytes:
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet("Teilnehmende")
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, headings)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(index, column, value, date_format)
            elif value != "":
                sheet.write(index, column, value)
    workbook.close()
    return output.getvalue()


def setup_django() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (this benchmark measures COPY).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_project():
    from zielwerk.demo.data import seed
    from zielwerk.organisations.models import Region
    from zielwerk.programmes.models import MeasureType, ProgrammeYear
    from zielwerk.projects.models import Project

    seed(grants=False)
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    return Project.objects.create(
        region=Region.objects.get(slug="wiesbaden"),
        programme_year=year,
        measure_type=MeasureType.objects.filter(programme=year.programme).earliest("number"),
        name="Benchmark-Projekt",
        short_name="BENCH",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
    )


def raw_copy_seconds(project, rows) -> float:
    """COPY of the same rows, already in database form, into a temporary table."""
    from django.db import connection

    from zielwerk.participants import pseudonyms
    from zielwerk.participants.importing import IMPORTED, check_table
    from zielwerk.participants.records import HEADINGS, RecordValidator

    table = [list(HEADINGS), *rows]
    checked = check_table(table, RecordValidator(project, today=dt.date(2025, 6, 30)))
    prepared = []
    for _number, clean in checked.rows:
        digest = pseudonyms.reference_hash(project.pk, clean["reference"])
        values = dict(clean, residence_region_id=clean["residence_region"].pk)
        values["target_group_id"] = clean["target_group"]
        prepared.append((digest, *(values[name] for name in IMPORTED)))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = ", ".join(IMPORTED)  # constant names, no input
        raw.execute(
            f"CREATE TEMPORARY TABLE bench_copy ON COMMIT DROP AS SELECT reference_hash, "  # noqa: S608
            f"{columns} FROM participants_participant WITH NO DATA"
        )
        started = time.perf_counter()
        with raw.copy(
            "COPY bench_copy (reference_hash, " + ", ".join(IMPORTED) + ") FROM STDIN"
        ) as copy:
            for row in prepared:
                copy.write_row(row)
        seconds = time.perf_counter() - started
        raw.execute("DROP TABLE bench_copy")
    return seconds


def import_once(project, data: bytes, filename: str) -> dict[str, float]:
    from zielwerk.participants.importing import participants_import, read_table

    started = time.perf_counter()
    table = read_table(data, filename)
    read = time.perf_counter() - started
    outcome = participants_import(
        actor=None, project=project, table=table, filename=filename, today=dt.date(2025, 6, 30)
    )
    total = time.perf_counter() - started
    assert not outcome.problems, outcome.problems[:5]
    return {
        "read": read,
        "validate": outcome.timings["validate"],
        "store": outcome.timings["store"],
        "total": total,
        "created": outcome.created,
        "unchanged": outcome.unchanged,
    }


def summary(values: list[float]) -> str:
    median = statistics.median(values)
    return f"median {median:6.2f} s  min {min(values):6.2f} s  max {max(values):6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction

    from zielwerk.participants.models import Participant
    from zielwerk.participants.records import HEADINGS

    print(
        f"{args.rows:,} rows, {args.runs} runs; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"python-calamine {package_version('python-calamine')}; load average before "
        f"{os.getloadavg()[0]:.1f} (other processes slow every phase down)"
    )
    started = time.perf_counter()
    rows = generate_rows(args.rows)
    files = {"csv": to_csv(HEADINGS, rows), "xlsx": to_xlsx(HEADINGS, rows)}
    print(
        f"generated in {time.perf_counter() - started:.1f} s: "
        f"CSV {len(files['csv']) / 1e6:.1f} MB, XLSX {len(files['xlsx']) / 1e6:.1f} MB"
    )
    with transaction.atomic():
        project = create_project()
        for fmt, data in files.items():
            runs: dict[str, list[float]] = {}
            reimport: list[float] = []
            for _run in range(args.runs):
                first = import_once(project, data, f"bench.{fmt}")
                assert first["created"] == args.rows
                again = import_once(project, data, f"bench.{fmt}")
                assert again["unchanged"] == args.rows
                for phase in ("read", "validate", "store", "total"):
                    runs.setdefault(phase, []).append(first[phase])
                reimport.append(again["total"])
                Participant.objects.filter(project=project).delete()
            print(f"\n{fmt.upper()} import into an empty project:")
            for phase, values in runs.items():
                print(f"  {phase:<9} {summary(values)}")
            goal = "met" if statistics.median(runs["total"]) <= GOAL_SECONDS else "MISSED"
            print(f"  goal ≤ {GOAL_SECONDS:.0f} s for read+validate+store: {goal}")
            print(f"  re-import (all unchanged) {summary(reimport)}")
        copies = [raw_copy_seconds(project, rows) for _run in range(args.runs)]
        print(f"\nraw COPY of the same rows into a temporary table: {summary(copies)}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
