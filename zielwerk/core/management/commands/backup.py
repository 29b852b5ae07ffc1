"""`manage.py backup`: dump the PostgreSQL database and the uploaded files (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zielwerk.core import backup


class Command(BaseCommand):
    help = "Sichert die PostgreSQL-Datenbank und die hochgeladenen Dateien (mit Prüfsummen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "backups"),
            help="Verzeichnis für die Sicherung (Standard: var/backups).",
        )
        parser.add_argument(
            "--no-media", action="store_true", help="Hochgeladene Dateien nicht mitsichern."
        )

    def handle(self, *args, output_dir: str, no_media: bool, **options):
        try:
            target = backup.Target.from_settings(connection.settings_dict)
            result = backup.create(
                target=target,
                directory=Path(output_dir),
                media_root=None if no_media else Path(settings.MEDIA_ROOT),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        size = result.dump_path.stat().st_size
        self.stdout.write(
            f"Gesichert: {target.name} – {len(result.manifest['tables'])} Tabellen, "
            f"{result.total_rows} Zeilen, {size / 1_000_000:.1f} MB"
        )
        self.stdout.write(f"  Datenbank: {result.dump_path}")
        if result.media_path is not None:
            self.stdout.write(f"  Dateien:   {result.media_path}")
        self.stdout.write(f"  Manifest:  {result.manifest_path}")
        self.stdout.write(f"Wiederherstellen: make restore BACKUP={result.manifest_path}")
