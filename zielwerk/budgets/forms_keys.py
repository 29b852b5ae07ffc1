"""Forms for indicator values and distribution keys (upload, computed key, manual amounts)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin
from zielwerk.core.uploads import CSV, ODS, XLSX, check_upload

from .indicators import CSV_SUFFIXES
from .models import Indicator

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".ods")
UPLOAD_TYPES = {"csv": CSV, "txt": CSV, "xlsx": XLSX, "ods": ODS}


class IndicatorUploadForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Indikatortabelle"),
        help_text=_(
            "CSV, XLSX oder ODS, höchstens 5 MB. Erste Spalte „ags“ (Kreisschlüssel), "
            "dann eine Spalte je Indikator."
        ),
        allow_empty_file=True,  # refused by check_upload, with the file's name
        error_messages={"required": _("Bitte wählen Sie eine Datei aus.")},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES and suffix not in CSV_SUFFIXES:
            raise ValidationError(
                _("Bitte eine CSV-, XLSX- oder ODS-Datei hochladen („%(name)s“).")
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Die Datei ist größer als 5 MB."))
        # Content: CSV that is text, workbooks that are what their name says and no zip bomb.
        check_upload(upload, types=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        return upload


def weight_field_name(indicator: Indicator) -> str:
    return f"weight_{indicator.code}"


class KeyComputeForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie eine Bezeichnung an.")},
    )
    total = GermanDecimalField(
        label=_("Zu verteilender Betrag in Euro"),
        help_text=_("Im deutschen Format, z. B. 25.000.000,00"),
        error_messages={"required": _("Bitte geben Sie den zu verteilenden Betrag an.")},
    )
    minimum = GermanDecimalField(
        label=_("Mindestbetrag je Gebietskörperschaft in Euro"),
        initial=Decimal(0),
        help_text=_("Ein Vielfaches der Rundungseinheit; 0 für keinen Mindestbetrag."),
        error_messages={"required": _("Bitte geben Sie den Mindestbetrag an (oder 0).")},
    )
    unit = GermanDecimalField(
        label=_("Rundungseinheit in Euro"),
        initial=Decimal(100),
        help_text=_("Die Beträge werden auf Vielfache dieser Einheit gerundet."),
        error_messages={"required": _("Bitte geben Sie die Rundungseinheit an.")},
    )
    note = forms.CharField(
        label=_("Hinweis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, indicators: Iterable[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            shown = (
                indicator.code
                if indicator.name == indicator.code
                else f"{indicator.name} ({indicator.code})"
            )
            field = GermanDecimalField(
                label=_("Gewicht „%(indicator)s“") % {"indicator": shown},
                places=4,
                initial=Decimal(1),
                error_messages={"required": _("Bitte ein Gewicht angeben (oder 0).")},
            )
            field.widget.attrs["class"] = "kern-form-input__input"
            self.fields[weight_field_name(indicator)] = field
        self.order_fields(["name", "total", *self.weight_names(), "minimum", "unit", "note"])

    def weight_names(self) -> list[str]:
        return [weight_field_name(indicator) for indicator in self.indicators]

    def weight_fields(self):
        return [self[name] for name in self.weight_names()]

    def clean_unit(self) -> Decimal:
        unit = self.cleaned_data["unit"]
        if unit is not None and unit <= 0:
            raise ValidationError(_("Die Rundungseinheit muss größer als 0 sein."))
        return unit

    def weights(self) -> dict[str, Decimal]:
        return {
            indicator.code: self.cleaned_data[weight_field_name(indicator)]
            for indicator in self.indicators
        }


def amount_field_name(region) -> str:
    return f"amount_{region.pk}"


class KeyManualForm(KernFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie eine Bezeichnung an.")},
    )
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warum die Beträge direkt gesetzt werden; wird gespeichert und protokolliert."),
        error_messages={"required": _("Bitte begründen Sie die manuell gesetzten Beträge.")},
    )

    def __init__(self, *args, regions: Iterable, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = list(regions)
        for region in self.regions:
            field = GermanDecimalField(
                label=_("%(region)s (%(ags)s) in Euro")
                % {"region": region.name, "ags": region.ags or "–"},
                error_messages={"required": _("Bitte einen Betrag angeben (oder 0).")},
            )
            field.widget.attrs["class"] = "kern-form-input__input"
            self.fields[amount_field_name(region)] = field

    def amount_fields(self):
        return [self[amount_field_name(region)] for region in self.regions]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Bitte begründen Sie die manuell gesetzten Beträge."))
        return reason

    def amounts(self) -> dict:
        return {region: self.cleaned_data[amount_field_name(region)] for region in self.regions}


class ConfirmForm(forms.Form):
    """A confirmation step has no fields; the POST itself is the decision."""
