"""One participant record checked against the monitoring rules: the single source of validation
for the bulk import, the provider API and the browser form, so all three accept and refuse the
same values with the same German messages.

`RecordValidator(project)` loads the lookups once (regions, target groups), then `validate(raw)`
takes one row keyed by the import format's German column headings (COLUMNS) with values as the
file gives them (text, numbers, dates) and returns the cleaned field values and the problems.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zielwerk.core.formats import format_date
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import TargetGroup

from .choices import (
    EducationLevel,
    EmploymentStatus,
    Entitlement,
    ExitReason,
    Gender,
    SituationAfterExit,
    YesNoNotStated,
)

# (German column heading of the import format, field name in code and API), in file order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Teilnehmenden-Kennung", "reference"),
    ("Eintrittsdatum", "entered_on"),
    ("Geschlecht", "gender"),
    ("Geburtsjahr", "birth_year"),
    ("Wohnort Landkreis/kreisfreie Stadt", "residence"),
    ("Erstwohnsitz in Hessen", "first_residence_hessen"),
    ("Rechtskreis", "entitlement"),
    ("Anspruch über Bedarfsgemeinschaft", "via_household"),
    ("Erwerbsstatus", "employment_status"),
    ("Bildungsniveau", "education_level"),
    ("Zielgruppe", "target_group"),
    ("Behinderung", "disability"),
    ("Ausländische Herkunft", "foreign_background"),
    ("Drittstaatsangehörigkeit", "third_country_national"),
    ("Einwilligung Nachbefragung", "followup_consent"),
    ("Austrittsdatum", "exited_on"),
    ("Austrittsgrund", "exit_reason"),
    ("Verbleib nach 4 Wochen", "situation_after_exit"),
)
HEADINGS = tuple(heading for heading, _field in COLUMNS)
# The model fields a file row sets (attribute names; target_group and residence as ids), in a
# fixed order: the import compares and copies rows in this order.
STORED_FIELDS: tuple[str, ...] = (
    "entered_on",
    "gender",
    "birth_year",
    "residence_region_id",
    "first_residence_hessen",
    "entitlement",
    "via_household",
    "employment_status",
    "education_level",
    "target_group_id",
    "disability",
    "foreign_background",
    "third_country_national",
    "followup_consent",
    "exited_on",
    "exit_reason",
    "situation_after_exit",
)
FIELD_OF = dict(COLUMNS)
HEADING_OF = {field: heading for heading, field in COLUMNS}
OPTIONAL = {"target_group", "exited_on", "exit_reason", "situation_after_exit"}
EXIT_FIELDS = ("exited_on", "exit_reason", "situation_after_exit")

YES_NO = {"ja": True, "nein": False}
EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
MAX_REFERENCE = 100
YOUNGEST_AGE, OLDEST_AGE = 12, 99


def _key(text: str) -> str:
    """Case-insensitive, trimmed, dashes and inner spaces normalised: "ISCED 0–2" = "isced 0-2"."""
    return re.sub(r"\s+", " ", text.replace("–", "-").replace("—", "-")).strip().casefold()


def german_labels(choices) -> list[str]:
    """The import format's values: the German labels, whatever language the page is shown in."""
    with translation.override("de"):
        return [str(label) for label in choices.labels]


def _choice_map(choices) -> dict[str, str]:
    return {
        _key(label): value
        for value, label in zip(choices.values, german_labels(choices), strict=True)
    }


# The import format's values are the German labels of the choices (see choices.py).
GENDERS = _choice_map(Gender)
ENTITLEMENTS = _choice_map(Entitlement)
EMPLOYMENT = _choice_map(EmploymentStatus)
EDUCATION = _choice_map(EducationLevel)
STATED = _choice_map(YesNoNotStated)
EXIT_REASONS = _choice_map(ExitReason)
SITUATIONS = _choice_map(SituationAfterExit)


@dataclass(frozen=True)
class Problem:
    """One refused value. `row` as the spreadsheet shows it (heading = row 1), None outside a
    file; `column` the German heading, `field` the name in code and API."""

    row: int | None
    column: str
    field: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }


