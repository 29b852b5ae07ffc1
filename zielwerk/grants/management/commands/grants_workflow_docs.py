from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from zielwerk.grants.workflows import docs_markdown

DOCS = Path(settings.BASE_DIR) / "docs" / "grants-workflows.md"


class Command(BaseCommand):
    help = "Schreibt docs/grants-workflows.md (Zustandsdiagramme des Zuwendungsverfahrens)."

    def handle(self, *args, **options):
        with translation.override("de"):
            DOCS.write_text(docs_markdown(), encoding="utf-8")
        self.stdout.write(str(DOCS))
