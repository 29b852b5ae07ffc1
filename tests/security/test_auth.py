"""Login, throttling, password policy and the second factor, through the real login form.

Every flow signs in with the demo password through /anmelden/ (not force_login), so the session
starts unverified exactly as in production; ZIELWERK_TWO_FACTOR_REQUIRED is switched on here.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zielwerk.core.models import AuditEntry

PASSWORD = "zielwerk-demo"
SETUP = "/konto/zwei-faktor/einrichten/"
VERIFY = "/anmelden/zweiter-faktor/"
REMOVE = "/konto/zwei-faktor/entfernen/"


@pytest.fixture
def demo(demo_module, db):
    """The demo data, seeded once for this module."""


@pytest.fixture(autouse=True)
def _required(settings):
    settings.ZIELWERK_TWO_FACTOR_REQUIRED = True


def sign_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post("/anmelden/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    """The code an authenticator app shows now (drift=1: the next 30-second step)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def enrolled(user) -> TOTPDevice:
    """A confirmed app for `user`, as the setup page leaves it (created directly)."""
    return TOTPDevice.objects.create(user=user, name="Test-App", confirmed=True)


def audit_actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(user.pk), action__startswith="two_factor.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# ---- enforcement ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel", "admin"])
def test_required_roles_without_app_reach_only_the_setup_page(users, username):
    client = sign_in(username)
    for path in ["/", "/konto/", "/organisationen/", "/admin/", VERIFY]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), (path, response["Location"])
    api = client.get("/api/v1/regions")
    assert api.status_code == 403
    assert "Zwei-Faktor" in api.json()["detail"]
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "vorgeschrieben" in page.content.decode()
    # Logging out stays possible.
    assert client.post("/abmelden/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username", ["wiesbaden", "frankfurt", "traeger-wiesbaden"])
def test_other_roles_may_work_without_a_second_factor(users, username):
    client = sign_in(username)
    assert client.get("/").status_code == 200
    assert client.get("/konto/").status_code == 200


def test_when_switched_off_the_ministry_signs_in_with_the_password_alone(users, settings):
    settings.ZIELWERK_TWO_FACTOR_REQUIRED = False
    assert sign_in("ministerium").get("/").status_code == 200


def test_an_enrolled_person_must_pass_the_code_step_even_when_not_required(users):
    device = enrolled(users["wiesbaden"])
    client = sign_in("wiesbaden")
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fkonto%2F"
    # Someone who knows only the password cannot enrol an app of their own instead.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    assert client.get("/api/v1/regions").status_code == 403
    assert list(TOTPDevice.objects.filter(user=users["wiesbaden"])) == [device]


# ---- enrolment --------------------------------------------------------------------------------


