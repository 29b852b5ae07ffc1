from django.core.management import call_command
from django.core.management.base import BaseCommand

from zielwerk.demo.data import seed


class Command(BaseCommand):
    help = (
        "Lädt die Demodaten (AQB 2024 mit allen 26 Gebietskörperschaften, Demo-Konten). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-logins", action="store_true", help="Die Demo-Zugänge nicht ausgeben."
        )

    def handle(self, *args, no_logins: bool = False, **options):
        report = seed()
        if report:
            for line in report:
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write("Demodaten waren schon vollständig vorhanden.")
        if not no_logins:
            call_command("demo_logins", stdout=self.stdout)
