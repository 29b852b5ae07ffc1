from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import GermanDecimalField, KernFormMixin
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import MeasureType, Participation, ProgrammeYear
from zielwerk.projects.models import Project

from .choices import BlockKind, Party
from .services import NewProjectData, check_attachment, check_signed_pdf
from .services.data import ATTACHMENT_TYPES


def amount_field(required: bool = False) -> GermanDecimalField:
    return GermanDecimalField(
        label=_("Haushaltsmittel (§ 4) in Euro"),
        required=required,
        help_text=_("z. B. 2.508.300,00 – leer lassen, solange der Betrag offen ist."),
    )


class AgreementFilterForm(KernFormMixin, forms.Form):
    jahr = forms.TypedChoiceField(label=_("Programmjahr"), required=False, coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["jahr"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("alle Jahre")), *((y, str(y)) for y in years)]


class AgreementCreateForm(KernFormMixin, forms.Form):
    programme_year = forms.ModelChoiceField(
        label=_("Programmjahr"),
        queryset=ProgrammeYear.objects.select_related("programme").order_by("-year"),
    )
    region = forms.ModelChoiceField(
        label=_("Gebietskörperschaft"), queryset=Region.objects.order_by("name")
    )
    amount = amount_field()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        programme_year, region = cleaned.get("programme_year"), cleaned.get("region")
        if (
            programme_year
            and region
            and not Participation.objects.filter(
                programme_year=programme_year, region=region
            ).exists()
        ):
            raise ValidationError(
                _("%(region)s nimmt am Programmjahr %(year)s nicht teil.")
                % {"region": region.name, "year": programme_year.year}
            )
        return cleaned


class BaseNumberForm(forms.Form):
    """The version the person saw: a save or a step on a newer one is refused."""

    base_number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(KernFormMixin, BaseNumberForm):
    reason = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=300,
        help_text=_("Wird im Protokoll vermerkt."),
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Bitte ein gültiges Datum angeben (TT.MM.JJJJ).")}


class SignForm(TransitionForm):
    """Both signatures (names and function lines prefilled from the version) and the PDF."""

    ministry_name = forms.CharField(label=_("Name (Ministerium)"), max_length=200)
    ministry_function_lines = forms.CharField(
        label=_("Funktion (Ministerium)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Zeile je Zeile des Unterschriftenblocks."),
    )
    ministry_signed_on = forms.DateField(
        label=_("unterschrieben am (Ministerium)"),
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )
    region_name = forms.CharField(label=_("Name (Gebietskörperschaft)"), max_length=200)
    region_function_lines = forms.CharField(
        label=_("Funktion (Gebietskörperschaft)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Zeile je Zeile des Unterschriftenblocks."),
    )
    region_signed_on = forms.DateField(
        label=_("unterschrieben am (Gebietskörperschaft)"),
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
    )
    signed_pdf = forms.FileField(
        label=_("Unterzeichnetes PDF"),
        help_text=_("Der Scan mit beiden Unterschriften, als PDF, höchstens 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    field_order = [
        "ministry_name",
        "ministry_function_lines",
        "ministry_signed_on",
        "region_name",
        "region_function_lines",
        "region_signed_on",
        "signed_pdf",
        "reason",
    ]

    @classmethod
    def initial_for(cls, version) -> dict:
        initial: dict = {"base_number": version.number}
        for signature in version.signatures.all():
            prefix = "ministry" if signature.party == Party.MINISTRY else "region"
            initial[f"{prefix}_name"] = signature.name
            initial[f"{prefix}_function_lines"] = signature.function_lines
            initial[f"{prefix}_signed_on"] = signature.signed_on
        return initial

    def _not_in_future(self, field: str):
        day = self.cleaned_data[field]
        if day and day > timezone.localdate():
            raise ValidationError(_("Das Datum liegt in der Zukunft."))
        return day

    def clean_ministry_signed_on(self):
        return self._not_in_future("ministry_signed_on")

    def clean_region_signed_on(self):
        return self._not_in_future("region_signed_on")

    def clean_signed_pdf(self):
        upload = self.cleaned_data["signed_pdf"]
        check_signed_pdf(upload)
        return upload

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "signed_pdf": data["signed_pdf"],
            "ministry_name": data["ministry_name"],
            "ministry_function_lines": data["ministry_function_lines"],
            "ministry_signed_on": data["ministry_signed_on"],
            "region_name": data["region_name"],
            "region_function_lines": data["region_function_lines"],
            "region_signed_on": data["region_signed_on"],
        }


class AmendForm(KernFormMixin, BaseNumberForm):
    change_note = forms.CharField(
        label=_("Was wird geändert?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. „Erhöhung der Haushaltsmittel nach Nachtragshaushalt“."),
    )


