"""Filling the authority's decision templates (DecisionTemplate).

Placeholders are written in curly braces, e.g. {region} or {total}. `PLACEHOLDERS` names every
placeholder a template may use, with its German explanation (shown on the template page);
`unknown_placeholders` finds the others (a template with one cannot be saved), and `fill` puts
the values in. `decision_context` gives the values for one decision, formatted the German way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from zielwerk.core.formats import format_date, format_euro

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import Decision

PLACEHOLDERS: dict[str, StrOrPromise] = {
    "region": _("Name der Gebietskörperschaft, z. B. Landeshauptstadt Wiesbaden"),
    "year": _("Programmjahr, z. B. 2024"),
    "programme": _("Name des Förderprogramms"),
    "reference": _("Aktenzeichen des Bescheids"),
    "application_date": _("Datum des Antrags"),
    "total": _("Betrag des Bescheids in Euro"),
    "proof_deadline": _("Frist für den Verwendungsnachweis"),
    "previous_date": _("Datum des geänderten Bescheids"),
    "previous_total": _("Betrag des geänderten Bescheids"),
}

FIELD_RE = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text: str) -> list[str]:
    """Names in curly braces that are not placeholders, in order of appearance, once each."""
    seen: list[str] = []
    for name in FIELD_RE.findall(text):
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with every known placeholder replaced; anything else stays as written. Plain
    substitution only (no format specs, no attribute access)."""
    return FIELD_RE.sub(lambda match: str(values.get(match.group(1), match.group(0))), text)


def money(value) -> str:
    """'2.483.300,00 €': amounts in decisions always show the cents."""
    return format_euro(value, cents="always", unit="€")


def decision_context(decision: Decision) -> dict[str, str]:
    """The value of every placeholder for this decision (dates '15.05.2024', amounts with
    cents and €). Unknown values (no previous decision, no submission yet) read '–'."""
    application = decision.application
    programme_year = application.programme_year
    region = application.region
    previous = decision.previous
    proof_due = decision.proof_due_on or programme_year.proof_deadline
    return {
        "region": region.official_name or region.name,
        "year": str(programme_year.year),
        "programme": programme_year.programme.name,
        "reference": decision.reference,
        "application_date": format_date(application.submitted_at),
        "total": money(decision.total),
        "proof_deadline": format_date(proof_due),
        "previous_date": format_date(previous.issued_on) if previous else "–",
        "previous_total": money(previous.total) if previous else "–",
    }
