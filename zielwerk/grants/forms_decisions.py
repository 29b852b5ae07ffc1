"""Forms for decisions (Bescheide) and the authority's decision templates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin, german_date_field

from .models import Decision, DecisionItem, DecisionTemplate
from .templating import PLACEHOLDERS, unknown_placeholders

TEXT_FIELDS = ("title", "intro", "conditions", "reasons", "remedy", "closing")


def placeholder_help() -> str:
    return str(_("Platzhalter: %(names)s")) % {
        "names": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    }


class _PlaceholderTextsMixin:
    """Refuses unknown placeholders field by field (the service checks again)."""

    cleaned_data: dict

    def _clean_placeholders(self):
        for field in TEXT_FIELDS:
            text = self.cleaned_data.get(field) or ""
            unknown = unknown_placeholders(text)
            if unknown:
                self.add_error(  # type: ignore[attr-defined]
                    field,
                    str(_("Unbekannte Platzhalter: %(names)s."))
                    % {"names": ", ".join(f"{{{name}}}" for name in unknown)},
                )


class DecisionItemForm(KernFormMixin, forms.Form):
    """One project of a decision: approved amount and the reason of a partial approval."""

    approved = GermanDecimalField(
        label=_("bewilligt in Euro"),
        help_text=_("im deutschen Format, z. B. 464.000,00"),
        error_messages={"required": _("Bitte geben Sie den bewilligten Betrag an.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        help_text=_("Pflicht, wenn weniger als beantragt bewilligt wird."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item: DecisionItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item


class DecisionItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: list[DecisionItem], **kwargs):
        self.items = items
        kwargs.setdefault(
            "initial", [{"approved": item.approved, "reason": item.reason} for item in items]
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["item"] = self.items[index]
        return kwargs

    def total_form_count(self) -> int:
        return len(self.items)

    def values(self) -> dict[int, tuple]:
        return {
            form.item.project_id: (form.cleaned_data["approved"], form.cleaned_data["reason"])
            for form in self.forms
        }


ItemFormSet = forms.formset_factory(
    DecisionItemForm, formset=DecisionItemFormSet, extra=0, max_num=1000
)


class DecisionEditForm(KernFormMixin, _PlaceholderTextsMixin, forms.ModelForm):
    proof_due_on = german_date_field(_("Verwendungsnachweis bis"), required=False)
    issued_on = german_date_field(
        _("Bescheiddatum"),
        required=False,
        help_text=_("leer: der Tag, an dem der Bescheid erlassen wird"),
    )

    class Meta:
        model = Decision
        fields = [*TEXT_FIELDS, "proof_due_on", "issued_on"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 8}),
            "conditions": forms.Textarea(attrs={"rows": 12}),
            "reasons": forms.Textarea(attrs={"rows": 8}),
            "remedy": forms.Textarea(attrs={"rows": 6}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in TEXT_FIELDS:
            self.fields[field].help_text = placeholder_help()

    def clean(self):
        cleaned = super().clean()
        self._clean_placeholders()
        return cleaned

    def _post_clean(self):
        """The service writes the decision; the form does not touch the instance."""


class TemplateEditForm(KernFormMixin, _PlaceholderTextsMixin, forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = list(TEXT_FIELDS)
        widgets = DecisionEditForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in TEXT_FIELDS:
            self.fields[field].help_text = placeholder_help()

    def clean(self):
        cleaned = super().clean()
        self._clean_placeholders()
        return cleaned

    def _post_clean(self):
        """The service writes the template; the form does not touch the instance."""
