"""parse_agreement on the seed, on invented documents of the same family, and on broken ones.

The expected dicts are written by hand from reading the documents, not copied from the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zielwerk.agreements.importing.parser import (
    DEFAULT_REGIONS,
    AgreementParseError,
    MeasureType,
    RegionName,
    parse_agreement,
)

from .templates import Agreement, render

DOCUMENTS = Path(__file__).parent / "documents"
SHARED_SEED = Path(__file__).resolve().parents[5] / "shared" / "seed" / "000_00b0ff0e415465c7.txt"

HMAIJS = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
HMSI = "Hessisches Ministerium für Soziales und Integration"
HSM = "Hessisches Sozialministerium"
TYPE_1 = "Ausbildungsvorbereitung"
TYPE_1_LONG = (
    "Ausbildungs- und Qualifizierungsvorbereitung, einschließlich gesundheitsfördernder Maßnahmen"
)
TYPE_2 = "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen"
TYPE_3 = "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung"
TYPE_4 = (
    "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
    "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung"
)

WIESBADEN_2024 = {
    "year": 2024,
    "ministry": HMAIJS,
    "region": {"ags": "06414", "name": "Landeshauptstadt Wiesbaden"},
    "amount": "2508300.00",
    "measure_types": [
        {
            "number": 1,
            "title": "Ausbildungsvorbereitung",
            "projects": [
                "Fit für den Beruf (FIB)",
                "Hinein in den Beruf (HIB)",
                "Deutsch-Intensiv-Klassen an Schulen m. Schulsozialarbeit",
            ],
        },
        {
            "number": 3,
            "title": "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
            "projects": ["Stadtteilmütter- Stadtteinväter", "Coaching für die Bedarfsgemeinschaft"],
        },
        {
            "number": 4,
            "title": "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte "
            "in der fachlichen Verantwortung für Benachteiligte im Kontext der "
            "Arbeitsmarktförderung",
            "projects": ["Achtung in Aus- und Bildung"],
        },
    ],
    "signatures": [
        {
            "name": "Heike Hofmann",
            "function": [
                "Staatsministerin",
                "Hessisches Ministerium",
                "für Arbeit, Integration,",
                "Jugend und Soziales",
            ],
            "place": "Wiesbaden",
            "date": None,
        },
        {
            "name": "Dr. Patricia Becher",
            "function": ["Stadträtin der", "Landeshauptstadt Wiesbaden"],
            "place": "Wiesbaden",
            "date": "2024-07-12",
        },
    ],
}

WETTERAUKREIS_2019 = {
    "year": 2019,
    "ministry": HMSI,
    "region": {"ags": "06440", "name": "Wetteraukreis"},
    "amount": "1140300.00",
    "measure_types": [
        {
            "number": 1,
            "title": TYPE_1_LONG,
            "projects": [
                "Berufsorientierung in der Produktionsschule Friedberg",
                "Werkstattjahr Wetterau",
                "Gesund in den Beruf – Bewegung und Ernährung für Jugendliche ohne "
                "Ausbildungsplatz",
            ],
        },
        {
            "number": 2,
            "title": TYPE_2,
            "projects": [
                "Ausbildungscoaching Wetterau (AcW)",
                "Teilzeitausbildung für junge Mütter und Väter",
            ],
        },
        {
            "number": 3,
            "title": TYPE_3,
            "projects": [
                "Pflegehelfer/innen-Qualifizierung für Geflüchtete",
                "Perspektive 50plus Wetterau",
            ],
        },
    ],
    "signatures": [
        {
            "name": "Maria Beispiel",
            "function": [
                "Staatssekretärin",
                "Hessisches Ministerium",
                "für Soziales und Integration",
            ],
            "place": "Wiesbaden",
            "date": "2019-06-03",
        },
        {
            "name": "Thomas Mustermann",
            "function": ["Landrat des Wetteraukreises"],
            "place": "Friedberg",
            "date": "2019-05-28",
        },
    ],
}

LANDKREIS_KASSEL_2013 = {
    "year": 2013,
    "ministry": HSM,
    "region": {"ags": "06633", "name": "Landkreis Kassel"},
    "amount": "879800.00",
    "measure_types": [
        {
            "number": 4,
            "title": TYPE_4,
            "projects": ["Fortbildungsreihe „Fallmanagement im Übergang Schule–Beruf“"],
        },
        {
            "number": 2,
            "title": TYPE_2,
            "projects": [
                "Verbundausbildung Nordhessen",
                "Ausbildungsbegleitung „Dranbleiben“ (AbD)",
            ],
        },
        {
            "number": 1,
            "title": TYPE_1,
            "projects": [
                "Produktionsschule Hofgeismar",
                "BOSS – Berufsorientierung an Schulen in Wolfhagen",
            ],
        },
        {
            "number": 3,
            "title": TYPE_3,
            "projects": [
                "Frauen in Arbeit (FiA)",
                "Qualifizierung zur Betreuungskraft nach § 87b SGB XI",
            ],
        },
    ],
    "signatures": [
        {
            "name": "Jana Beispielfrau",
            "function": ["Staatssekretärin im", "Hessischen Sozialministerium"],
            "place": "Wiesbaden",
            "date": "2013-03-15",
        },
        {
            "name": "Dr. Klaus-Peter Musterhaus",
            "function": ["Erster Kreisbeigeordneter", "des Landkreises Kassel"],
            "place": "Kassel",
            "date": "2013-03-04",
        },
    ],
}

STADT_KASSEL_2025 = {
    "year": 2025,
    "ministry": HMAIJS,
    "region": {"ags": "06611", "name": "Stadt Kassel"},
    "amount": "1234500.00",
    "measure_types": [
        {
            "number": 3,
            "title": TYPE_3,
            "projects": [
                "Kassel Works – Qualifizierung im Lager und in der Logistik",
                "Sprungbrett Pflege (SPRUNG)",
            ],
        },
        {
            "number": 1,
            "title": TYPE_1_LONG,
            "projects": ["Jugendwerkstatt Nordstadt", "Startklar! Gesund in die Ausbildung"],
        },
    ],
    "signatures": [
        {
            "name": "Petra Beispiel",
            "function": [
                "Staatssekretärin",
                "Hessisches Ministerium",
                "für Arbeit, Integration,",
                "Jugend und Soziales",
            ],
            "place": "Wiesbaden",
            "date": None,
        },
        {
            "name": "Jonas Musterle",
            "function": ["Stadtrat der", "documenta-Stadt Kassel"],
            "place": "Kassel",
            "date": "2025-04-02",
        },
    ],
}

STADT_OFFENBACH_2020 = {
    "year": 2020,
    "ministry": HMSI,
    "region": {"ags": "06413", "name": "Stadt Offenbach am Main"},
    "amount": "1056700.00",
    "measure_types": [
        {
            "number": 2,
            "title": TYPE_2,
            "projects": [
                "Ausbildungsverbund Offenbach – begleitete Ausbildung in kleinen und mittleren "
                "Betrieben der Region Offenbach",
                "Teilzeitberufsausbildung für Alleinerziehende (TEP)",
            ],
        },
        {
            "number": 3,
            "title": TYPE_3,
            "projects": [
                "Qualifizierung zur Alltagsbegleitung in der Pflege für Frauen mit "
                "Migrationshintergrund, mit Kinderbetreuung während der Kurszeiten",
                "Werkstatt Mainufer",
            ],
        },
    ],
    "signatures": [
        {
            "name": "Anna Beispiel-Schmidt",
            "function": [
                "Staatssekretärin",
                "Hessisches Ministerium",
                "für Soziales und Integration",
            ],
            "place": "Wiesbaden",
            "date": "2020-06-02",
        },
        {
            "name": "Prof. Dr. Bernd von Musterstein",
            "function": ["Bürgermeister der", "Stadt Offenbach am Main"],
            "place": "Offenbach am Main",
            "date": "2020-06-16",
        },
    ],
}

EXPECTED = {
    "wiesbaden_2024.txt": WIESBADEN_2024,
    "wetteraukreis_2019.txt": WETTERAUKREIS_2019,
    "landkreis_kassel_2013.md": LANDKREIS_KASSEL_2013,
    "stadt_kassel_2025.md": STADT_KASSEL_2025,
    "stadt_offenbach_2020.md": STADT_OFFENBACH_2020,
}


def read(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


def seed() -> str:
    return read("wiesbaden_2024.txt")


def seed_with(old: str, new: str) -> str:
    """The seed with one passage replaced; `old` must occur exactly once."""
    text = seed()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def parse_error(text: str) -> AgreementParseError:
    with pytest.raises(AgreementParseError) as caught:
        parse_agreement(text)
    return caught.value


# --- whole documents ---------------------------------------------------------------------------


def test_the_seed_parses_to_the_agreement_it_states():
    assert parse_agreement(seed()) == WIESBADEN_2024


def test_the_copy_of_the_seed_is_the_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared/seed is not next to this checkout")
    assert SHARED_SEED.read_bytes() == (DOCUMENTS / "wiesbaden_2024.txt").read_bytes()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_test_document_parses_to_its_expected_dict(name):
    assert parse_agreement(read(name)) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_result_is_json_and_back(name):
    result = parse_agreement(read(name))
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert list(result) == ["year", "ministry", "region", "amount", "measure_types", "signatures"]


def test_windows_line_ends_no_break_spaces_and_a_byte_order_mark_change_nothing():
    text = "\ufeff" + seed().replace("\n", "\r\n").replace("2.508.300 Euro", "2.508.300\u00a0Euro")
    assert parse_agreement(text) == WIESBADEN_2024


def test_markdown_hard_breaks_with_a_backslash_are_stripped_like_two_spaces():
    text = seed_with("Heike Hofmann  \nStaatsministerin  ", "Heike Hofmann\\\nStaatsministerin\\")
    assert parse_agreement(text)["signatures"][0]["name"] == "Heike Hofmann"
    assert parse_agreement(text)["signatures"][0]["function"][0] == "Staatsministerin"


# --- regions and ministries ---------------------------------------------------------------------


def region(name: str) -> RegionName:
    return next(entry for entry in DEFAULT_REGIONS if entry.name == name)


def agreement(**overrides) -> Agreement:
    fields = {
        "year": 2024,
        "ministry": HMAIJS,
        "region": region("Landeshauptstadt Wiesbaden"),
        "amount_text": "2.508.300 Euro",
        "measures": [(TYPE_1, ["Fit für den Beruf (FIB)"])],
    }
    return Agreement(**(fields | overrides))


@pytest.mark.parametrize(
    ("title", "ags", "name"),
    [
        ("und dem Landkreis Kassel", "06633", "Landkreis Kassel"),
        ("und der Stadt Kassel", "06611", "Stadt Kassel"),
        ("und der documenta-Stadt Kassel", "06611", "Stadt Kassel"),
        ("und dem Kreis Offenbach", "06438", "Kreis Offenbach"),
        ("und dem Landkreis Offenbach", "06438", "Kreis Offenbach"),
        ("und der Stadt Offenbach am Main", "06413", "Stadt Offenbach am Main"),
        ("und der Stadt Offenbach", "06413", "Stadt Offenbach am Main"),
        ("und der Wissenschaftsstadt Darmstadt", "06411", "Wissenschaftsstadt Darmstadt"),
        ("und dem Landkreis Darmstadt-Dieburg", "06432", "Landkreis Darmstadt-Dieburg"),
        ("und dem Wetteraukreis", "06440", "Wetteraukreis"),
        ("und dem Main-Kinzig-Kreis", "06435", "Main-Kinzig-Kreis"),
        ("und der Stadt Frankfurt am Main", "06412", "Stadt Frankfurt am Main"),
        ("und dem Werra-Meißner-Kreis", "06636", "Werra-Meißner-Kreis"),
        ("und der Brüder-Grimm-Stadt Hanau", None, "Brüder-Grimm-Stadt Hanau"),
    ],
)
def test_the_region_is_told_apart_from_similar_names(title, ags, name):
    text = seed_with("**und der Landeshauptstadt Wiesbaden**", f"**{title}**")
    assert parse_agreement(text)["region"] == {"ags": ags, "name": name}


@pytest.mark.parametrize("entry", DEFAULT_REGIONS, ids=lambda entry: entry.name)
def test_every_region_is_found_by_its_official_name_in_the_dative(entry):
    result = parse_agreement(render(agreement(region=entry)))
    assert result["region"] == {"ags": entry.ags, "name": entry.name}


def test_the_region_may_come_first_and_the_title_may_be_one_line():
    text = seed_with(
        "**zwischen**\n\n**dem Hessischen Ministerium für Arbeit, Integration, Jugend und "
        "Soziales**\n\n**und der Landeshauptstadt Wiesbaden**",
        "zwischen dem Wetteraukreis, vertreten durch den Kreisausschuss, und dem Land Hessen, "
        "vertreten durch das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales",
    )
    result = parse_agreement(text)
    assert result["region"] == {"ags": "06440", "name": "Wetteraukreis"}
    assert result["ministry"] == HMAIJS


def test_a_region_table_from_the_caller_replaces_the_default():
    regions = [RegionName("99999", "Testkreis Beispielland", ("Testkreis",))]
    text = seed_with("**und der Landeshauptstadt Wiesbaden**", "**und dem Testkreis**")
    result = parse_agreement(text, regions=regions)
    assert result["region"] == {"ags": "99999", "name": "Testkreis Beispielland"}


@pytest.mark.parametrize(
    ("dative", "nominative"),
    [
        ("dem Hessischen Sozialministerium", HSM),
        ("dem Hessischen Ministerium für Soziales und Integration", HMSI),
        ("dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales", HMAIJS),
        ("dem Land Hessen, vertreten durch das Hessische Sozialministerium,", HSM),
    ],
)
def test_the_ministry_is_returned_in_the_nominative(dative, nominative):
    text = seed_with(f"**dem Hessischen {HMAIJS.split(' ', 1)[1]}**", f"**{dative}**")
    assert parse_agreement(text)["ministry"] == nominative


def test_a_title_with_only_the_land_takes_the_ministry_from_the_signature_block():
    text = seed_with(f"**dem Hessischen {HMAIJS.split(' ', 1)[1]}**", "**dem Land Hessen**")
    assert parse_agreement(text)["ministry"] == HMAIJS


def test_a_ministry_split_over_two_lines_is_found():
    text = seed_with(
        "**dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales**",
        "dem Hessischen Ministerium für Arbeit, Integration, Jugend\nund Soziales",
    )
    result = parse_agreement(text)
    assert result["ministry"] == HMAIJS
    assert result["region"]["ags"] == "06414"


# --- year --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("## **Zielvereinbarung**\n\n**2024**", 2024),
        ("## **Zielvereinbarung 2019**\n\n", 2019),
        ("ZIELVEREINBARUNG 2016\n\n", 2016),
        ("Zielvereinbarung für das Jahr 2021\n\n", 2021),
        ("Zielvereinbarung über das Ausbildungs- und Qualifizierungsbudget 2022\n\n", 2022),
    ],
)
def test_the_year_is_read_from_the_title(title, year):
    text = seed_with("## **Zielvereinbarung**\n\n**2024**", title)
    assert parse_agreement(text)["year"] == year


# --- amount ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("**2.508.300 Euro**", "2508300.00"),
        ("2.508.300 Euro", "2508300.00"),
        ("**2.508.300,00 €**", "2508300.00"),
        ("€ 1.140.300", "1140300.00"),
        ("1.140.300,- Euro", "1140300.00"),
        ("1.140.300,-- €", "1140300.00"),
        ("1.140.300,50 EUR", "1140300.50"),
        ("EUR 879.800", "879800.00"),
        ("2508300 Euro", "2508300.00"),
        ("2 508 300 Euro", "2508300.00"),
    ],
)
def test_amount_formats(written, amount):
    assert parse_agreement(seed_with("**2.508.300 Euro**", written))["amount"] == amount


def test_the_amount_may_stand_inside_the_sentence():
    text = seed_with(
        "insgesamt\n\n**2.508.300 Euro**\n\naus dem",
        "insgesamt 2.508.300 Euro aus dem",
    )
    assert parse_agreement(text)["amount"] == "2508300.00"


def test_a_year_before_a_word_starting_with_euro_is_no_amount():
    text = seed_with(
        "im Jahr 2024 Haushaltsmittel", "im Jahr 2024 Europäische und Landes-Haushaltsmittel"
    )
    assert parse_agreement(text)["amount"] == "2508300.00"


def test_the_total_after_insgesamt_wins_over_a_partial_amount_before_it():
    text = seed_with(
        "Das HMSI stellt",
        "Für Teilzeitausbildung sind davon 50.000 Euro vorgesehen. Das HMSI stellt",
    )
    assert parse_agreement(text)["amount"] == "2508300.00"


# --- § 5 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "#### Ausbildungsvorbereitung",
        "#### **Ausbildungsvorbereitung**",
        "**Ausbildungsvorbereitung**",
        "Ausbildungsvorbereitung",
        "Ausbildungsvorbereitung:",
        "*Ausbildungsvorbereitung*",
    ],
)
def test_measure_headings_with_or_without_markdown(heading):
    text = seed_with("#### Ausbildungsvorbereitung", heading)
    first = parse_agreement(text)["measure_types"][0]
    assert first["number"] == 1
    assert first["title"] == "Ausbildungsvorbereitung"


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("Ausbildungs- und Qualifizierungsvorbereitung", 1),
        ("AUSBILDUNGSVORBEREITUNG", 1),
        ("Maßnahmenart 1: Ausbildungsvorbereitung", 1),
        ("Ausbildung und Ausbildungscoaching", 2),
        ("Qualifizierungsprojekte zur Arbeitsmarktintegration und Fachkräftesicherung", 3),
    ],
)
def test_measure_type_wordings(heading, number):
    text = seed()
    # Only the first measure type stays, so that any number can take its place.
    text = text[: text.index(f"#### {TYPE_3}")] + text[text.index("Die Förderung der") :]
    text = text.replace("#### Ausbildungsvorbereitung", f"#### {heading}")
    assert parse_agreement(text)["measure_types"] == [
        {
            "number": number,
            "title": heading,
            "projects": [
                "Fit für den Beruf (FIB)",
                "Hinein in den Beruf (HIB)",
                "Deutsch-Intensiv-Klassen an Schulen m. Schulsozialarbeit",
            ],
        }
    ]


@pytest.mark.parametrize("marker", ["- ", "• ", "* ", "1. ", "1) ", "– "])
def test_list_markers(marker):
    text = seed_with("- Fit für den Beruf (FIB)", f"{marker}Fit für den Beruf (FIB)")
    assert parse_agreement(text)["measure_types"][0]["projects"][0] == "Fit für den Beruf (FIB)"


@pytest.mark.parametrize("section", ["## **§ {n}**", "## § {n}", "**§ {n}**", "§ {n}", "§{n}."])
def test_section_headings_with_or_without_markdown(section):
    text = seed()
    for number in range(1, 8):
        for written in (f"## **§ {number}**", f"## § {number}"):
            text = text.replace(f"\n{written}\n", "\n" + section.format(n=number) + "\n")
    assert parse_agreement(text) == WIESBADEN_2024


def test_a_catalogue_from_the_caller_replaces_the_default():
    catalogue = [MeasureType(7, ("Sprachförderung",)), MeasureType(1, ("Ausbildungsvorbereitung",))]
    text = seed_with(f"#### {TYPE_3}", "#### Sprachförderung")
    text = text.replace(f"#### {TYPE_4}\n\n- Achtung in Aus- und Bildung\n\n", "")
    numbers = [m["number"] for m in parse_agreement(text, measure_types=catalogue)["measure_types"]]
    assert numbers == [1, 7]


# --- signatures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("Wiesbaden, den 12.7.2024", "2024-07-12"),
        ("Wiesbaden, den 12.07.2024", "2024-07-12"),
        ("Wiesbaden, den 12. Juli 2024", "2024-07-12"),
        ("Wiesbaden, 12.07.2024", "2024-07-12"),
        ("Wiesbaden, den 12.07.24", "2024-07-12"),
        ("Wiesbaden, den ______________", None),
    ],
)
def test_signature_dates(written, date):
    text = seed_with("Wiesbaden, den 12.7.2024", written)
    assert parse_agreement(text)["signatures"][1]["date"] == date


def test_one_place_line_stands_for_both_signatures():
    text = seed_with("Wiesbaden, den\n\nWiesbaden, den 12.7.2024", "Wiesbaden, den 12.7.2024")
    dates = [signature["date"] for signature in parse_agreement(text)["signatures"]]
    assert dates == ["2024-07-12", "2024-07-12"]


def test_two_place_lines_on_one_line_as_a_pdf_reader_flattens_two_columns():
    text = seed_with(
        "Wiesbaden, den\n\nWiesbaden, den 12.7.2024", "Wiesbaden, den Kassel, den 1.2.2024"
    )
    signatures = parse_agreement(text)["signatures"]
    assert [(s["place"], s["date"]) for s in signatures] == [
        ("Wiesbaden", None),
        ("Kassel", "2024-02-01"),
    ]


def test_name_blocks_without_blank_line_are_split_at_the_second_name():
    text = seed_with(
        "Jugend und Soziales\n\nDr. Patricia Becher", "Jugend und Soziales\nDr. Patricia Becher"
    )
    assert parse_agreement(text) == WIESBADEN_2024


# --- errors ------------------------------------------------------------------------------------


def test_unreadable_amount_names_its_line():
    error = parse_error(seed_with("**2.508.300 Euro**", "**zwei Millionen Euro**"))
    assert error.line == 55
    assert str(error) == "Zeile 55: Der Betrag in § 4 ist nicht lesbar („zwei Millionen“)."


@pytest.mark.parametrize("written", ["2.50.300 Euro", "2,508,300 Euro", "Euro 2.5 Mio."])
def test_malformed_numbers_are_not_read_in_part(written):
    error = parse_error(seed_with("**2.508.300 Euro**", f"**{written}**"))
    assert error.line == 55
    assert "Zeile 55: Der Betrag in § 4 ist nicht lesbar" in str(error)


def test_a_missing_amount_names_the_section():
    error = parse_error(seed_with("**2.508.300 Euro**", "**die vereinbarten Mittel**"))
    assert error.line == 49
    assert str(error).startswith("Zeile 49: In § 4 steht kein Betrag in Euro")


def test_unknown_measure_heading_names_its_line():
    error = parse_error(
        seed_with("#### Ausbildungsvorbereitung", "#### Sprachkurse für Zugewanderte")
    )
    assert error.line == 65
    assert str(error).startswith(
        "Zeile 65: „Sprachkurse für Zugewanderte“ ist keine bekannte Maßnahmenart"
    )


def test_unknown_plain_heading_before_a_list_names_its_line():
    error = parse_error(seed_with("#### Ausbildungsvorbereitung", "Sprachkurse"))
    assert "Zeile 65: „Sprachkurse“ ist keine bekannte Maßnahmenart" in str(error)


def test_missing_section_5_names_the_next_section():
    error = parse_error(seed_with("## § 5\n", "\n"))
    assert error.line == 82
    assert str(error) == (
        "Zeile 82: Der Abschnitt § 5 (Projekte je Maßnahmenart) fehlt; erwartet vor § 6."
    )


def test_missing_section_4_names_the_next_section():
    error = parse_error(seed_with("## § 4\n", "\n"))
    assert str(error) == "Zeile 59: Der Abschnitt § 4 (Haushaltsmittel) fehlt; erwartet vor § 5."


def test_unknown_region_names_its_line():
    error = parse_error(
        seed_with("**und der Landeshauptstadt Wiesbaden**", "**und der Stadt Gießen**")
    )
    assert error.line == 11
    assert str(error).startswith(
        "Zeile 11: Die Gebietskörperschaft „Stadt Gießen“ ist nicht bekannt"
    )


def test_a_bare_kassel_is_not_guessed():
    error = parse_error(seed_with("**und der Landeshauptstadt Wiesbaden**", "**und Kassel**"))
    assert error.line == 11
    assert "„Kassel“ ist nicht bekannt" in str(error)


def test_missing_region_names_the_title():
    error = parse_error(seed_with("**und der Landeshauptstadt Wiesbaden**", ""))
    assert error.line == 13  # where "zur Umsetzung …" now follows the ministry
    assert "Im Titel fehlt der Landkreis bzw. die kreisfreie Stadt" in str(error)


def test_unknown_ministry_names_its_line():
    error = parse_error(
        seed_with(
            "**dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales**",
            "**dem Hessischen Kultusministerium**",
        )
    )
    assert error.line == 9
    assert str(error).startswith(
        "Zeile 9: Das Ministerium ist nicht erkannt („dem Hessischen Kultusministerium“)"
    )


def test_missing_year_names_the_title_line():
    error = parse_error(seed_with("**2024**", ""))
    assert error.line == 3
    assert "Im Titel fehlt das Jahr der Zielvereinbarung" in str(error)


def test_missing_title():
    error = parse_error(seed_with("## **Zielvereinbarung**", "## **Vereinbarung**"))
    assert str(error).startswith("Zeile 3: Die Überschrift „Zielvereinbarung“ fehlt.")


def test_empty_text():
    error = parse_error(" \n\n  \n")
    assert error.line is None
    assert str(error) == "Der Text ist leer."


def test_a_project_without_heading_names_its_line():
    error = parse_error(seed_with("#### Ausbildungsvorbereitung\n", "\n"))
    assert error.line == 67
    assert str(error).startswith(
        "Zeile 67: Das Projekt „Fit für den Beruf (FIB)“ steht unter keiner Maßnahmenart"
    )


def test_a_heading_without_projects_names_its_line():
    error = parse_error(seed_with("- Achtung in Aus- und Bildung\n", "\n"))
    assert error.line == 76
    assert "ist kein Projekt aufgeführt" in str(error)


def test_a_measure_type_twice_names_both_lines():
    error = parse_error(seed_with(f"#### {TYPE_3}", "#### Ausbildungsvorbereitung"))
    assert str(error) == "Zeile 71: Die Maßnahmenart 1 steht in § 5 zweimal (zuerst in Zeile 65)."


def test_a_list_after_prose_below_the_projects_is_not_filed_under_the_last_measure_type():
    text = seed_with(
        "- Achtung in Aus- und Bildung\n",
        "- Achtung in Aus- und Bildung\n\nZusätzlich gefördert werden\n\n- Sprachcafé\n",
    )
    error = parse_error(text)
    assert "„Zusätzlich gefördert werden“ ist keine bekannte Maßnahmenart" in str(error)
    assert error.line == 80


def test_a_first_heading_without_projects_is_not_taken_for_the_section_title():
    text = seed_with("### Ziele für die Umsetzung der Landeshauptstadt Wiesbaden", "#### " + TYPE_2)
    error = parse_error(text)
    assert error.line == 61
    assert "ist kein Projekt aufgeführt" in str(error)


def test_section_5_without_projects():
    text = seed()
    start, end = text.index("#### Ausbildungsvorbereitung"), text.index("Die Förderung der")
    error = parse_error(text[:start] + text[end:])
    assert error.line == 59
    assert "In § 5 sind keine Projekte aufgeführt" in str(error)


def test_missing_signature_block_names_the_last_line():
    text = seed()
    error = parse_error(text[: text.index("Wiesbaden, den\n")])
    assert error.line == 96
    assert "Am Ende fehlt der Unterschriftenblock" in str(error)


def test_a_missing_name_block():
    text = seed()
    error = parse_error(text[: text.index("\n\nDr. Patricia Becher")])
    assert "Im Unterschriftenblock stehen 1 statt 2 Unterzeichnende" in str(error)
    assert error.line == 102


def test_text_after_the_signatures():
    error = parse_error(seed() + "\n\nAnlage: Projektliste\n")
    assert error.line == 112
    assert "Nach den Unterschriften steht weiterer Text („Anlage: Projektliste“)" in str(error)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Wiesbaden, den 31.2.2024", "Zeile 100: Das Datum „31.2.2024“ gibt es nicht."),
        ("Wiesbaden, den 12 Juli", "Zeile 100: Das Datum in „Wiesbaden, den 12 Juli“ ist nicht"),
    ],
)
def test_bad_dates_name_their_line(written, message):
    error = parse_error(seed_with("Wiesbaden, den 12.7.2024", written))
    assert str(error).startswith(message)


def test_the_error_is_a_value_error_with_the_line():
    error = parse_error(seed_with("**2.508.300 Euro**", "**zwei Millionen Euro**"))
    assert isinstance(error, ValueError)
    assert error.detail == "Der Betrag in § 4 ist nicht lesbar („zwei Millionen“)."
