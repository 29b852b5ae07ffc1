from django.core.management.base import BaseCommand

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import User
from zielwerk.accounts.two_factor import REQUIRED_ROLES, two_factor_required
from zielwerk.demo.data import DEMO_PASSWORD, DEMO_USERS
from zielwerk.demo.surveys import THIRD_USER


class Command(BaseCommand):
    help = "Zeigt die Demo-Zugänge."

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD})")
        users = {user.username: user for user in User.objects.all()}
        listed = [(username, Role(role)) for username, _f, _l, _o, role, _fn in DEMO_USERS]
        third = users.get(THIRD_USER)
        if third is not None and third.primary_membership:
            listed.append((THIRD_USER, Role(third.primary_membership.role)))
        for username, role in listed:
            user = users.get(username)
            where = (
                user.primary_membership.organisation if user and user.primary_membership else "–"
            )
            self.stdout.write(f"  {username:<20} {role.label:<36} {where}")
        staff = ", ".join(str(Role(role).label) for role in REQUIRED_ROLES)
        ministry = users.get("ministerium")
        if ministry is not None and two_factor_required(ministry):
            self.stdout.write(f"Zwei-Faktor-Anmeldung ist Pflicht für: {staff}.")
        else:
            self.stdout.write(
                f"Zwei-Faktor-Anmeldung: in dieser Demo freiwillig (Mein Konto); in Produktion "
                f"Pflicht für {staff}."
            )
        self.stdout.write("")
