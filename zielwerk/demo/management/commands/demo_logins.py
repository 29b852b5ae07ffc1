from django.core.management.base import BaseCommand

from zielwerk.accounts.models import User
from zielwerk.demo.data import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Zeigt die Demo-Zugänge."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD})")
        for username, _first, _last, _org, role, _function in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            where = (
                user.primary_membership.organisation if user and user.primary_membership else "–"
            )
            self.stdout.write(f"  {username:<20} {role.label:<36} {where}")
        self.stdout.write("")
