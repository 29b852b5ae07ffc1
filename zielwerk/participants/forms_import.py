"""The upload form of the bulk import: one CSV or XLSX file, at most 20 MB."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin
from zielwerk.core.uploads import CSV, XLSX, check_upload

from .importing import SUFFIXES

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD_TYPES = {"csv": CSV, "xlsx": XLSX}


class ImportUploadForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei mit Teilnehmenden"),
        help_text=_(
            "CSV (UTF-8 oder Windows-1252, Trennzeichen Semikolon oder Komma) oder XLSX, "
            "höchstens 20 MB, mit genau den Spalten der Vorlage."
        ),
        allow_empty_file=True,  # refused by check_upload, with the file's name
        error_messages={"required": _("Bitte wählen Sie eine Datei aus.")},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise ValidationError(
                _("Bitte eine CSV- oder XLSX-Datei hochladen („%(name)s“ ist keine).")
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Die Datei ist größer als %(mb)s MB; bitte teilen Sie sie auf.")
                % {"mb": MAX_UPLOAD_MB}
            )
        # Content: a CSV that is text, an XLSX that is a workbook and no zip bomb.
        check_upload(upload, types=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES)
        return upload
