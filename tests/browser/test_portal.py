"""The public portal "Arbeitswelt Hessen" in a real browser: axe-core (WCAG 2.1 AA) on every
portal page, at 1280 px and at 320 px (reflow, WCAG 1.4.10: no sideways scrolling of the page;
wide tables scroll inside their own containers), and the feedback form sent through the page.

The full demo (`site`) plus zielwerk/demo/portal.py (signed PDF of Wiesbaden 2024, one invented
feedback entry). The 2024 allocation is final in one test and not yet final in the others."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# (path, expected h1)
PUBLIC_PAGES = [
    ("/portal/", "Arbeitswelt Hessen"),
    ("/portal/zielvereinbarungen/", "Veröffentlichte Zielvereinbarungen"),
    ("/portal/zielvereinbarungen/?q=Wiesbaden&jahr=2024", "Veröffentlichte Zielvereinbarungen"),
    ("/portal/zielvereinbarungen/?q=nichts-zu-finden", "Veröffentlichte Zielvereinbarungen"),
    ("/portal/zielvereinbarungen/2024/wiesbaden/", None),
    ("/portal/kennzahlen/2024/", "Landesweite Kennzahlen 2024"),
    ("/portal/kennzahlen/2026/", "Landesweite Kennzahlen 2026"),
    ("/portal/mittelverteilung/2024/", "Mittelverteilung 2024"),
    ("/portal/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ("/portal/rueckmeldung/", "Rückmeldung und Barrieren melden"),
    ("/portal/rueckmeldung/?gesendet=1", "Rückmeldung und Barrieren melden"),
]


@pytest.fixture
def portal_site(site):
    from zielwerk.demo.portal import seed_portal

    seed_portal([])
    return site


def _visit(page, assert_accessible, pages, *, narrow: bool) -> None:
    failures: list[str] = []
    for path, heading in pages:
        try:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            if heading:
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            if narrow:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 320, f"Seite scrollt seitlich ({width} px breit)"
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
    assert not failures, "\n\n".join(failures)


def test_portal_pages_have_no_axe_violations(page, assert_accessible, portal_site):
    _visit(page, assert_accessible, PUBLIC_PAGES, narrow=False)


def test_portal_pages_reflow_at_320_px(page, assert_accessible, portal_site):
    page.set_viewport_size({"width": 320, "height": 640})
    _visit(page, assert_accessible, PUBLIC_PAGES, narrow=True)


def test_final_allocation_page(page, assert_accessible, portal_site):
    from zielwerk.accounts.models import User
    from zielwerk.budgets.services import allocation_finalize
    from zielwerk.programmes.models import ProgrammeYear

    allocation_finalize(
        actor=User.objects.get(username="ministerium"),
        programme_year=ProgrammeYear.objects.get(year=2024),
    )
    _visit(page, assert_accessible, [("/portal/mittelverteilung/2024/", None)], narrow=False)
    expect(page.get_by_role("table", name="Mittelverteilung 2024")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    _visit(page, assert_accessible, [("/portal/mittelverteilung/2024/", None)], narrow=True)


def test_agreement_page_offers_pdf_json_and_csv(page, portal_site):
    page.goto("/portal/zielvereinbarungen/2024/wiesbaden/")
    for name in ("PDF herunterladen", "JSON", "CSV"):
        expect(page.get_by_role("link", name=name, exact=False).first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF herunterladen").click()
    from zielwerk.agreements.models import AgreementVersion

    stored = (
        AgreementVersion.objects.get(agreement__region__slug="wiesbaden", number=1)
        .signed_pdf.open("rb")
        .read()
    )
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read() == stored


def test_feedback_sent_and_answered(page, login, assert_accessible, portal_site):
    from zielwerk.portal.models import Feedback

    page.goto("/portal/rueckmeldung/")
    page.get_by_role("button", name="Nachricht senden").click()  # empty: refused
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ihre Nachricht").fill("Der Kontrast der Links ist zu schwach.")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_text("Vielen Dank, Ihre Nachricht ist angekommen.")).to_be_visible()
    feedback = Feedback.objects.get(message="Der Kontrast der Links ist zu schwach.")

    login(page, "ministerium")
    page.goto("/rueckmeldungen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rückmeldungen zum Portal")
    assert_accessible(page)
    page.goto(f"/rueckmeldungen/{feedback.pk}/")
    assert_accessible(page)
    page.get_by_label("Antwort").fill("Danke, wir passen die Farben an.")
    page.get_by_role("button", name="Antwort speichern").click()
    expect(page.get_by_text("Die Antwort ist gespeichert.")).to_be_visible()
    assert_accessible(page)
    feedback.refresh_from_db()
    assert feedback.status == "answered"
