"""The agreement workflow in a real browser: the ministry takes the Frankfurt 2024 draft to
published, Frankfurt comments and compares versions, the public reads it; axe-core on every page."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

pytestmark = pytest.mark.browser


def signed_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Zielvereinbarung 2024 Frankfurt am Main (Browsertest)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@contextmanager
def another_person(browser, site) -> Iterator:
    """A second browser (own cookies) next to the `page` fixture's."""
    context = browser.new_context(
        base_url=site, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def expect_status_message(page, text: str) -> None:
    expect(page.locator(".zw-messages").get_by_role("status")).to_contain_text(text)


def test_ministry_takes_frankfurt_from_draft_to_published(
    page, browser, site, login, assert_accessible
):
    pdf = signed_pdf()

    # The ministry finds the draft and starts the negotiation.
    login(page, "ministerium")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Zielvereinbarungen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zielvereinbarungen")
    assert_accessible(page)
    page.get_by_role("link", name="Frankfurt am Main 2024").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zielvereinbarung 2024 – Frankfurt am Main"
    )
    detail_url = page.url
    assert_accessible(page)
    page.get_by_role("button", name="Verhandlung beginnen").click()
    expect_status_message(page, "„Verhandlung beginnen“ ist erledigt.")
    expect(page.get_by_role("definition").filter(has_text="in Verhandlung")).to_be_visible()
    assert_accessible(page)

    # A change of the amount, typed the German way, becomes version 2.
    page.get_by_role("link", name="Bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zielvereinbarung bearbeiten")
    assert_accessible(page)
    page.get_by_label("Haushaltsmittel (§ 4) in Euro").fill("3.200.000,00")
    page.get_by_label("Was wurde geändert?").fill("Betrag nach dem Gespräch erhöht")
    page.get_by_role("button", name="Als neue Fassung speichern").click()
    expect_status_message(page, "Gespeichert als Fassung 2.")
    expect(page.get_by_role("article")).to_contain_text("3.200.000 Euro")
    assert_accessible(page)

    # Frankfurt comments and compares the two versions.
    with another_person(browser, site) as region:
        login(region, "frankfurt")
        region.goto(detail_url)
        expect(region.get_by_role("button", name="Als abgestimmt festhalten")).to_have_count(0)
        region.get_by_label("Ihr Kommentar").fill("Einverstanden, bitte Projekt 2 zuerst nennen.")
        region.get_by_role("button", name="Kommentar speichern").click()
        expect_status_message(region, "Ihr Kommentar wurde gespeichert.")
        expect(region.locator("#kommentare")).to_contain_text("bitte Projekt 2 zuerst nennen")
        assert_accessible(region)
        region.get_by_role("link", name="Fassung 1 mit Fassung 2 vergleichen").click()
        expect(region.get_by_role("heading", level=1)).to_have_text("Fassung 1 und 2 vergleichen")
        changes = region.get_by_role("table")
        expect(changes.locator("del")).to_contain_text("3.150.000")
        expect(changes.locator("ins")).to_contain_text("3.200.000")
        expect(changes).to_contain_text("gestrichen:")
        expect(changes).to_contain_text("neu:")
        assert_accessible(region)

    # The ministry agrees, records the signing with the scan, and publishes.
    page.goto(detail_url)
    expect(page.locator("#kommentare")).to_contain_text("bitte Projekt 2 zuerst nennen")
    page.get_by_role("button", name="Als abgestimmt festhalten").click()
    expect_status_message(page, "„Als abgestimmt festhalten“ ist erledigt.")
    assert_accessible(page)
    page.get_by_role("link", name="Unterzeichnung erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unterzeichnung erfassen")
    assert_accessible(page)
    page.get_by_label("Name (Ministerium)").fill("Heike Hofmann")
    page.get_by_label("Funktion (Ministerium)").fill("Staatsministerin")
    page.get_by_label("unterschrieben am (Ministerium)").fill("2024-07-01")
    page.get_by_label("Name (Gebietskörperschaft)").fill("Erika Beispiel (erfunden)")
    page.get_by_label("Funktion (Gebietskörperschaft)").fill("Stadträtin")
    page.get_by_label("unterschrieben am (Gebietskörperschaft)").fill("2024-06-20")
    page.get_by_label("Unterzeichnetes PDF").set_input_files(
        files=[{"name": "unterschrieben.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Ja, Unterzeichnung erfassen").click()
    expect_status_message(page, "„Unterzeichnung erfassen“ ist erledigt.")
    expect(page.locator(".zw-hash")).to_have_text(hashlib.sha256(pdf).hexdigest())
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Herunterladen")).click()
    assert Path(download_info.value.path()).read_bytes() == pdf

    page.get_by_role("link", name="Veröffentlichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veröffentlichen")
    expect(page.get_by_role("main")).to_contain_text("nicht zurücknehmen")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Veröffentlichen").click()
    expect_status_message(page, "„Veröffentlichen“ ist erledigt.")
    expect(page.get_by_role("definition").filter(has_text="veröffentlicht")).to_be_visible()
    assert_accessible(page)

    # The public reads it without signing in.
    with another_person(browser, site) as public:
        public.goto("/oeffentlich/zielvereinbarungen/")
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Veröffentlichte Zielvereinbarungen"
        )
        assert_accessible(public)
        public.get_by_role("link", name="Frankfurt am Main 2024").click()
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Zielvereinbarung 2024 – Stadt Frankfurt am Main"
        )
        expect(public.get_by_role("article")).to_contain_text("3.200.000 Euro")
        expect(public.get_by_role("banner")).not_to_contain_text("Angemeldet als")
        assert_accessible(public)


