"""Check every region's targets for deviations (the scheduled run; the ministry can also start
the check on the page steering:deviation_check)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zielwerk.core.formats import format_date, parse_german_date
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.steering.selectors import default_as_of
from zielwerk.steering.services.deviations import deviations_check


class Command(BaseCommand):
    help = "Prüft die Zielwerte aller Gebietskörperschaften eines Programmjahrs auf Abweichungen."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Programmjahr (Standard: laufendes Jahr)")
        parser.add_argument("--as-of", dest="as_of", help="Stichtag TT.MM.JJJJ (Standard: heute)")

    def handle(self, *args, year=None, as_of=None, **options):
        year = year or timezone.localdate().year
        programme_years = list(
            ProgrammeYear.objects.select_related("programme").filter(year=year).order_by("pk")
        )
        if not programme_years:
            raise CommandError(f"Das Programmjahr {year} gibt es nicht.")
        day: dt.date | None = None
        if as_of:
            try:
                day = parse_german_date(as_of)
            except (ValueError, TypeError) as exc:
                raise CommandError(f"„{as_of}“ ist kein Datum im Format TT.MM.JJJJ.") from exc
            if day.year != year:
                raise CommandError(f"Der Stichtag {format_date(day)} liegt nicht im Jahr {year}.")
        for programme_year in programme_years:
            cut_off = day or default_as_of(programme_year)
            result = deviations_check(actor=None, programme_year=programme_year, as_of=cut_off)
            self.stdout.write(
                f"{programme_year.programme.code.upper()} {year}, Stichtag {format_date(cut_off)}: "
                f"{result.flagged} neu, {result.updated} aktualisiert, "
                f"{result.resolved} wieder im Rahmen"
            )
