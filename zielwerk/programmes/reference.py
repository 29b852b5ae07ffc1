"""The AQB programme and its catalogues. Idempotent; existing rows are left as edited."""

from __future__ import annotations

from django.db import transaction

from .models import Entitlement, MeasureType, Programme, TargetGroup

MEASURE_TYPES = [
    (
        1,
        "Ausbildungsvorbereitung",
        "Ausbildungs- und Qualifizierungsvorbereitung, einschließlich gesundheitsfördernder "
        "Maßnahmen",
        "Ausbildungsvorbereitung",
    ),
    (
        2,
        "Ausbildung und Ausbildungscoaching",
        "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
        "",
    ),
    (
        3,
        "Qualifizierungsprojekte",
        "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
        "",
    ),
    (
        4,
        "Weiterbildung des Fachpersonals",
        "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
        "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
        "wissenschaftliche Begleitung der regionalen Strategie",
    ),
]

# Named in public sources; the official list is not public, so these are unconfirmed suggestions.
TARGET_GROUPS = [
    ("schulmuede-10-schuljahr", "Schulmüde Schülerinnen und Schüler im 10. Pflichtschuljahr"),
    ("nicht-ausbildungsreif", "Junge Menschen ohne Ausbildungsreife"),
    ("alleinerziehende", "Alleinerziehende"),
    ("langzeitarbeitslose", "Langzeitarbeitslose Menschen"),
    ("stille-reserve", "Stille Reserve (außerhalb des Arbeitsmarkts, erwerbswillig)"),
    ("gefluechtete", "Geflüchtete Menschen"),
    ("ueber-55", "Menschen über 55 Jahre"),
    ("berufsrueckkehrerinnen", "Berufsrückkehrerinnen"),
    (
        "familiensorgende-teilzeit",
        "Menschen mit familiensorgenden Tätigkeiten (Teilzeitausbildung)",
    ),
]

ENTITLEMENTS = [
    ("sgb2", "SGB II", "Grundsicherung für Arbeitsuchende"),
    ("sgb3", "SGB III", "Arbeitsförderung"),
    ("sgb8", "SGB VIII", "Kinder- und Jugendhilfe"),
    ("sgb12", "SGB XII", "Sozialhilfe"),
    ("asylblg", "AsylbLG", "Asylbewerberleistungsgesetz"),
]


@transaction.atomic
def load() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        code="aqb",
        defaults={
            "name": "Ausbildungs- und Qualifizierungsbudget",
            "description": (
                "Landesbudget für Ausbildung und Qualifizierung benachteiligter Menschen, "
                "vereinbart jährlich mit den hessischen Kreisen und kreisfreien Städten."
            ),
            "first_year": 2011,
        },
    )
    for number, name, wording, alternative in MEASURE_TYPES:
        measure_type, _created = MeasureType.objects.get_or_create(
            programme=programme,
            number=number,
            valid_from_year=None,
            defaults={
                "name": name,
                "official_wording": wording,
                "alternative_wording": alternative,
            },
        )
        if not measure_type.agreement_title:
            # The 2024 agreements head type 1 with its short name, the others with the wording.
            measure_type.agreement_title = name if number == 1 else wording
            measure_type.save(update_fields=["agreement_title"])
    for code, name in TARGET_GROUPS:
        TargetGroup.objects.get_or_create(
            programme=programme,
            code=code,
            defaults={"name": name, "description": "Vorschlag aus öffentlichen Quellen"},
        )
    for position, (code, name, description) in enumerate(ENTITLEMENTS, start=1):
        Entitlement.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
    return programme
