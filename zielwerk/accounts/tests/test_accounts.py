import pytest
from django.core.exceptions import PermissionDenied

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import ApiToken
from zielwerk.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    membership_create,
)
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_roles_follow_memberships(users):
    assert users["wiesbaden"].roles == {Role.REGION_COORDINATOR}
    assert not users["wiesbaden"].is_programme_wide
    assert users["rp-kassel"].is_programme_wide
    assert users["ministerium"].is_programme_wide


def test_membership_by_admin_is_audited_and_notified(users):
    frankfurt = Organisation.objects.get(slug="verwaltung-frankfurt")
    membership = membership_create(
        actor=users["admin"],
        user=users["wiesbaden"],
        organisation=frankfurt,
        role=Role.REGION_COORDINATOR,
    )
    assert AuditEntry.objects.filter(
        action="membership.create", object_id=str(membership.pk)
    ).exists()
    note = users["wiesbaden"].notifications.latest("created_at")
    assert "Stadt Frankfurt am Main" in note.body


def test_only_admins_grant_roles(users):
    ministry = Organisation.objects.get(slug="hmaijs")
    with pytest.raises(PermissionDenied):
        membership_create(
            actor=users["wiesbaden"],
            user=users["wiesbaden"],
            organisation=ministry,
            role=Role.MINISTRY_STAFF,
        )
    assert not users["wiesbaden"].memberships.filter(organisation=ministry).exists()


def test_tokens_are_stored_as_hash_only(users):
    token, raw = api_token_create(actor=users["wiesbaden"], owner=users["wiesbaden"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.prefix)
    assert api_token_authenticate(raw) == users["wiesbaden"]
    assert api_token_authenticate(raw + "x") is None
    api_token_revoke(actor=users["wiesbaden"], token=stored)
    assert api_token_authenticate(raw) is None


def test_nobody_creates_tokens_for_someone_else(users):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=users["frankfurt"], owner=users["wiesbaden"])


def test_login_is_throttled_after_five_failures(demo, client):
    for _ in range(4):
        response = client.post("/anmelden/", {"username": "wiesbaden", "password": "falsch"})
        assert response.status_code == 200
        assert "Benutzername oder Passwort ist falsch" in response.content.decode()
    fifth = client.post("/anmelden/", {"username": "wiesbaden", "password": "falsch"})
    assert fifth.status_code == 429
    locked = client.post("/anmelden/", {"username": "wiesbaden", "password": "zielwerk-demo"})
    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()


def test_login_with_correct_password_lands_on_start_page(demo, client):
    response = client.post(
        "/anmelden/", {"username": "wiesbaden", "password": "zielwerk-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Ihre Gebietskörperschaft im AQB" in response.content.decode()


def test_logout_needs_post(demo, client_for):
    client = client_for("wiesbaden")
    assert client.get("/abmelden/").status_code == 405
    assert client.post("/abmelden/").status_code == 302
    assert client.get("/").status_code == 302