def shown(value: Any) -> str:
    """A value as the problem report shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any) -> dt.date | None:
    """A date from a date cell, an Excel serial number or TT.MM.JJJJ text; None when empty.
    Raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != int(value) or not 1 <= value <= 2958465:
            raise ValueError(value)
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = str(value).strip()
    if not text:
        return None
    match = DATE_RE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    match = ISO_DATE_RE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    if text.isdigit():
        return parse_date(int(text))
    raise ValueError(text)


class RecordValidator:
    """Checks rows for one project. Build it once per file or request; `validate` is cheap."""

    def __init__(self, project, *, today: dt.date | None = None) -> None:
        self.project = project
        self.today = today or timezone.localdate()
        year = project.programme_year.year
        regions = list(Region.objects.all())
        self.regions_by_ags = {region.ags: region for region in regions if region.ags}
        self.regions_by_name: dict[str, list[Region]] = {}
        for region in regions:
            for name in {region.name, region.official_name}:
                if name:
                    self.regions_by_name.setdefault(_key(name), []).append(region)
        self.target_groups = {
            _key(group.name): group.pk
            for group in TargetGroup.objects.filter(
                programme_id=project.programme_year.programme_id
            ).for_year(year)
        }

    # --- single values ------------------------------------------------------------------------

    def _choice(self, mapping: dict[str, str], value: Any, choices) -> str:
        """The code of a choice; the (translated) list of allowed values is built only when the
        value is refused – building it for every cell cost half the time of a large import."""
        code = mapping.get(_key(shown(value)))
        if code is None:
            raise ValueError(_("erlaubt sind: %(allowed)s") % {"allowed": self._allowed(choices)})
        return code

    @staticmethod
    def _allowed(choices) -> str:
        return " / ".join(german_labels(choices))

    def _region(self, value: Any, day: dt.date) -> Region:
        text = shown(value)
        if re.fullmatch(r"\d{5}", text):
            region = self.regions_by_ags.get(text)
            candidates = [region] if region else []
        else:
            candidates = self.regions_by_name.get(_key(text), [])
        valid = [region for region in candidates if region.is_valid_on(day)]
        if not valid:
            if candidates:
                raise ValueError(
                    _("Diese Gebietskörperschaft gab es am %(date)s nicht.")
                    % {"date": format_date(day)}
                )
            raise ValueError(
                _(
                    "unbekannter Landkreis bzw. unbekannte kreisfreie Stadt; erwartet wird der "
                    "amtliche Kreisschlüssel (z. B. 06414) oder der Name (z. B. Wiesbaden)"
                )
            )
        return valid[0]

    # --- one row ------------------------------------------------------------------------------

    def validate(
        self, raw: Mapping[str, Any], *, row: int | None = None
    ) -> tuple[dict[str, Any] | None, list[Problem]]:
        """`raw` keyed by German heading (or by field name, as the API sends it). Returns the
        cleaned values (None when there is any problem) and the list of problems."""
        values = {FIELD_OF.get(key, key): value for key, value in raw.items()}
        problems: list[Problem] = []
        clean: dict[str, Any] = {}

        def refuse(field: str, message: str) -> None:
            problems.append(
                Problem(row, HEADING_OF[field], field, shown(values.get(field)), message)
            )

        def text(field: str) -> str:
            return shown(values.get(field))

        for field in FIELD_OF.values():
            if field not in OPTIONAL and not text(field):
                refuse(field, _("Angabe fehlt."))
        missing = {problem.field for problem in problems}

        def check(field: str, parse) -> None:
            if field in missing or (field in OPTIONAL and not text(field)):
                return
            try:
                clean[field] = parse(values.get(field))
            except ValueError as error:
                detail = str(error) if error.args and isinstance(error.args[0], str) else ""
                refuse(field, detail or _("ungültiger Wert"))

        def date_value(value: Any) -> dt.date:
            try:
                day = parse_date(value)
            except ValueError:
                raise ValueError(_("kein gültiges Datum; erwartet wird TT.MM.JJJJ")) from None
            assert day is not None
            if day > self.today:
                raise ValueError(_("Das Datum liegt in der Zukunft."))
            return day

        def yes_no(value: Any) -> bool:
            answer = YES_NO.get(_key(shown(value)))
            if answer is None:
                raise ValueError(_("erlaubt sind: ja / nein"))
            return answer

        reference = text("reference")
        if reference and len(reference) > MAX_REFERENCE:
            refuse("reference", _("höchstens %(max)s Zeichen") % {"max": MAX_REFERENCE})
        elif reference:
            clean["reference"] = reference

        check("entered_on", date_value)
        entered = clean.get("entered_on")
        project = self.project
        if entered is not None:
            if project.starts_on and entered < project.starts_on:
                refuse(
                    "entered_on",
                    _("Der Eintritt liegt vor dem Projektbeginn am %(date)s.")
                    % {"date": format_date(project.starts_on)},
                )
            elif project.ends_on and entered > project.ends_on:
                refuse(
                    "entered_on",
                    _("Der Eintritt liegt nach dem Projektende am %(date)s.")
                    % {"date": format_date(project.ends_on)},
                )

        check("gender", lambda v: self._choice(GENDERS, v, Gender))

        def birth_year(value: Any) -> int:
            try:
                year = int(shown(value))
            except ValueError:
                raise ValueError(_("erwartet wird eine Jahreszahl, z. B. 2005")) from None
            reference_year = (entered or self.today).year
            if not reference_year - OLDEST_AGE <= year <= reference_year - YOUNGEST_AGE:
                raise ValueError(
                    _("nicht plausibel: beim Eintritt wäre die Person %(age)s Jahre alt")
                    % {"age": reference_year - year}
                )
            return year

        check("birth_year", birth_year)
        check("residence", lambda v: self._region(v, entered or self.today))
        check("first_residence_hessen", yes_no)
        if clean.get("first_residence_hessen") is False:
            refuse(
                "first_residence_hessen",
                _(
                    "Nicht förderfähig: Im AQB können nur Personen mit Erstwohnsitz in Hessen "
                    "erfasst werden."
                ),
            )
        check("entitlement", lambda v: self._choice(ENTITLEMENTS, v, Entitlement))
        check("via_household", yes_no)
        check(
            "employment_status",
            lambda v: self._choice(EMPLOYMENT, v, EmploymentStatus),
        )
        check("education_level", lambda v: self._choice(EDUCATION, v, EducationLevel))

        def target_group(value: Any) -> int:
            pk = self.target_groups.get(_key(shown(value)))
            if pk is None:
                raise ValueError(
                    _("keine Zielgruppe des Programms %(year)s")
                    % {"year": project.programme_year.year}
                )
            return pk

        check("target_group", target_group)
        for field in ("disability", "foreign_background", "third_country_national"):
            check(field, lambda v: self._choice(STATED, v, YesNoNotStated))
        check("followup_consent", yes_no)

        check("exited_on", date_value)
        check("exit_reason", lambda v: self._choice(EXIT_REASONS, v, ExitReason))
        check(
            "situation_after_exit",
            lambda v: self._choice(SITUATIONS, v, SituationAfterExit),
        )
        exited = clean.get("exited_on")
        if exited is not None:
            if entered is not None and exited < entered:
                refuse("exited_on", _("Der Austritt liegt vor dem Eintritt."))
            if not text("exit_reason"):
                refuse("exit_reason", _("Zum Austrittsdatum gehört ein Austrittsgrund."))
        elif "exited_on" not in {p.field for p in problems}:
            for field in ("exit_reason", "situation_after_exit"):
                if text(field):
                    refuse(field, _("Ohne Austrittsdatum bleibt dieses Feld leer."))

        if problems:
            return None, problems
        clean.setdefault("target_group", None)
        clean.setdefault("exited_on", None)
        clean.setdefault("exit_reason", "")
        clean.setdefault("situation_after_exit", "")
        clean["residence_region"] = clean.pop("residence")
        return clean, []
