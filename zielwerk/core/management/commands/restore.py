"""`manage.py restore`: restore a backup made by `manage.py backup` and check every table's rows."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zielwerk.core import backup


class Command(BaseCommand):
    help = (
        "Stellt eine Sicherung wieder her (in eine neue oder leere Datenbank; eine bestehende "
        "nur mit --replace) und prüft danach die Zeilenzahl jeder Tabelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Die Sicherung: ihre .json- oder .dump-Datei.")
        parser.add_argument(
            "--database-url",
            default="",
            help="Zieldatenbank (postgres://…); Standard: die Datenbank aus DATABASE_URL.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Eine bestehende Zieldatenbank und die Dateien ersetzen (löscht sie vorher).",
        )
        parser.add_argument("--yes", action="store_true", help="Keine Rückfrage vor dem Ersetzen.")
        parser.add_argument(
            "--no-media", action="store_true", help="Die Dateien nicht wiederherstellen."
        )

    def handle(self, *args, **options):
        try:
            target = (
                backup.Target.from_url(options["database_url"])
                if options["database_url"]
                else backup.Target.from_settings(connection.settings_dict)
            )
            result = backup.load(Path(options["backup"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if options["replace"] and not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Ersetzen nur mit Bestätigung: --yes angeben (make restore … REPLACE=1)."
                )
            answer = input(
                f"Die Datenbank {target.name!r} und die Dateien werden ersetzt. "
                "Fortfahren? [ja/nein] "
            )
            if answer.strip().lower() not in {"ja", "j"}:
                raise CommandError("Abgebrochen; nichts geändert.")
        connection.close()  # our own connection would keep a replaced database busy
        try:
            found = backup.restore(
                result,
                target=target,
                replace=options["replace"],
                media_root=None if options["no_media"] else Path(settings.MEDIA_ROOT),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wiederhergestellt in {target.name}: {len(found)} Tabellen, "
            f"{sum(found.values())} Zeilen – jede Tabelle hat mindestens die gesicherten Zeilen."
        )
