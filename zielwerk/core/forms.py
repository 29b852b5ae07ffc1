"""Forms in the KERN look: one renderer and a mixin that sets the widget classes."""

from django import forms
from django.forms.renderers import DjangoTemplates


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
