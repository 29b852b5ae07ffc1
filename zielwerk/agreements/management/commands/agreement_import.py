import io
import json
import sys

from django.core.management.base import BaseCommand

from zielwerk.agreements.importing.cli import EXIT_ERROR, main
from zielwerk.agreements.importing.save import ImportSaveError, save_parsed


class Command(BaseCommand):
    help = (
        "Liest eine Zielvereinbarung (.txt, .md oder .pdf mit Textebene) und gibt sie als "
        "JSON aus; mit --save wird sie als unterzeichnete Fassung gespeichert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--save", action="store_true", help="In der Datenbank speichern.")

    def handle(self, *args, file: str, save: bool, **options):
        out = io.StringIO()
        code = main(file, out, self.stderr)
        if code != 0:
            sys.exit(code)
        self.stdout.write(out.getvalue(), ending="")
        if save:
            try:
                agreement = save_parsed(json.loads(out.getvalue()))
            except ImportSaveError as error:
                self.stderr.write(str(error))
                sys.exit(EXIT_ERROR)
            self.stderr.write(f"Gespeichert: {agreement} (Fassung 1, unterzeichnet).")
