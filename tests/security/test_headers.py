"""Security headers and cookies: the Content Security Policy on every kind of page, nothing inline
that the policy would block, frame and sniffing protection, and the production settings (HSTS,
secure cookies, two factors on) read from a fresh interpreter with DJANGO_DEBUG=0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(demo_module, db):
    """The demo data, seeded once for this module."""


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline <script> code, style
    attributes, <style> elements and on* event handler attributes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag == "script":
            kind = dict(attrs).get("type") or "text/javascript"
            self._in_script = "src" not in names and kind != "application/json"
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(f"{name} on <{tag}>" for name in names if name.startswith("on"))
        if any((value or "").strip().lower().startswith("javascript:") for _n, value in attrs):
            self.problems.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]}")


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


# ---- the policy -------------------------------------------------------------------------------


def test_policy_is_strict(client_for):
    directives = policy(client_for("ministerium").get("/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    joined = " ".join(value for values in directives.values() for value in values)
    assert "unsafe-inline" not in joined and "unsafe-eval" not in joined


# Pages of every kind: forms, charts (SVG), the bar list, the two-factor setup with its QR code,
# the public portal, the admin and an error page.
PAGES = [
    (None, "/anmelden/"),
    (None, "/portal/"),
    ("ministerium", "/"),
    ("ministerium", "/konto/"),
    ("ministerium", "/konto/zwei-faktor/einrichten/"),
    ("ministerium", "/steuerung/2024/"),
    ("wiesbaden", "/steuerung/2024/wiesbaden/"),
    ("ministerium", "/teilnehmende/kennzahlen/2024/"),
    ("ministerium", "/konferenzen/neu/"),
    ("ministerium", "/gute-praxis/neu/"),
    ("ministerium", "/organisationen/gibt-es-nicht/"),
]


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_pages_carry_the_policy_and_nothing_inline_it_would_block(client_for, username, path):
    response = client_for(username).get(path)
    assert response.status_code in {200, 404}, path
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert inline_problems(html) == [], path


def test_the_finder_finds_what_it_looks_for():
    """The scanner above must be able to fail."""
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script src="/s.js"></script><a href="javascript:x()">b</a><style>p{}</style>'
    )
    problems = inline_problems(html)
    assert len(problems) == 5, problems


def test_charts_are_svg_with_presentation_attributes(client_for):
    html = client_for("ministerium").get("/teilnehmende/kennzahlen/2024/").content.decode()
    assert 'class="zw-bars__bar"' in html and "<rect" in html


def test_no_template_contains_inline_code_or_styles():
    """Every template in the project, not only the pages requested above. The standalone
    agreement document keeps its <style> (it must stay readable when saved); its response allows
    exactly that stylesheet by hash (test below)."""
    allowed = {"agreements/documents/standalone.html"}
    found = []
    for template in sorted((REPO / "zielwerk").rglob("templates/**/*.html")):
        relative = template.as_posix().split("/templates/", 1)[1]
        if relative in allowed:
            continue
        problems = inline_problems(template.read_text(encoding="utf-8"))
        found.extend(f"{relative}: {problem}" for problem in problems)
    assert found == []


def test_standalone_agreement_html_allows_its_own_stylesheet_by_hash(client_for):
    import base64
    import hashlib
    import re

    from zielwerk.agreements.models import Agreement

    agreement = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    response = client_for("ministerium").get(
        f"/zielvereinbarungen/{agreement.pk}/fassung/1/dokument.html"
    )
    assert response.status_code == 200
    css = re.search(rb"<style>(.*?)</style>", response.content, flags=re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css).digest()).decode()
    styles = policy(response)["style-src"]
    assert styles == ["'self'", f"'sha256-{digest}'"]
    assert policy(response)["script-src"] == ["'self'"]


# ---- production settings ------------------------------------------------------------------------

SETTINGS_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "X_FRAME_OPTIONS",
    "ZIELWERK_TWO_FACTOR_REQUIRED", "OTP_ADMIN_HIDE_SENSITIVE_DATA",
]}))
"""


def run_settings_probe(**environ: str) -> subprocess.CompletedProcess:
    """Load config.settings in a fresh interpreter with only `environ` as our settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ZIELWERK_TWO_FACTOR"))
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(**environ: str) -> dict:
    done = run_settings_probe(**environ)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_are_hardened():
    prod = settings_with(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="probe-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="zielwerk.example",
    )
    assert prod["DEBUG"] is False
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["SESSION_COOKIE_SAMESITE"] == prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["ZIELWERK_TWO_FACTOR_REQUIRED"] is True
    assert prod["OTP_ADMIN_HIDE_SENSITIVE_DATA"] is True


def test_local_development_has_no_hsts_and_no_required_second_factor():
    dev = settings_with(DJANGO_DEBUG="1")
    assert dev["DEBUG"] is True
    assert not dev["SECURE_HSTS_SECONDS"]
    assert dev["SESSION_COOKIE_SECURE"] is False
    assert dev["ZIELWERK_TWO_FACTOR_REQUIRED"] is False
    # ... unless switched on explicitly.
    assert settings_with(DJANGO_DEBUG="1", ZIELWERK_TWO_FACTOR_REQUIRED="1")[
        "ZIELWERK_TWO_FACTOR_REQUIRED"
    ]


def test_production_refuses_to_start_without_a_secret_key():
    done = run_settings_probe(DJANGO_DEBUG="0")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


def test_production_values_reach_the_responses(client, settings, db):
    """With the production values (as read above) the responses carry HSTS and cookies marked
    Secure, HttpOnly and SameSite."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    from zielwerk.accounts.models import User

    User.objects.create_user("cookie-probe", password="Kranich-Lahnufer-1987!")
    page = client.get("/anmelden/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    signed_in = client.post(
        "/anmelden/",
        {"username": "cookie-probe", "password": "Kranich-Lahnufer-1987!"},
        secure=True,
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    # Plain HTTP gets no HSTS header (browsers ignore it there; Django sends it only on HTTPS).
    assert "Strict-Transport-Security" not in client.get("/anmelden/")
