"""Forms of the proof of use and the reclaim."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin, german_date_field

from .choices import ItemVerdict
from .models import StatementItem
from .services.proof import category_label


class ProofEditForm(KernFormMixin, forms.Form):
    """The narrative and one actual amount per statement line (fields "actual_<pk>")."""

    narrative = forms.CharField(
        label=_("Sachbericht"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Der Entwurf wurde aus den Projektdaten erstellt; Sie können ihn frei ändern."),
    )

    def __init__(self, *args, items: list[StatementItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            field = GermanDecimalField(
                label=_("Ist-Betrag %(item)s in Euro")
                % {"item": f"{item.project.code}, {category_label(item)}"},
                required=True,
                initial=item.actual,
                error_messages={"required": _("Bitte geben Sie den Ist-Betrag an (auch 0,00).")},
            )
            field.widget.attrs["class"] = "kern-form-input__input"
            self.fields[f"actual_{item.pk}"] = field

    def rows(self):
        """(item, position label, bound field) per line, for the table in the template."""
        return [(item, category_label(item), self[f"actual_{item.pk}"]) for item in self.items]

    def actuals(self) -> dict[int, Decimal]:
        return {item.pk: self.cleaned_data[f"actual_{item.pk}"] for item in self.items}


class ProofReviewForm(KernFormMixin, forms.Form):
    """One finding per line: verdict, recognised amount (for "partly"), reason."""

    def __init__(self, *args, items: list[StatementItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            label = f"{item.project.code}, {category_label(item)}"
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=_("Prüfergebnis %(item)s") % {"item": label},
                choices=ItemVerdict.choices,
                initial=item.verdict,
            )
            self.fields[f"recognised_{item.pk}"] = GermanDecimalField(
                label=_("anerkannter Betrag %(item)s") % {"item": label},
                required=False,
                initial=item.recognised if item.verdict == ItemVerdict.PARTLY else None,
                help_text=_("nur bei „teilweise anerkannt“"),
            )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("Begründung %(item)s") % {"item": label},
                required=False,
                max_length=2000,
                initial=item.reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "kern-form-input__select"
            else:
                field.widget.attrs["class"] = "kern-form-input__input"

    def rows(self):
        return [
            (
                item,
                category_label(item),
                self[f"verdict_{item.pk}"],
                self[f"recognised_{item.pk}"],
                self[f"reason_{item.pk}"],
            )
            for item in self.items
        ]

    def findings(self) -> dict[int, tuple[str, Decimal | None, str]]:
        data = self.cleaned_data
        return {
            item.pk: (
                data[f"verdict_{item.pk}"],
                data.get(f"recognised_{item.pk}"),
                data.get(f"reason_{item.pk}") or "",
            )
            for item in self.items
        }


class ProofTransitionForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung / Vermerk"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReclaimCreateForm(KernFormMixin, forms.Form):
    due_on = german_date_field(
        _("fällig am"), required_message=_("Bitte geben Sie an, bis wann zu erstatten ist.")
    )


class ReclaimRepaidForm(KernFormMixin, forms.Form):
    repaid_on = german_date_field(
        _("zurückgezahlt am"),
        required_message=_("Bitte geben Sie an, wann die Rückzahlung einging."),
    )
