"""The organisation filter updates the list while typing (htmx) and keeps the URL shareable."""

import pytest

pytestmark = pytest.mark.browser


def test_typing_filters_the_list_without_a_page_load(page, site, login, assert_accessible):
    login(page, "ministerium")
    page.goto(f"{site}/organisationen/")
    page.evaluate("window.__sameDocument = true")
    page.fill("#id_q", "Wiesbaden")
    page.wait_for_url("**/organisationen/?q=Wiesbaden*")
    results = page.locator("#ergebnisse")
    results.get_by_role("link", name="Landeshauptstadt Wiesbaden").wait_for()
    assert results.get_by_role("link", name="Stadt Frankfurt am Main").count() == 0
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert "gefunden" in page.locator("#treffer").inner_text()
    assert_accessible(page)
