"""manage.py agreement_render --region wiesbaden --year 2024 --format pdf -o zv.pdf"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from zielwerk.agreements.exports import export_filename, render_version
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.rendering import FORMATS, UnknownFormat, get_format
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear


class Command(BaseCommand):
    help = (
        "Gibt eine Zielvereinbarung als Datei aus (PDF/A, Word, Markdown oder HTML): die aktuelle "
        "Fassung oder die mit --version gewählte."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is Django's "show the Django version"; here it selects the Fassung.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            required=True,
            help="Gebietskörperschaft: Kreisschlüssel (AGS, z. B. 06414), Kennung oder Kürzel.",
        )
        parser.add_argument("--year", required=True, type=int, help="Programmjahr, z. B. 2024.")
        parser.add_argument(
            "--programme",
            help="Förderprogramm (Kürzel, z. B. aqb); nur nötig, wenn es mehrere gibt.",
        )
        parser.add_argument(
            "--format",
            default="pdf",
            dest="fmt",
            help=f"Ausgabeformat: {', '.join(FORMATS)} (Standard: pdf).",
        )
        parser.add_argument(
            "--version",
            type=int,
            dest="version_number",
            help="Nummer der Fassung (Standard: die aktuelle).",
        )
        parser.add_argument(
            "-o",
            "--output",
            help="Zieldatei; '-' schreibt auf die Standardausgabe. Standard: der übliche "
            "Dateiname (z. B. 2024_06414_Wiesbaden_Fassung-1.pdf) im aktuellen Verzeichnis.",
        )

    def handle(self, *args, region, year, programme, fmt, version_number, output, **options):
        try:
            get_format(fmt)
        except UnknownFormat as error:
            raise CommandError(str(error)) from None
        region_obj = self._region(region)
        programme_year = self._programme_year(year, programme)
        agreement = (
            Agreement.objects.filter(programme_year=programme_year, region=region_obj)
            .select_related("region", "programme_year")
            .first()
        )
        if agreement is None:
            raise CommandError(f"Für {region_obj} gibt es {year} keine Zielvereinbarung.")
        if version_number is None:
            version = agreement.current
        else:
            version = agreement.versions.filter(number=version_number).first()
        if version is None:
            raise CommandError(
                f"Die Zielvereinbarung {year} für {region_obj} hat keine Fassung {version_number}."
                if version_number is not None
                else f"Die Zielvereinbarung {year} für {region_obj} hat noch keine Fassung."
            )
        version.agreement = agreement
        data = render_version(version, fmt)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        path = Path(output or export_filename(version, fmt))
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Die Datei {path} kann nicht geschrieben werden: {error}") from None
        self.stdout.write(
            f"{agreement} · Fassung {version.number} als {fmt} geschrieben: {path} "
            f"({len(data):,} Bytes)".replace(",", ".")
        )

    def _region(self, key: str) -> Region:
        key = key.strip()
        region = (
            Region.objects.filter(Q(ags=key) | Q(slug=key.lower()) | Q(code=key.upper())).first()
            if key
            else None
        )
        if region is None:
            raise CommandError(
                f"Die Gebietskörperschaft „{key}“ gibt es nicht. Erwartet wird der Kreisschlüssel "
                "(z. B. 06414), die Kennung (z. B. wiesbaden) oder das Kürzel (z. B. WI)."
            )
        return region

    def _programme_year(self, year: int, programme: str | None) -> ProgrammeYear:
        years = ProgrammeYear.objects.filter(year=year).select_related("programme")
        if programme:
            years = years.filter(programme__code=programme.lower())
        found = list(years[:2])
        if not found:
            raise CommandError(f"Das Programmjahr {year} gibt es nicht.")
        if len(found) > 1:
            raise CommandError(
                f"{year} gibt es in mehreren Förderprogrammen; bitte --programme angeben."
            )
        return found[0]
