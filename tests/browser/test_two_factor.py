"""Two-factor authentication in Chromium: the ministry enrols an authenticator app (the test
computes the codes the app would show), signs out and signs in again with a code; axe checks each
page and the browser reports no Content-Security-Policy violation."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp


def app_code(secret_groups: str, drift: int = 0) -> str:
    """What an authenticator app shows for the secret as the page prints it."""
    secret = secret_groups.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, drift=drift):06d}"


@pytest.fixture
def required(settings):
    settings.ZIELWERK_TWO_FACTOR_REQUIRED = True


def test_ministry_enrols_and_signs_in_with_a_code(page, login, assert_accessible, required):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login(page, "ministerium", check=True)
    # Without an app the ministry lands on the setup page, whatever it asked for.
    assert "/konto/zwei-faktor/einrichten/" in page.url
    assert page.locator("svg.zw-qr").is_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret), secret

    page.get_by_label("Code aus der App").fill(app_code(secret))
    page.get_by_role("button", name="Gerät bestätigen").click()
    page.wait_for_load_state("load")
    codes = page.locator(".zw-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).count() >= 1
    assert "/konto/zwei-faktor/" not in page.url

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state("load")
    login(page, "ministerium")
    assert "/anmelden/zweiter-faktor/" in page.url
    assert_accessible(page)
    # The code of the enrolment may not be replayed: the app's next code is used.
    page.get_by_label("Code").fill(app_code(secret, drift=1))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state("load")
    assert "/anmelden/" not in page.url
    page.goto("/konto/")
    assert "Aktiv: Authenticator-App eingerichtet" in page.content()
    assert_accessible(page)
    assert violations == []
