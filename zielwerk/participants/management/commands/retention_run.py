"""retention_run [--dry-run] [--today YYYY-MM-DD]: delete participant records past the retention
period, keep the figures (zielwerk/participants/retention.py), report per project in German."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from zielwerk.core.formats import format_date, format_number

from ...retention import idempotency_keys_due, retention_delete, retention_due


class Command(BaseCommand):
    help = (
        "Löscht Teilnehmendendaten, deren Aufbewahrungsfrist abgelaufen ist, und behält die "
        "Kennzahlen. --dry-run zeigt nur, was gelöscht würde."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="nichts ändern, nur berichten")
        parser.add_argument("--today", help="Stichtag JJJJ-MM-TT (Standard: heute)")

    def handle(self, *args, **options):
        with translation.override("de"):
            self._run(options)

    def _run(self, options) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today erwartet ein Datum im Format JJJJ-MM-TT.") from exc
        dry_run = options["dry_run"]
        items = retention_due(today)
        total = 0
        for item in items:
            project = item.project
            ends = format_date(item.ends_on)
            if dry_run:
                count = item.records
                verb = "würde gelöscht" if count == 1 else "würden gelöscht"
            else:
                count = retention_delete(actor=None, item=item)
                verb = "gelöscht, Kennzahlen aufbewahrt"
            total += count
            self.stdout.write(
                f"{project.code} {project.name}: {records(count)} {verb} "
                f"(Aufbewahrungsfrist endete am {ends})."
            )
        keys = idempotency_keys_due(timezone.now())
        stale_keys = keys.count()
        if stale_keys:
            if not dry_run:
                keys.delete()
            self.stdout.write(
                f"Gespeicherte API-Antworten älter als 30 Tage: {format_number(stale_keys)} "
                f"{'würden gelöscht' if dry_run else 'gelöscht'}."
            )
        prefix = "Probelauf, nichts geändert: " if dry_run else ""
        verb = "gelöscht"
        if dry_run:
            verb = "würde gelöscht" if total == 1 else "würden gelöscht"
        self.stdout.write(
            f"{prefix}Stichtag {format_date(today)}: {format_number(len(items))} "
            f"{'Projekt' if len(items) == 1 else 'Projekte'}, {records(total)} {verb}."
        )


def records(count: int) -> str:
    return f"{format_number(count)} {'Datensatz' if count == 1 else 'Datensätze'}"
