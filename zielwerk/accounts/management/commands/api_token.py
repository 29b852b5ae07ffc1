from django.core.management.base import BaseCommand, CommandError

from zielwerk.accounts.models import User
from zielwerk.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Erstellt ein API-Token für das Konto USERNAME; "
        "das Token steht allein in der letzten Zeile."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API-Zugang (Kommandozeile)")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Es gibt kein aktives Benutzerkonto „{username}“.")
        # Run on the server by an operator: the account owner acts for itself.
        token, raw = api_token_create(actor=user, owner=user, name=name)
        self.stderr.write(
            f"Token „{token.name}“ für {username} erstellt. Senden als "
            "'Authorization: Bearer <token>'. Es wird nur jetzt angezeigt:"
        )
        self.stdout.write(raw)
