"""Reminds the coordinators of regions without a submitted response when a survey's deadline is
at most seven days away – once per survey and region (services.survey_remind). Run daily."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zielwerk.core.formats import parse_german_date
from zielwerk.surveys.services import REMINDER_DAYS, survey_remind


class Command(BaseCommand):
    help = (
        f"Erinnert an Befragungen, deren Frist in höchstens {REMINDER_DAYS} Tagen endet "
        "(einmal je Befragung und Gebietskörperschaft)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stichtag", help="Tag der Prüfung (TT.MM.JJJJ), sonst heute.")

    def handle(self, *args, **options):
        on = parse_german_date(options["stichtag"]) if options.get("stichtag") else None
        count = survey_remind(on=on)
        self.stdout.write(f"{count} Gebietskörperschaften erinnert.")
