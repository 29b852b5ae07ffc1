from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": (
            _("Benutzername oder Passwort ist falsch. Achten Sie auf Groß- und Kleinschreibung.")
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext("Benutzername")
        self.fields["password"].label = gettext("Passwort")


class ApiTokenCreateForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=100,
        help_text=_("Wofür das Token gedacht ist, z. B. „Statistik-Export“."),
    )
    valid_days = forms.IntegerField(
        label=_("Gültigkeit in Tagen"),
        min_value=1,
        max_value=730,
        initial=365,
        help_text=_("Zwischen 1 und 730 Tagen."),
        error_messages={
            "min_value": _("Mindestens 1 Tag."),
            "max_value": _("Höchstens 730 Tage."),
            "invalid": _("Bitte eine ganze Zahl angeben."),
        },
    )
