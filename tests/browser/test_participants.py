"""Issue 6 "Done when" in a real browser: the demo provider (traeger-wiesbaden) records a
participant of WI-2024-FIB through the form (one ineligible attempt first), records an exit and
opens the follow-up form, imports a deliberately broken file (nothing stored) and then a valid one
(preview, confirm, result); the region (wiesbaden) reads the pseudonymous list without writing;
the ministry sees the 2024 indicators with small counts as "< 3" but no record list; another
region (frankfurt) sees nothing of Wiesbaden. axe-core (WCAG 2.1 AA) on every participant page
type, reflow at 320 px for the record list and the indicators, screenshots for a look by eye
(test-output/screenshots/participants-*.png).

The full demo (`site` from conftest.py: seed() with the grant procedure) has 24 invented
participants in WI-2024-FIB and 18 in WI-2024-HIB (zielwerk/demo/participants.py), references
FIB-001 … and HIB-001 …; the import files use WB-001 … and were made for WI-2024-FIB (entries
January to March 2024, inside the project's runtime 1 Jan–31 Dec 2024).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser

FILES = Path(__file__).resolve().parents[2] / "zielwerk" / "participants" / "tests" / "files"
FIB = "WI-2024-FIB"
RECORDS = f"/projekte/{FIB}/teilnehmende/"
INDICATORS = "/teilnehmende/kennzahlen/2024/"
# zielwerk/demo/participants.py: PROJECTS = FIB 24, HIB 18 (all entries in 2024)
FIB_COUNT = 24
EECO01_TOTAL = "42"  # 24 + 18: every 2024 participant of the programme is a FIB or HIB one
NOT_FOUND = "Seite nicht gefunden"


def sign_in(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def field(scope, label: str):
    """An input by its label, which for optional fields ends in "– optional"."""
    return scope.get_by_label(re.compile("^" + re.escape(label) + "( – optional)?$"))


def screenshot(page, name: str) -> None:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"participants-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def fib_count() -> int:
    from zielwerk.participants.models import Participant

    return Participant.objects.filter(project__code=FIB).count()


def fill_entry(page, *, hessen: str) -> None:
    """A new participant with values as in the import format (one row of the valid file)."""
    field(page, "Teilnehmenden-Kennung").fill("WB-100")
    field(page, "Eintrittsdatum").fill("2024-04-02")
    field(page, "Geschlecht").select_option("weiblich")
    field(page, "Geburtsjahr").fill("2003")
    field(page, "Wohnort Landkreis/kreisfreie Stadt").select_option(label="Wiesbaden")
    field(page, "Erstwohnsitz in Hessen").select_option(hessen)
    field(page, "Rechtskreis").select_option("SGB II")
    field(page, "Anspruch über Bedarfsgemeinschaft").select_option("nein")
    field(page, "Erwerbsstatus").select_option("arbeitslos")
    field(page, "Bildungsniveau").select_option("ISCED 3-4")
    field(page, "Behinderung").select_option("keine Angabe")
    field(page, "Ausländische Herkunft").select_option("nein")
    field(page, "Drittstaatsangehörigkeit").select_option("nein")
    field(page, "Einwilligung Nachbefragung").select_option("ja")


def upload(page, name: str) -> None:
    page.goto(f"/projekte/{FIB}/teilnehmende/import/")
    page.get_by_label("Datei mit Teilnehmenden").set_input_files(str(FILES / name))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.wait_for_load_state("load")


def test_provider_records_exits_and_imports(page, login, assert_accessible):
    sign_in(page, login, "traeger-wiesbaden")

    # the record list
    page.goto(RECORDS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende")
    expect(page.locator("caption")).to_contain_text(f"({FIB_COUNT})")
    expect(page.get_by_role("link", name="FIB-", exact=False)).to_have_count(0)  # no references
    assert_accessible(page)
    screenshot(page, "liste")

    # the record form: an ineligible person first, nothing saved
    page.get_by_role("link", name="Teilnehmende*n erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende*n erfassen")
    assert_accessible(page)
    fill_entry(page, hessen="nein")
    screenshot(page, "formular")
    page.get_by_role("button", name="Erfassen").click()
    expect(page.get_by_role("alert")).to_contain_text("Es wurde nichts gespeichert")
    expect(page.get_by_role("main")).to_contain_text(
        "Nicht förderfähig: Im AQB können nur Personen mit Erstwohnsitz in Hessen erfasst werden."
    )
    assert fib_count() == FIB_COUNT
    assert_accessible(page)

    # the same person with first residence in Hessen
    field(page, "Erstwohnsitz in Hessen").select_option("ja")
    page.get_by_role("button", name="Erfassen").click()
    expect(page.locator(".zw-messages")).to_contain_text("ist erfasst")
    expect(page.get_by_role("main")).to_contain_text("Noch in der Maßnahme.")
    assert fib_count() == FIB_COUNT + 1
    assert "WB-100" not in page.content()  # only the pseudonym is shown
    assert_accessible(page)

    # exit
    page.get_by_role("link", name="Austritt erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Austritt erfassen")
    assert_accessible(page)
    field(page, "Austrittsdatum").fill("2024-09-30")
    field(page, "Austrittsgrund").select_option("regulär")
    field(page, "Verbleib nach 4 Wochen").select_option("Schule oder Ausbildung")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".zw-messages")).to_contain_text("Der Austritt ist gespeichert.")
    expect(page.get_by_role("main")).to_contain_text("Ausgetreten am 30.09.2024.")
    screenshot(page, "datensatz")
    from zielwerk.participants.models import Participant

    exited = Participant.objects.get(project__code=FIB, exited_on__isnull=False, birth_year=2003)
    assert exited.exit_reason and exited.situation_after_exit

    # follow-up (consent given, exited): the form
    page.get_by_role("link", name="Nachbefragung erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachbefragung erfassen")
    assert_accessible(page)

    # import: the broken file first: every problem with row, column, value, message; nothing kept
    page.goto(f"/projekte/{FIB}/teilnehmende/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende importieren")
    assert_accessible(page)
    upload(page, "teilnehmende-fehlerhaft.csv")
    expect(page.get_by_role("alert")).to_contain_text("Es wurde nichts gespeichert.")
    problems = page.get_by_role("table", name=re.compile("^Probleme in der Datei"))
    expect(problems.get_by_role("columnheader")).to_have_text(
        ["Zeile", "Spalte", "Wert", "Problem"]
    )
    sgb9 = problems.get_by_role("row").filter(has_text="SGB 9")
    expect(sgb9.get_by_role("cell")).to_have_text(["3", "Rechtskreis", "SGB 9", re.compile(".+")])
    expect(problems.get_by_role("row").filter(has_text="31.02.2024")).to_contain_text(
        "Eintrittsdatum"
    )
    expect(problems.get_by_role("row").filter(has_text="WB-001")).not_to_have_count(0)
    assert fib_count() == FIB_COUNT + 1
    assert_accessible(page)
    screenshot(page, "import-probleme")

    # then the valid file: preview, confirm, status until done, counts
    upload(page, "teilnehmende-gueltig.csv")
    expect(page.get_by_role("status")).to_contain_text("Die Datei ist fehlerfrei.")
    counts = page.get_by_role("table", name="Was der Import ändern würde")
    expect(counts.get_by_role("row", name="neu angelegt")).to_contain_text("3")
    expect(page.get_by_role("table", name=re.compile("^Vorschau"))).to_contain_text("divers")
    assert fib_count() == FIB_COUNT + 1
    assert_accessible(page)
    screenshot(page, "import-vorschau")
    page.get_by_role("button", name="Import bestätigen und speichern").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Der Import ist abgeschlossen.", timeout=20_000
    )
    result = page.get_by_role("table", name="Ergebnis")
    expect(result.get_by_role("row", name="neu angelegt")).to_contain_text("3")
    expect(result.get_by_role("row", name="geändert")).to_contain_text("0")
    assert fib_count() == FIB_COUNT + 4
    assert_accessible(page)

    # the provider's own indicators: unsuppressed
    page.goto(INDICATORS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen Teilnehmende 2024")
    expect(page.get_by_role("main")).not_to_contain_text("< 3")
    assert_accessible(page)


def test_region_ministry_and_others(page, login, assert_accessible):
    from zielwerk.participants.models import Participant

    one = Participant.objects.filter(project__code=FIB).order_by("pk").first()
    assert one is not None

    # the region reads the pseudonymous list and a record, writes nothing
    sign_in(page, login, "wiesbaden")
    page.goto(RECORDS)
    expect(page.locator("caption")).to_contain_text(f"({FIB_COUNT})")
    expect(page.get_by_role("link", name="Teilnehmende*n erfassen")).to_have_count(0)
    expect(page.get_by_role("link", name="Datei importieren")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"/teilnehmende/{one.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(one.pseudonym)
    expect(page.get_by_role("link", name="Angaben ändern")).to_have_count(0)
    assert_accessible(page)

    # the ministry: aggregates with small counts suppressed, no records
    sign_in(page, login, "ministerium")
    page.goto(INDICATORS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennzahlen Teilnehmende 2024")
    eeco01 = (
        page.get_by_role("table", name=re.compile("nach Geschlecht$"))
        .first.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="EECO01"))
    )
    expect(eeco01.get_by_role("cell").last).to_have_text(EECO01_TOTAL)
    expect(page.get_by_role("main")).to_contain_text("< 3")
    assert_accessible(page)
    screenshot(page, "kennzahlen-ministerium")
    response = page.goto(RECORDS)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)
    assert_accessible(page)

    # another region: nothing of Wiesbaden
    sign_in(page, login, "frankfurt")
    page.goto(INDICATORS)
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Wiesbaden")
    expect(main).not_to_contain_text("WI-2024")
    response = page.goto(RECORDS)
    assert response is not None and response.status == 404

    # the access log (administration): the views above are in it
    sign_in(page, login, "admin")
    page.goto("/teilnehmende/zugriffe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zugriffe auf Teilnehmendendaten")
    expect(page.get_by_role("main")).to_contain_text(one.pseudonym)
    assert_accessible(page)


@pytest.mark.parametrize(
    ("username", "path"),
    [("ministerium", INDICATORS), ("traeger-wiesbaden", RECORDS)],
    ids=["kennzahlen", "liste"],
)
def test_narrow_screen(page, login, assert_accessible, username, path):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, login, username)
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "Seite scrollt seitlich"
    assert_accessible(page)
