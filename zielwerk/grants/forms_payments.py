"""Forms of the payment pages: a new request, the authority's steps, the region's usage report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin, german_date_field


class PaymentRequestForm(KernFormMixin, forms.Form):
    amount = GermanDecimalField(
        label=_("Betrag in Euro"),
        help_text=_("Im deutschen Format, z. B. 1.250.000,00"),
        error_messages={"required": _("Bitte geben Sie den Betrag an.")},
    )
    period_start = german_date_field(_("Zeitraum von"))
    period_end = german_date_field(_("Zeitraum bis"))
    note = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begründung der Ablehnung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte begründen Sie die Ablehnung.")},
    )


class PayForm(KernFormMixin, forms.Form):
    paid_on = german_date_field(
        _("Auszahlungstag"), help_text=_("Mit diesem Tag beginnt die Verwendungsfrist.")
    )


class ConfirmForm(KernFormMixin, forms.Form):
    """Approving needs no data: the page itself is the confirmation."""


class UsedForm(KernFormMixin, forms.Form):
    used_on = german_date_field(
        _("Verwendet am"), help_text=_("Der Tag, an dem die ausgezahlten Mittel verbraucht waren.")
    )


STEP_FORMS: dict[str, type[forms.Form]] = {
    "approve": ConfirmForm,
    "reject": RejectForm,
    "pay": PayForm,
}
