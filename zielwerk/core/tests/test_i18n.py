"""German first, English on request (docs/decisions/0003-german-source-strings.md).

The UI language comes from the language cookie only; the English catalogue must be complete,
and the compiled .mo in the tree must match the .po (machines without gettext use the .mo).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(autouse=True)
def _reset_language():
    """The middleware activates the request's language for the thread; later tests that call
    services directly must see the default (German) again."""
    yield
    translation.deactivate()


def choose_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


# --- German is the default --------------------------------------------------------------------


@pytest.mark.django_db
def test_german_is_the_default_even_if_the_browser_asks_for_english():
    response = Client().get("/anmelden/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in page
    assert '<h1 class="kern-heading-large">Anmelden</h1>' in page
    assert "Sign in" not in page


# --- English after choosing it in the footer --------------------------------------------------


@pytest.mark.django_db
def test_login_page_in_english_after_choosing_it():
    client = Client()
    choose_english(client)
    response = client.get("/anmelden/")
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page
    assert '<h1 class="kern-heading-large">Sign in</h1>' in page
    assert "<title>Sign in – Zielwerk AQB</title>" in page
    assert "Skip to main content" in page
    assert '<label class="kern-label" for="id_username">Username</label>' in page
    assert "After five failed attempts, sign-in is blocked for 15 minutes." in page
    assert "Anmelden" not in page


@pytest.mark.django_db
def test_start_page_in_english_for_a_signed_in_user(client_for):
    client = client_for("wiesbaden")
    choose_english(client)
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert 'aria-label="Main navigation"' in page
    assert ">Programme years</a>" in page
    assert ">Regions</a>" in page
    assert "Signed in as" in page
    assert "Region coordination" in page  # role label (TextChoices, gettext_lazy)
    assert '<h1 class="kern-heading-large">Your region in the AQB</h1>' in page
    assert "What needs to be done now" in page
    assert "Programmjahre" not in page
    assert "Abmelden" not in page


@pytest.mark.django_db
def test_permission_reasons_and_messages_follow_the_language(client_for):
    client = client_for("wiesbaden")
    choose_english(client)
    refused = client.get("/protokoll/")
    assert refused.status_code == 403
    assert "The audit log is reserved for the administrators." in refused.content.decode()
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    refused = client.get("/protokoll/")
    assert "Das Protokoll ist der Fachadministration vorbehalten." in refused.content.decode()


# --- The catalogue is complete and compiled ---------------------------------------------------


def po_entries(text: str) -> list[dict]:
    """A small .po reader: one dict per entry with its flags, msgid and msgstr(s)."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry: dict = {"flags": set(), "msgid": "", "msgstr": {}}
        current: tuple[str, str] | None = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if keyword:
                name, value = keyword.groups()
                current = ("msgstr", name) if name.startswith("msgstr") else (name, "")
            elif line.startswith('"') and current:
                value = line[1:-1]
            else:
                continue
            if current[0] == "msgstr":
                entry["msgstr"][current[1]] = entry["msgstr"].get(current[1], "") + value
            else:
                entry[current[0]] = entry.get(current[0], "") + value
        entries.append(entry)
    return entries


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = po_entries(PO_PATH.read_text(encoding="utf-8"))
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 200
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] or "(header)" for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_english_translations_keep_the_placeholders():
    for entry in po_entries(PO_PATH.read_text(encoding="utf-8")):
        if not entry["msgid"]:
            continue
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for msgstr in entry["msgstr"].values():
            assert sorted(PLACEHOLDER.findall(msgstr)) == expected, entry["msgid"]


def test_compiled_catalogue_is_up_to_date(tmp_path):
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt (gettext) is required in CI to check the compiled catalogue")
        pytest.skip("msgfmt is not installed")
    fresh = tmp_path / "django.mo"
    # The same call as `manage.py compilemessages`.
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", str(fresh), str(PO_PATH)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    if fresh.read_bytes() == MO_PATH.read_bytes():
        return
    # Another gettext release may lay out the file differently; the messages must still agree.
    with fresh.open("rb") as new, MO_PATH.open("rb") as old:
        assert GNUTranslations(new)._catalog == GNUTranslations(old)._catalog, (
            "django.mo is stale: run `manage.py compilemessages --ignore '.venv/*'`"
        )
