"""The browser import: upload → check → preview → confirm → stored; problems; permissions."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zielwerk.participants.importing import read_table
from zielwerk.participants.models import AccessLog, Participant

from .test_importing import BROKEN, EXITS, VALID, fib  # noqa: F401 (fixture)

UPLOAD = reverse("participants:import_upload", kwargs={"code": "WI-2024-FIB"})


def upload(client, data: bytes, name: str = "teilnehmende.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def stored_uploads() -> list[str]:
    folders, _files = default_storage.listdir("participant-imports")
    return [
        name
        for folder in folders
        for name in default_storage.listdir(f"participant-imports/{folder}")[1]
        if name.startswith("upload")
    ]


@pytest.fixture
def provider_client(fib, client_for):  # noqa: F811
    return client_for("traeger-wiesbaden")


def test_upload_preview_confirm(provider_client):
    page = provider_client.get(UPLOAD)
    assert page.status_code == 200
    assert reverse("participants:import_template", kwargs={"code": "WI-2024-FIB"}) in (
        page.content.decode()
    )
    response = upload(provider_client, VALID)
    assert response.status_code == 302
    status_url = response["Location"]
    preview = provider_client.get(status_url)
    text = preview.content.decode()
    assert "Die Datei ist fehlerfrei. Noch ist nichts gespeichert." in text
    assert "Mit der Bestätigung werden 3 Personen neu angelegt und 0 geändert." in text
    assert "TN-" in text and "WB-001" not in text  # pseudonyms, never the references
    assert Participant.objects.count() == 0
    assert stored_uploads() != []  # kept until the import is done
    confirmed = provider_client.post(status_url)
    assert confirmed.status_code == 302
    done = provider_client.get(status_url).content.decode()
    assert "Der Import ist abgeschlossen." in done
    assert Participant.objects.count() == 3
    assert stored_uploads() == []
    assert AccessLog.objects.filter(kind="import").count() == 1
    # confirming again does not import twice
    provider_client.post(status_url)
    assert AccessLog.objects.filter(kind="import").count() == 1


def test_later_file_with_exits_previews_updates(provider_client):
    provider_client.post(upload(provider_client, VALID)["Location"])
    status_url = upload(provider_client, EXITS, "austritte.csv")["Location"]
    text = provider_client.get(status_url).content.decode()
    assert "Mit der Bestätigung werden 0 Personen neu angelegt und 2 geändert." in text


def test_broken_file_shows_every_problem_and_offers_the_xlsx(provider_client):
    status_url = upload(provider_client, BROKEN)["Location"]
    page = provider_client.get(status_url)
    text = page.content.decode()
    assert "Die Datei enthält 6 Probleme. Es wurde nichts gespeichert." in text
    assert "SGB 9" in text and "31.02.2024" in text
    assert "Import bestätigen" not in text
    assert stored_uploads() == []  # the file is gone, the problem list stays for the download
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    errors = provider_client.get(
        reverse("participants:import_errors", kwargs={"code": "WI-2024-FIB", "token": token})
    )
    assert errors.status_code == 200
    rows = read_table(errors.content, "probleme.xlsx")
    assert len(rows) == 7
    assert rows[4][:3] == [4.0, "Geschlecht", "w"]
    assert Participant.objects.count() == 0
    assert provider_client.post(status_url).status_code == 302
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.txt", VALID, "Bitte eine CSV- oder XLSX-Datei hochladen („liste.txt“ ist keine)."),
        (None, b"", "Bitte wählen Sie eine Datei aus."),
    ],
)
def test_upload_refuses_other_files(provider_client, name, data, message):
    if name is None:
        response = provider_client.post(UPLOAD, {})
    else:
        response = upload(provider_client, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_upload_refuses_large_files(provider_client, settings, monkeypatch):
    from zielwerk.participants import forms_import

    monkeypatch.setattr(forms_import, "MAX_UPLOAD_BYTES", 100)
    response = upload(provider_client, VALID)
    assert response.status_code == 400
    assert "Die Datei ist größer als 20 MB" in response.content.decode()


def test_template_download(provider_client):
    response = provider_client.get(
        reverse("participants:import_template", kwargs={"code": "WI-2024-FIB"})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_table(response.content, "vorlage.xlsx")[0][0] == "Teilnehmenden-Kennung"


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("traeger-wiesbaden", 200),
        ("wiesbaden", 403),  # the region sees the project, but the provider records
        ("ministerium", 404),  # aggregates only: record-level pages do not exist for them
        ("admin", 404),
        ("rp-kassel", 404),
        ("frankfurt", 404),
        (None, 302),
    ],
)
def test_only_the_provider_of_the_project_imports(fib, client_for, username, expected):  # noqa: F811
    client = client_for(username)
    names = ["import_upload", "import_template"]
    for name in names:
        url = reverse(f"participants:{name}", kwargs={"code": "WI-2024-FIB"})
        assert client.get(url).status_code == expected, name
    assert upload(client, VALID).status_code in {expected, 302}
    if expected != 200:
        assert Participant.objects.count() == 0


def test_another_providers_project_and_foreign_tokens_are_404(fib, client_for):  # noqa: F811
    provider = client_for("traeger-wiesbaden")
    other = reverse("participants:import_upload", kwargs={"code": "WI-2024-DIK"})
    assert provider.get(other).status_code == 404
    status_url = upload(provider, VALID)["Location"]
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    hib = reverse("participants:import_status", kwargs={"code": "WI-2024-HIB", "token": token})
    assert provider.get(hib).status_code == 404  # the token belongs to FIB
    unknown = reverse("participants:import_status", kwargs={"code": "WI-2024-FIB", "token": "ab12"})
    assert provider.get(unknown).status_code == 404
    assert client_for("wiesbaden").get(status_url).status_code == 403
    assert client_for("frankfurt").get(status_url).status_code == 404


def test_waiting_page_refreshes_itself(provider_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    status_url = upload(provider_client, VALID)["Location"]
    text = provider_client.get(status_url).content.decode()
    assert "Die Datei wartet auf die Prüfung." in text
    assert 'hx-trigger="every 2s"' in text
    assert Participant.objects.count() == 0


def test_a_file_that_is_no_spreadsheet_is_refused_with_the_reason(provider_client):
    # Refused on the upload page (core.uploads: the content is checked before it is kept).
    response = upload(provider_client, b"kein Zip-Archiv", "teilnehmende.xlsx")
    assert response.status_code == 400
    assert "teilnehmende.xlsx: Der Inhalt ist keine XLSX-Datei." in response.content.decode()
    assert not default_storage.exists("participant-imports") or stored_uploads() == []


def test_old_imports_are_deleted_when_the_next_one_starts(provider_client):
    import datetime as dt

    from zielwerk.participants.tasks import job_read, jobs_clean

    old_url = upload(provider_client, BROKEN)["Location"]
    old_token = old_url.rstrip("/").rsplit("/", 1)[1]
    assert jobs_clean() == 0  # younger than a day
    assert jobs_clean(older_than=dt.timedelta(seconds=-1)) == 1
    assert job_read(old_token) is None
    assert provider_client.get(old_url).status_code == 404
