from django.contrib.auth.forms import AuthenticationForm

from zielwerk.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Benutzername oder Passwort ist falsch. Achten Sie auf Groß- und Kleinschreibung."
        ),
        "inactive": "Dieses Konto ist deaktiviert.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"
