"""Forms of single participant records. They only collect the values in the import format
(German labels as select values, dates from the date picker); checking is the validator's job
(records.RecordValidator via the services), so the form shows exactly the import's messages
next to the fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin
from zielwerk.organisations.models import Region

from .choices import (
    EducationLevel,
    EmploymentStatus,
    Entitlement,
    ExitReason,
    FollowUpSituation,
    Gender,
    SituationAfterExit,
    YesNoNotStated,
)
from .records import HEADING_OF, OPTIONAL, Problem
from .services import EXTRA_HEADINGS, region_value, target_groups_for

EMPTY = ("", _("– bitte wählen –"))
YES_NO = [EMPTY, ("ja", _("ja")), ("nein", _("nein"))]


def _labels(choices) -> list[tuple[str, Any]]:
    """Select options whose values are the import format's values (the German labels)."""
    return [EMPTY, *((str(label), label) for _code, label in choices.choices)]


def _choice(field: str, options, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=HEADING_OF.get(field) or EXTRA_HEADINGS[field],
        choices=options,
        required=False,
        **kwargs,
    )


def _date(field: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=HEADING_OF.get(field) or EXTRA_HEADINGS[field],
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _mark_required(form: forms.Form, names: Iterable[str]) -> None:
    """Marks fields the validator requires as required (no "– optional" next to the label,
    `required` on the input for assistive technology) without Django's own "required" check:
    an empty value still reaches the validator, whose message ("Angabe fehlt.") is the same as in
    the import and the API. The forms are sent with `novalidate`."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.required = True
        check = field.validate

        def validate(value, field=field, check=check) -> None:
            if value not in field.empty_values:
                check(value)

        field.validate = validate  # type: ignore[method-assign]


class ProblemsMixin:
    """Puts the validator's problems next to the fields they concern."""

    def add_problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            field = problem.field if problem.field in self.fields else None  # type: ignore[attr-defined]
            self.add_error(field, problem.message)  # type: ignore[attr-defined]


class RecordForm(ProblemsMixin, KernFormMixin, forms.Form):
    """Entry data of a record; with the provider's reference when the record is new."""

    reference = forms.CharField(
        label=HEADING_OF["reference"],
        required=False,
        max_length=200,
        help_text=_(
            "Die Kennung bleibt beim Träger; Zielwerk speichert nur einen verschlüsselten "
            "Abgleichwert."
        ),
    )
    entered_on = _date("entered_on")
    gender = _choice("gender", _labels(Gender))
    birth_year = forms.CharField(
        label=HEADING_OF["birth_year"],
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Nur das Jahr, nie das vollständige Geburtsdatum."),
    )
    residence = _choice("residence", [EMPTY])
    first_residence_hessen = _choice(
        "first_residence_hessen",
        YES_NO,
        help_text=_("Gefördert werden nur Personen mit Erstwohnsitz in Hessen."),
    )
    entitlement = _choice("entitlement", _labels(Entitlement))
    via_household = _choice("via_household", YES_NO)
    employment_status = _choice("employment_status", _labels(EmploymentStatus))
    education_level = _choice("education_level", _labels(EducationLevel))
    target_group = _choice("target_group", [EMPTY])
    disability = _choice("disability", _labels(YesNoNotStated))
    foreign_background = _choice("foreign_background", _labels(YesNoNotStated))
    third_country_national = _choice("third_country_national", _labels(YesNoNotStated))
    followup_consent = _choice(
        "followup_consent",
        YES_NO,
        help_text=_("Ohne Einwilligung ist keine Nachbefragung nach sechs Monaten zulässig."),
    )

    # The form's groups, in order: (key, legend, hint or None, field names). The key gives the
    # hint its id; a field that is not in the form (the reference when editing) is left out.
    FIELDSETS: tuple[tuple[str, Any, Any, tuple[str, ...]], ...] = (
        ("eintritt", _("Eintritt"), None, ("reference", "entered_on")),
        ("person", _("Person"), None, ("gender", "birth_year")),
        (
            "wohnort",
            _("Wohnort und Förderfähigkeit"),
            None,
            ("residence", "first_residence_hessen", "entitlement", "via_household"),
        ),
        (
            "arbeitsmarkt",
            _("Arbeitsmarkt und Bildung"),
            None,
            ("employment_status", "education_level", "target_group"),
        ),
        (
            "freiwillig",
            _("Freiwillige Angaben"),
            _("Alle drei Angaben sind freiwillig; „keine Angabe“ ist immer zulässig."),
            ("disability", "foreign_background", "third_country_national"),
        ),
        ("nachbefragung", _("Nachbefragung"), None, ("followup_consent",)),
    )

    def __init__(self, *args, project, with_reference: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_reference:
            del self.fields["reference"]
        day = project.starts_on or timezone.localdate()
        regions = [region for region in Region.objects.order_by("name") if region.is_valid_on(day)]
        self.fields["residence"].choices = [  # type: ignore[attr-defined]
            EMPTY,
            *((region_value(region), region.name) for region in regions),
        ]
        groups = target_groups_for(project)
        target = self.fields["target_group"]
        target.choices = [("", _("– keine –")), *((g.name, g.name) for g in groups)]  # type: ignore[attr-defined]
        if not groups:
            target.help_text = _("Das Programm hat für dieses Jahr keinen Zielgruppenkatalog.")
        _mark_required(self, (name for name in self.fields if name not in OPTIONAL))

    def fieldsets(self) -> list[dict[str, Any]]:
        """The groups for the template, each with its bound fields (errors stay at the field)."""
        return [
            {
                "key": key,
                "legend": legend,
                "hint": hint,
                "fields": [self[name] for name in names if name in self.fields],
            }
            for key, legend, hint, names in self.FIELDSETS
        ]

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ExitForm(ProblemsMixin, KernFormMixin, forms.Form):
    exited_on = _date("exited_on")
    exit_reason = _choice("exit_reason", _labels(ExitReason))
    dropout_reason = forms.CharField(
        label=EXTRA_HEADINGS["dropout_reason"],
        required=False,
        max_length=200,
        help_text=_(
            "Nur bei vorzeitigem Austritt; bitte ohne Gesundheits- oder andere sensible Angaben."
        ),
    )
    situation_after_exit = _choice(
        "situation_after_exit",
        _labels(SituationAfterExit),
        help_text=_("Die Situation innerhalb von vier Wochen nach dem Austritt, sobald bekannt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _mark_required(self, ("exited_on", "exit_reason"))


class FollowupForm(ProblemsMixin, KernFormMixin, forms.Form):
    followup_on = _date("followup_on", help_text=_("Frühestens fünf Monate nach dem Austritt."))
    followup_situation = _choice("followup_situation", [EMPTY, *FollowUpSituation.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _mark_required(self, ("followup_on", "followup_situation"))


# Every field of the record form belongs to exactly one group; a new field without a group
# would otherwise silently disappear from the page.
_grouped = [name for *_rest, names in RecordForm.FIELDSETS for name in names]
if sorted(_grouped) != sorted(RecordForm.base_fields):
    raise RuntimeError("RecordForm.FIELDSETS must list every field of the form exactly once.")
