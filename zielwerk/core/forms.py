"""Forms in the KERN look: one renderer and a mixin that sets the widget classes."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

from .formats import format_number, parse_german_decimal
from .text import strip_invisible


class KernFormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"


class KernFormMixin:
    """Adds KERN classes to widgets; errors and hints are wired up by the field template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "kern-form-input__select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "kern-form-check__checkbox")
            else:
                widget.attrs.setdefault("class", "kern-form-input__input")
            if isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
                field.to_python = _without_invisible(field.to_python)  # type: ignore[method-assign]


def _without_invisible(to_python):
    """Typed text loses control characters, bidi overrides and zero-width spaces before it is
    validated and stored (core.text); passwords are left as typed."""

    def clean(value):
        return to_python(strip_invisible(value) if isinstance(value, str) else value)

    return clean


def german_date_field(
    label, *, required: bool = True, help_text="", required_message=None
) -> forms.DateField:
    """A date picker that also accepts the German way of typing a date (31.03.2025), with German
    messages. Used for every date in the forms."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={
            "required": required_message or _("Bitte geben Sie ein Datum an."),
            "invalid": _("Bitte ein Datum im Format TT.MM.JJJJ angeben."),
        },
    )


class GermanDecimalField(forms.Field):
    """A non-negative number typed the German way: '2.508.300,00', '2508300' or '1.234,5'.
    Used for money and other amounts in every form."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args, places: int = 2, **kwargs):
        self.places = places
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, self.places)
        return value

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            number = parse_german_decimal(text, self.places)
        except ValueError as exc:
            raise ValidationError(
                _("Bitte eine Zahl im deutschen Format angeben, z. B. 2.508.300,00."),
                code="invalid",
            ) from exc
        if number < 0:
            raise ValidationError(_("Bitte keine negative Zahl angeben."), code="negative")
        return number