def test_enrolment_shows_qr_and_secret_confirms_with_a_code_and_shows_ten_recovery_codes(
    users, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wait after a wrong code: see the throttling test
    ministry = users["ministerium"]
    client = sign_in("ministerium")
    page = client.get(SETUP)
    html = page.content.decode()
    pending = TOTPDevice.objects.get(user=ministry, confirmed=False)
    assert "<svg" in html and 'class="zw-qr"' in html
    # The secret is the device key in base32, shown in groups of four.
    import base64

    secret = base64.b32encode(pending.bin_key).decode().rstrip("=")
    grouped = page.context["secret"]
    assert grouped.replace(" ", "") == secret
    assert all(len(group) == 4 for group in grouped.split(" ")[:-1])
    assert grouped in html
    # Reloading keeps the same secret (the person may be halfway through scanning it).
    assert client.get(SETUP).context["secret"] == grouped

    wrong = client.post(SETUP, {"code": "000000" if code_for(pending) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "passt nicht zum angezeigten Schlüssel" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=ministry, confirmed=True).exists()
    assert client.get("/").status_code == 302

    pending.refresh_from_db()
    done = client.post(SETUP, {"code": code_for(pending)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=ministry).values_list("token", flat=True))
    assert stored == set(codes)
    for code in codes:
        assert code in done.content.decode()
    assert TOTPDevice.objects.get(user=ministry).confirmed
    assert audit_actions(ministry) == ["two_factor.enrol"]
    # The session is verified now; the codes are not shown again.
    assert client.get("/").status_code == 200
    account = client.get("/konto/").content.decode()
    assert "10 Wiederherstellungscodes übrig" in account
    assert codes[0] not in account


def test_replacing_the_app_invalidates_the_old_app_and_recovery_codes(users):
    ministry = users["ministerium"]
    old = enrolled(ministry)
    old_static = StaticDevice.objects.create(user=ministry, name="alt", confirmed=True)
    old_static.token_set.create(token="altcode1")
    client = sign_in("ministerium")
    assert client.post(VERIFY, {"code": code_for(old)}).status_code == 302
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=ministry, confirmed=False)
    assert client.post(SETUP, {"code": code_for(new)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=ministry)) == [new]
    assert not StaticToken.objects.filter(token="altcode1").exists()
    assert audit_actions(ministry) == ["two_factor.replace"]


# ---- the code step ----------------------------------------------------------------------------


def test_code_step_accepts_the_app_code_once_and_keeps_next(users):
    device = enrolled(users["rp-kassel"])
    client = Client()
    response = client.post(
        "/anmelden/?next=/organisationen/",
        {"username": "rp-kassel", "password": PASSWORD, "next": "/organisationen/"},
    )
    assert response.status_code == 302
    step = client.get(response["Location"])
    assert step.status_code == 302 and step["Location"].startswith(VERIFY)
    assert client.get(step["Location"]).status_code == 200
    code = code_for(device)
    verified = client.post(VERIFY, {"code": code, "next": "/organisationen/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/organisationen/"
    assert client.get("/organisationen/").status_code == 200
    # The same code cannot be replayed in another session.
    other = sign_in("rp-kassel")
    replay = other.post(VERIFY, {"code": code})
    assert replay.status_code == 400
    assert "stimmt nicht oder wurde schon benutzt" in replay.content.decode()
    assert other.get("/").status_code == 302


def test_code_step_refuses_an_offsite_next(users):
    device = enrolled(users["rp-kassel"])
    client = sign_in("rp-kassel")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_recovery_code_works_exactly_once_and_is_audited(users):
    ministry = users["ministerium"]
    enrolled(ministry)
    static = StaticDevice.objects.create(user=ministry, name="codes", confirmed=True)
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="efgh6789")
    client = sign_in("ministerium")
    assert client.post(VERIFY, {"code": "ABCD 2345"}).status_code == 302
    assert client.get("/").status_code == 200
    assert audit_actions(ministry) == ["two_factor.recovery_code_used"]
    again = sign_in("ministerium")
    assert again.post(VERIFY, {"code": "abcd2345"}).status_code == 400
    assert again.get("/").status_code == 302
    assert list(static.token_set.values_list("token", flat=True)) == ["efgh6789"]


def test_wrong_codes_are_throttled(users, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # the wait after one failure: far longer than the test
    device = enrolled(users["ministerium"])
    client = sign_in("ministerium")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert client.post(VERIFY, {"code": wrong}).status_code == 400
    refused = client.post(VERIFY, {"code": code_for(device)})
    assert refused.status_code == 400
    assert "Zu viele falsche Codes" in refused.content.decode()
    assert client.get("/").status_code == 302


# ---- removal ----------------------------------------------------------------------------------


def test_optional_users_may_remove_after_confirming(users):
    wiesbaden = users["wiesbaden"]
    device = enrolled(wiesbaden)
    StaticDevice.objects.create(user=wiesbaden, name="codes", confirmed=True)
    client = sign_in("wiesbaden")
    client.post(VERIFY, {"code": code_for(device)})
    confirm = client.get(REMOVE)
    assert confirm.status_code == 200
    assert "entfernen?" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=wiesbaden).exists()
    assert client.post(REMOVE).status_code == 302
    assert not TOTPDevice.objects.filter(user=wiesbaden).exists()
    assert not StaticDevice.objects.filter(user=wiesbaden).exists()
    assert audit_actions(wiesbaden) == ["two_factor.remove"]
    # Next login needs the password only.
    assert sign_in("wiesbaden").get("/").status_code == 200


def test_required_roles_cannot_remove_only_replace(users):
    ministry = users["ministerium"]
    device = enrolled(ministry)
    client = sign_in("ministerium")
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(REMOVE).status_code == 403
    response = client.post(REMOVE)
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=ministry).exists()
    account = client.get("/konto/").content.decode()
    assert "Gerät ersetzen" in account
    assert REMOVE not in account


# ---- login throttling and password policy -----------------------------------------------------


def test_five_failed_logins_lock_the_account_with_a_german_message(users, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        failed = client.post("/anmelden/", {"username": "wiesbaden", "password": "falsch-falsch"})
        assert failed.status_code == 200
        assert "Benutzername oder Passwort ist falsch" in failed.content.decode()
    locked = client.post("/anmelden/", {"username": "wiesbaden", "password": "falsch-falsch"})
    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.content.decode()
    # Even the right password is refused while the lock lasts ...
    right = client.post("/anmelden/", {"username": "wiesbaden", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... for that user name only.
    assert sign_in("frankfurt").get("/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kurz-123", "mindestens 12 Zeichen"),
        ("12345678901234", "numerisch"),
        ("qwertyqwerty", "zu üblich"),
    ],
)
def test_password_policy_refuses_weak_passwords_in_german(users, password, message):
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        validate_password(password, users["wiesbaden"])
    assert any(message in text for text in refused.value.messages), refused.value.messages


def test_password_policy_refuses_a_password_like_the_user_name(users):
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        validate_password("wiesbaden123", users["wiesbaden"])
    assert any("Benutzername" in text for text in refused.value.messages)


def test_a_long_unusual_password_passes(users):
    validate_password("Kranich-Lahnufer-1987!", users["wiesbaden"])
