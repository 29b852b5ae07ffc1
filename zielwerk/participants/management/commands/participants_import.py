"""`manage.py participants_import FILE --project <id or code> [--dry-run] [--user USERNAME]`
imports participant records (all or nothing); `participants_import --template FILE.xlsx` writes
the import template. Problems are printed one per line; the exit code is 2 when there is any;
the last line of the output is always the JSON counts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from zielwerk.participants.importing import (
    ImportFileError,
    participants_import,
    problem_line,
    read_table,
    template_xlsx,
)
from zielwerk.projects.models import Project

PROBLEM_EXIT = 2


class Command(BaseCommand):
    help = "Teilnehmende aus einer CSV- oder XLSX-Datei importieren (alles oder nichts)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV- oder XLSX-Datei im Importformat")
        parser.add_argument("--project", help="Projektnummer (z. B. WI-2024-FIB) oder ID")
        parser.add_argument(
            "--dry-run", action="store_true", help="nur prüfen und zählen, nichts speichern"
        )
        parser.add_argument(
            "--user", help="Benutzername des Trägers (Rechte werden geprüft; sonst: System)"
        )
        parser.add_argument("--template", metavar="FILE.xlsx", help="Importvorlage schreiben")

    def handle(self, *args, **options):
        if options["template"]:
            project = self._project(options["project"]) if options["project"] else None
            Path(options["template"]).write_bytes(template_xlsx(project))
            self.stdout.write(f"Vorlage geschrieben: {options['template']}")
            return
        if not options["file"] or not options["project"]:
            raise CommandError("Bitte FILE und --project angeben (oder --template FILE.xlsx).")
        path = Path(options["file"])
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        try:
            project = self._project(options["project"])
            actor = self._user(options["user"]) if options["user"] else None
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    f"Die Datei „{path}“ lässt sich nicht lesen ({error.strerror})."
                ) from error
            table = read_table(data, path.name)
            outcome = participants_import(
                actor=actor,
                project=project,
                table=table,
                filename=path.name,
                dry_run=options["dry_run"],
            )
        except (CommandError, ImportFileError, PermissionDenied) as error:
            self.stdout.write(str(error) or error.__class__.__name__)
            counts["errors"] = 1
            self._finish(counts)
            return
        for problem in outcome.problems:
            self.stdout.write(problem_line(problem))
        self._finish(outcome.counts())

    def _finish(self, counts: dict[str, int]) -> None:
        self.stdout.write(json.dumps(counts))
        self.stdout.flush()
        if counts["errors"]:
            sys.exit(PROBLEM_EXIT)

    def _project(self, value: str) -> Project:
        projects = Project.objects.select_related("programme_year")
        if value.isdigit():
            project = projects.filter(pk=int(value)).first()
        else:
            project = projects.filter(code=value.strip().upper()).first()
        if project is None:
            raise CommandError(f"Projekt „{value}“ nicht gefunden.")
        return project

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Benutzer „{username}“ nicht gefunden.")
        return user
