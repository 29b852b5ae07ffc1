"""Hessen's reference data: districts, regions, the Land, the ministry and the grant authority.

`load()` is idempotent: it creates what is missing and leaves rows that exist untouched, so that
the ministry's own corrections (through the admin) survive a second run. Dates that public
sources give only to the year are entered as year boundaries and marked as such.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from zielwerk.core.audit import audit_record, snapshot

from .choices import OrganisationKind, RegionKind
from .models import AdministrativeDistrict, Organisation, OrganisationName, Region

DISTRICTS = [("064", "Darmstadt"), ("065", "Gießen"), ("066", "Kassel")]

CITY, DISTRICT = RegionKind.CITY, RegionKind.DISTRICT

# (AGS, name, official name, code, slug, kind, district key, valid_from)
REGIONS: list[tuple[str, str, str, str, str, str, str, dt.date | None]] = [
    ("06411", "Darmstadt", "Wissenschaftsstadt Darmstadt", "DA", "darmstadt", CITY, "064", None),
    ("06412", "Frankfurt am Main", "Stadt Frankfurt am Main", "F", "frankfurt", CITY, "064", None),
    ("06413", "Offenbach am Main", "Stadt Offenbach am Main", "OF", "offenbach", CITY, "064", None),
    ("06414", "Wiesbaden", "Landeshauptstadt Wiesbaden", "WI", "wiesbaden", CITY, "064", None),
    ("06431", "Bergstraße", "Kreis Bergstraße", "HP", "bergstrasse", DISTRICT, "064", None),
    (
        "06432",
        "Darmstadt-Dieburg",
        "Landkreis Darmstadt-Dieburg",
        "DADI",
        "darmstadt-dieburg",
        DISTRICT,
        "064",
        None,
    ),
    ("06433", "Groß-Gerau", "Kreis Groß-Gerau", "GG", "gross-gerau", DISTRICT, "064", None),
    ("06434", "Hochtaunuskreis", "Hochtaunuskreis", "HG", "hochtaunuskreis", DISTRICT, "064", None),
    (
        "06435",
        "Main-Kinzig-Kreis",
        "Main-Kinzig-Kreis",
        "MKK",
        "main-kinzig-kreis",
        DISTRICT,
        "064",
        None,
    ),
    (
        "06436",
        "Main-Taunus-Kreis",
        "Main-Taunus-Kreis",
        "MTK",
        "main-taunus-kreis",
        DISTRICT,
        "064",
        None,
    ),
    ("06437", "Odenwaldkreis", "Odenwaldkreis", "ERB", "odenwaldkreis", DISTRICT, "064", None),
    (
        "06438",
        "Kreis Offenbach",
        "Kreis Offenbach",
        "LKOF",
        "kreis-offenbach",
        DISTRICT,
        "064",
        None,
    ),
    (
        "06439",
        "Rheingau-Taunus-Kreis",
        "Rheingau-Taunus-Kreis",
        "RTK",
        "rheingau-taunus-kreis",
        DISTRICT,
        "064",
        None,
    ),
    ("06440", "Wetteraukreis", "Wetteraukreis", "FB", "wetteraukreis", DISTRICT, "064", None),
    ("06531", "Gießen", "Landkreis Gießen", "GI", "landkreis-giessen", DISTRICT, "065", None),
    (
        "06532",
        "Lahn-Dill-Kreis",
        "Lahn-Dill-Kreis",
        "LDK",
        "lahn-dill-kreis",
        DISTRICT,
        "065",
        None,
    ),
    (
        "06533",
        "Limburg-Weilburg",
        "Landkreis Limburg-Weilburg",
        "LM",
        "limburg-weilburg",
        DISTRICT,
        "065",
        None,
    ),
    (
        "06534",
        "Marburg-Biedenkopf",
        "Landkreis Marburg-Biedenkopf",
        "MR",
        "marburg-biedenkopf",
        DISTRICT,
        "065",
        None,
    ),
    ("06535", "Vogelsbergkreis", "Vogelsbergkreis", "VB", "vogelsbergkreis", DISTRICT, "065", None),
    ("06611", "Kassel", "Stadt Kassel", "KS", "kassel", CITY, "066", None),
    ("06631", "Fulda", "Landkreis Fulda", "FD", "landkreis-fulda", DISTRICT, "066", None),
    (
        "06632",
        "Hersfeld-Rotenburg",
        "Landkreis Hersfeld-Rotenburg",
        "HEF",
        "hersfeld-rotenburg",
        DISTRICT,
        "066",
        None,
    ),
    (
        "06633",
        "Landkreis Kassel",
        "Landkreis Kassel",
        "LKKS",
        "landkreis-kassel",
        DISTRICT,
        "066",
        None,
    ),
    (
        "06634",
        "Schwalm-Eder-Kreis",
        "Schwalm-Eder-Kreis",
        "HR",
        "schwalm-eder-kreis",
        DISTRICT,
        "066",
        None,
    ),
    (
        "06635",
        "Waldeck-Frankenberg",
        "Landkreis Waldeck-Frankenberg",
        "KB",
        "waldeck-frankenberg",
        DISTRICT,
        "066",
        None,
    ),
    (
        "06636",
        "Werra-Meißner-Kreis",
        "Werra-Meißner-Kreis",
        "ESW",
        "werra-meissner-kreis",
        DISTRICT,
        "066",
        None,
    ),
    # Hanau leaves the Main-Kinzig-Kreis on 1 January 2026 (Hanau-Auskreisungsgesetz of 3 March
    # 2025). Its new Kreisschlüssel is not confirmed here, so it stays empty until entered.
    ("", "Hanau", "Brüder-Grimm-Stadt Hanau", "HU", "hanau", CITY, "064", dt.date(2026, 1, 1)),
]

MINISTRY_NAMES = [
    # (name, short, valid_from, valid_to, source)
    ("Hessisches Sozialministerium", "HSM", None, dt.date(2013, 12, 31), "Ende jahresgenau"),
    (
        "Hessisches Ministerium für Soziales und Integration",
        "HMSI",
        dt.date(2014, 1, 1),
        dt.date(2023, 12, 31),
        "Beginn und Ende jahresgenau",
    ),
    (
        "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
        "HMSI",
        dt.date(2024, 1, 1),
        None,
        "Beginn jahresgenau; Abkürzung wie in der Zielvereinbarung 2024",
    ),
]


def _organisation(actor, slug: str, **fields) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    if existing:
        return existing
    organisation = Organisation.objects.create(slug=slug, **fields)
    audit_record(
        actor=actor,
        action="reference.organisation.create",
        obj=organisation,
        changes=snapshot(organisation, ["kind", "name", "slug"]),
    )
    return organisation


@transaction.atomic
def load(actor=None) -> dict[str, int]:
    """Create missing reference rows. Returns how many of each kind were created."""
    created = {"districts": 0, "regions": 0, "organisations": 0}
    before = Organisation.objects.count()
    districts = {}
    for key, name in DISTRICTS:
        district, was_created = AdministrativeDistrict.objects.get_or_create(
            key=key, defaults={"name": name}
        )
        districts[key] = district
        created["districts"] += int(was_created)

    land = _organisation(actor, "land-hessen", kind=OrganisationKind.STATE, name="Land Hessen")
    ministry = _organisation(
        actor,
        "hmaijs",
        kind=OrganisationKind.MINISTRY,
        name=MINISTRY_NAMES[-1][0],
        short_name=MINISTRY_NAMES[-1][1],
        parent=land,
        address="Sonnenberger Straße 2/2a\n65193 Wiesbaden",
    )
    if not ministry.names.exists():
        for name, short, start, end, source in MINISTRY_NAMES:
            OrganisationName.objects.create(
                organisation=ministry,
                name=name,
                short_name=short,
                valid_from=start,
                valid_to=end,
                source=source,
            )
    _organisation(
        actor,
        "rp-kassel-dez-57",
        kind=OrganisationKind.AUTHORITY,
        name="Regierungspräsidium Kassel",
        short_name="RP Kassel",
        unit="Dezernat 57",
        parent=land,
        address="Am Alten Stadtschloss 1\n34117 Kassel",
    )

    for ags, name, official, code, slug, kind, district_key, valid_from in REGIONS:
        if Region.objects.filter(slug=slug).exists():
            continue
        administration = _organisation(
            actor,
            f"verwaltung-{slug}",
            kind=OrganisationKind.REGION,
            name=official,
            short_name=name,
            valid_from=valid_from,
        )
        region = Region.objects.create(
            ags=ags,
            name=name,
            official_name=official,
            code=code,
            slug=slug,
            kind=kind,
            district=districts[district_key],
            administration=administration,
            valid_from=valid_from,
            note="" if ags else "Amtlicher Kreisschlüssel noch nicht eingetragen.",
        )
        audit_record(
            actor=actor,
            action="reference.region.create",
            obj=region,
            changes=snapshot(region, ["ags", "name", "kind", "valid_from"]),
        )
        created["regions"] += 1
    created["organisations"] = Organisation.objects.count() - before
    return created
