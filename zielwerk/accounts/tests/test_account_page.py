import pytest

from zielwerk.accounts.models import ApiToken
from zielwerk.accounts.services import api_token_authenticate

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_and_works(client_for, users):
    client = client_for("wiesbaden")
    response = client.post("/konto/api-tokens/", {"name": "Statistik", "valid_days": "30"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw in response.content.decode()
    assert api_token_authenticate(raw) == users["wiesbaden"]
    page = client.get("/konto/").content.decode()
    assert "Statistik" in page
    assert raw not in page


def test_invalid_validity_is_refused_in_german(client_for):
    response = client_for("wiesbaden").post(
        "/konto/api-tokens/", {"name": "X", "valid_days": "9999"}
    )
    assert response.status_code == 400
    assert "Höchstens 730 Tage." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_and_only_own_tokens(client_for, users):
    client_for("wiesbaden").post("/konto/api-tokens/", {"name": "Alt", "valid_days": "30"})
    token = ApiToken.objects.get(name="Alt")
    confirm = client_for("wiesbaden").get(f"/konto/api-tokens/{token.pk}/widerrufen/")
    assert "widerrufen?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert (
        client_for("frankfurt").post(f"/konto/api-tokens/{token.pk}/widerrufen/").status_code == 404
    )
    assert (
        client_for("wiesbaden").post(f"/konto/api-tokens/{token.pk}/widerrufen/").status_code == 302
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
