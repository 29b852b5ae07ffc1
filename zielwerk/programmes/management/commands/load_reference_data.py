from django.core.management.base import BaseCommand

from zielwerk.organisations import reference as organisations_reference
from zielwerk.programmes import reference as programmes_reference


class Command(BaseCommand):
    help = (
        "Legt fehlende Referenzdaten an (Regierungsbezirke, Gebietskörperschaften, AQB-Kataloge)."
    )

    def handle(self, *args, **options):
        created = organisations_reference.load()
        programme = programmes_reference.load()
        self.stdout.write(
            f"Referenzdaten geladen: {created['regions']} Gebietskörperschaften und "
            f"{created['organisations']} Organisationen neu; Programm „{programme}“."
        )
