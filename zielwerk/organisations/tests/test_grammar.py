from zielwerk.organisations.grammar import ministry_cases, region_cases


def test_city_forms_as_in_the_wiesbaden_agreement():
    cases = region_cases("Landeshauptstadt Wiesbaden")
    assert cases.dative == "der Landeshauptstadt Wiesbaden"  # "und der Landeshauptstadt …"
    assert cases.genitive == "der Landeshauptstadt Wiesbaden"  # "Umsetzung der …"
    assert cases.accusative == "die Landeshauptstadt Wiesbaden"  # "durch die …"


def test_district_forms():
    assert region_cases("Wetteraukreis").genitive == "des Wetteraukreises"
    assert region_cases("Wetteraukreis").dative == "dem Wetteraukreis"
    assert region_cases("Landkreis Kassel").genitive == "des Landkreises Kassel"
    assert region_cases("Kreis Offenbach").accusative == "den Kreis Offenbach"
    assert region_cases("Main-Kinzig-Kreis").nominative == "der Main-Kinzig-Kreis"


def test_ministry_forms_as_in_the_agreement():
    cases = ministry_cases("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales")
    assert cases.dative == "dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales"
    assert cases.genitive == (
        "des Hessischen Ministeriums für Arbeit, Integration, Jugend und Soziales"
    )
    assert (
        cases.nominative == "das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales"
    )
    assert ministry_cases("Hessisches Sozialministerium").genitive == (
        "des Hessischen Sozialministeriums"
    )
