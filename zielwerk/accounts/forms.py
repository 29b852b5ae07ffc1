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


class TwoFactorCodeForm(KernFormMixin, forms.Form):
    """The code step after the password: six digits from the app or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "Sechs Ziffern aus Ihrer Authenticator-App oder einer Ihrer Wiederherstellungscodes."
        ),
        error_messages={"required": _("Bitte geben Sie einen Code ein.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        )


class TwoFactorSetupForm(KernFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code aus der App"),
        max_length=10,
        help_text=_("Die sechs Ziffern, die Ihre Authenticator-App gerade anzeigt."),
        error_messages={"required": _("Bitte geben Sie den Code aus der App ein.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric"}
        )
