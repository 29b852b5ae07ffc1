"""Browser tests: Debian's Chromium driven through Playwright's sync API against `live_server`.

No browser is ever downloaded: the tests use /usr/bin/chromium. Without it they are skipped,
except in CI (CI=true), where a missing Chromium fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the main thread; Django would otherwise
# refuse database access from the test code (seeding, fixtures) while that loop exists.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "test-output" / "screenshots"
DEMO_PASSWORD = "zielwerk-demo"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
  }));
}
"""


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = f"Chromium fehlt ({CHROMIUM}): die Browser-Tests brauchen Debians Paket 'chromium'."
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server) -> str:
    """The live server's address, with the demo data seeded into its (transactional) database.

    The flush after every transactional test also removes what data migrations created (the
    reference decision templates), so they are loaded again first."""
    from zielwerk.demo.data import seed
    from zielwerk.grants import reference

    reference.load()
    seed()
    return live_server.url


@pytest.fixture
def page(browser, site):
    """A fresh browser context (no cookies) per test, pointed at the live server."""
    context = browser.new_context(
        base_url=site, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript-Fehler im Browser: {errors}"


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} Verstöße auf {url}"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append("    " + " >>> ".join(str(part) for part in node["target"]))
            summary = (node.get("summary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable:
    """assert_accessible(page): axe-core finds no WCAG 2.1 A/AA violation on the current page."""

    def check(page) -> None:
        page.wait_for_load_state("load")
        page.evaluate("async () => { await document.fonts.ready; }")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, not as an inline <script>: the pages'
            # Content Security Policy (script-src 'self') stays in force during the check.
            page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        violations = page.evaluate(AXE_RUN, WCAG_TAGS)
        assert not violations, format_violations(page.url, violations)

    return check


@pytest.fixture
def login(assert_accessible) -> Callable:
    """login(page, username): signs in through the real form at /anmelden/."""

    def sign_in(page, username: str, password: str = DEMO_PASSWORD, *, check: bool = False):
        page.goto("/anmelden/")
        if check:
            assert_accessible(page)
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state("load")
        return page

    return sign_in