def test_public_page_of_a_draft_is_not_found(page, assert_accessible):
    response = page.goto("/oeffentlich/zielvereinbarungen/2024/frankfurt/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    assert_accessible(page)


def test_amendment_keeps_the_signed_version_readable(page, login, assert_accessible):
    login(page, "ministerium")
    page.goto("/zielvereinbarungen/")
    page.get_by_role("link", name="Wiesbaden 2024").click()
    page.get_by_role("link", name="Änderungsvereinbarung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungsvereinbarung anlegen")
    assert_accessible(page)
    page.get_by_label("Was wird geändert?").fill("Erhöhung der Haushaltsmittel")
    page.get_by_role("button", name="Änderungsvereinbarung anlegen").click()
    expect_status_message(page, "als Fassung 2 angelegt")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Änderungsvereinbarung 2024 – Wiesbaden"
    )
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Fassung 1", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Sie sehen die frühere Fassung 1")
    expect(page.get_by_role("article")).to_contain_text("2.508.300 Euro")
    assert_accessible(page)


def test_ministry_attaches_a_file_to_the_frankfurt_draft(page, login, assert_accessible):
    attachment = signed_pdf()
    login(page, "ministerium")
    page.goto("/zielvereinbarungen/")
    page.get_by_role("link", name="Frankfurt am Main 2024").click()
    anlagen = page.get_by_role("region", name="Anlagen")
    expect(anlagen).to_contain_text("Noch keine Anlagen.")
    page.get_by_label("Bezeichnung der Anlage").fill("Projektübersicht 2024")
    page.get_by_label("Datei", exact=True).set_input_files(
        files=[{"name": "projekte.pdf", "mimeType": "application/pdf", "buffer": attachment}]
    )
    page.get_by_role("button", name="Anlage hochladen").click()
    expect_status_message(page, "Die Anlage „Projektübersicht 2024“ wurde gespeichert.")
    expect(anlagen.locator(".zw-hash")).to_have_text(hashlib.sha256(attachment).hexdigest())
    assert_accessible(page)
    with page.expect_download() as download_info:
        anlagen.get_by_role("link", name=re.compile("Projektübersicht 2024")).click()
    assert download_info.value.suggested_filename == "projekte.pdf"
    assert Path(download_info.value.path()).read_bytes() == attachment