class CommentForm(KernFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Ihr Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttachmentForm(KernFormMixin, BaseNumberForm):
    """An Anlage to the current version: a title and the file (checked again by the service)."""

    title = forms.CharField(
        label=_("Bezeichnung der Anlage"),
        max_length=200,
        help_text=_("z. B. „Projektübersicht 2024“."),
        error_messages={"required": _("Bitte geben Sie eine Bezeichnung an.")},
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, DOCX, XLSX, ODT oder ODS, höchstens 20 MB."),
        allow_empty_file=True,  # refused by check_attachment, with the file's name
        error_messages={"required": _("Bitte wählen Sie eine Datei aus.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{extension}" for extension in ATTACHMENT_TYPES)}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_attachment(upload)
        return upload


class KeyFigureForm(KernFormMixin, forms.Form):
    label = forms.CharField(label=_("Bezeichnung"), max_length=200)
    value = GermanDecimalField(label=_("Wert"))
    unit = forms.CharField(label=_("Einheit"), max_length=40, required=False)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("label") and cleaned.get("value") is None and not self.errors:
            self.add_error("value", _("Bitte einen Wert angeben."))
        return cleaned


KeyFigureFormSet = forms.formset_factory(KeyFigureForm, extra=1, can_delete=True)


class AgreementEditForm(KernFormMixin, BaseNumberForm):
    """Amount, the projects of § 5 (which and in what order, plus one new one), the section texts
    and a note on what changed. The key figures come in a formset beside it."""

    amount = amount_field()
    new_project_name = forms.CharField(
        label=_("Name des neuen Projekts"), max_length=300, required=False
    )
    new_project_short_name = forms.CharField(
        label=_("Kurzname"),
        max_length=12,
        required=False,
        help_text=_("Nur A–Z und 0–9, höchstens 12; wird Teil der Projektnummer."),
    )
    new_project_measure_type = forms.ModelChoiceField(
        label=_("Maßnahmenart"), queryset=MeasureType.objects.none(), required=False
    )
    new_project_position = forms.IntegerField(
        label=_("Reihenfolge"), min_value=1, max_value=99, required=False
    )
    change_note = forms.CharField(
        label=_("Was wurde geändert?"),
        max_length=500,
        help_text=_("Erscheint in der Liste der Fassungen und im Protokoll."),
    )

    def __init__(self, *args, version, projects, **kwargs):
        self.version = version
        self.projects = list(projects)
        agreement = version.agreement
        included = {
            vp.project_id: vp.position for vp in version.version_projects.order_by("position")
        }
        clauses = [c for c in version.clauses.order_by("position") if c.kind == BlockKind.SECTION]
        initial = {
            "base_number": version.number,
            "amount": version.amount,
            **{f"include_{p.pk}": p.pk in included for p in self.projects},
            **{f"position_{p.pk}": included.get(p.pk) for p in self.projects},
            **{f"clause_{c.position}": c.body for c in clauses},
        }
        super().__init__(*args, initial=initial, **kwargs)
        for project in self.projects:
            self.fields[f"include_{project.pk}"] = forms.BooleanField(
                label=_("%(project)s aufnehmen") % {"project": project.name}, required=False
            )
            self.fields[f"position_{project.pk}"] = forms.IntegerField(
                label=_("Reihenfolge von %(project)s") % {"project": project.name},
                min_value=1,
                max_value=99,
                required=False,
            )
        self.clauses = clauses
        for clause in clauses:
            self.fields[f"clause_{clause.position}"] = forms.CharField(
                label=" ".join(part for part in (clause.number, clause.title) if part),
                widget=forms.Textarea(attrs={"rows": 8}),
                strip=True,
            )
        measure_types = MeasureType.objects.filter(programme=agreement.programme_year.programme)
        self.fields["new_project_measure_type"].queryset = measure_types.order_by(  # type: ignore[attr-defined]
            "number"
        )
        for name, field in self.fields.items():
            if name.startswith(("include_", "position_", "clause_")):
                css = (
                    "kern-form-check__checkbox"
                    if isinstance(field.widget, forms.CheckboxInput)
                    else "kern-form-input__input"
                )
                field.widget.attrs.setdefault("class", css)

    def project_rows(self):
        return [
            (project, self[f"include_{project.pk}"], self[f"position_{project.pk}"])
            for project in self.projects
        ]

    def clause_fields(self):
        return [self[f"clause_{clause.position}"] for clause in self.clauses]

    def clean_new_project_short_name(self):
        return self.cleaned_data["new_project_short_name"].strip().upper()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        name = (cleaned.get("new_project_name") or "").strip()
        short = cleaned.get("new_project_short_name") or ""
        if name or short:
            if not name:
                self.add_error("new_project_name", _("Bitte den Namen des Projekts angeben."))
            if not short:
                self.add_error("new_project_short_name", _("Bitte einen Kurznamen angeben."))
            if not cleaned.get("new_project_measure_type"):
                self.add_error("new_project_measure_type", _("Bitte die Maßnahmenart wählen."))
            agreement = self.version.agreement
            code = Project.make_code(agreement.region.code, agreement.programme_year.year, short)
            if short and Project.objects.filter(code=code).exists():
                self.add_error(
                    "new_project_short_name",
                    _("Den Kurznamen %(short)s gibt es schon (Projekt %(code)s).")
                    % {"short": short, "code": code},
                )
        return cleaned

    def ordered_projects(self) -> list:
        """The included projects (and the new one) in the chosen order; ties keep list order."""
        data = self.cleaned_data
        rows: list[tuple[int, int, object]] = []
        for index, project in enumerate(self.projects):
            if data.get(f"include_{project.pk}"):
                rows.append((data.get(f"position_{project.pk}") or 100, index, project))
        if data.get("new_project_name"):
            rows.append(
                (
                    data.get("new_project_position") or 100,
                    len(self.projects),
                    NewProjectData(
                        measure_type=data["new_project_measure_type"],
                        name=data["new_project_name"].strip(),
                        short_name=data["new_project_short_name"],
                    ),
                )
            )
        return [entry for _position, _index, entry in sorted(rows, key=lambda row: row[:2])]

    def clause_bodies(self) -> dict[int, str]:
        return {
            clause.position: self.cleaned_data[f"clause_{clause.position}"]
            for clause in self.clauses
            if self.cleaned_data[f"clause_{clause.position}"].replace("\r\n", "\n").strip()
            != clause.body.strip()
        }


class CompareForm(forms.Form):
    von = forms.TypedChoiceField(label=_("Fassung"), coerce=int)
    bis = forms.TypedChoiceField(label=_("mit Fassung"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(n, str(n)) for n in numbers]
            field.widget.attrs["class"] = "kern-form-input__select"
