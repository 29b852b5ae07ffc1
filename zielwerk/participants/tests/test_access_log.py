"""The access log page: admin only, filters, a CSV export that is itself audited."""

from __future__ import annotations

import pytest

from zielwerk.core.models import AuditEntry
from zielwerk.participants.access import log_access

URL = "/teilnehmende/zugriffe/"


@pytest.fixture
def entries(users):
    log_access(users["wiesbaden"], "list", "Teilnehmende WI-2024-FIB", record_count=7)
    log_access(users["ministerium"], "export", "Kennzahlen 2024 (csv)")


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 200), ("ministerium", 403), ("rp-kassel", 403), ("wiesbaden", 403),
     ("frankfurt", 403), ("traeger-wiesbaden", 403)],
)  # fmt: skip
def test_admin_only(entries, client_for, username, status):
    assert client_for(username).get(URL).status_code == status


def test_anonymous_is_sent_to_login(entries, client):
    assert client.get(URL).status_code == 302


def test_filter_by_kind_and_user(entries, client_for):
    admin = client_for("admin")
    page = admin.get(URL, {"kind": "export"}).content.decode()
    assert "Kennzahlen 2024 (csv)" in page and "Teilnehmende WI-2024-FIB" not in page
    page = admin.get(URL, {"user": "wiesbaden"}).content.decode()
    assert "Teilnehmende WI-2024-FIB" in page and "Kennzahlen 2024 (csv)" not in page


def test_csv_export_is_audited(entries, client_for):
    response = client_for("admin").get(URL, {"format": "csv", "kind": "list"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Zeitpunkt;Person;Zugriff;Projekt;Gegenstand;Datensätze"
    assert len(lines) == 2 and lines[1].endswith(";Teilnehmende WI-2024-FIB;7")
    audit = AuditEntry.objects.get(action="participants.access_log.export")
    assert audit.changes == {"filter": [None, "format=csv&kind=list"]}


def test_export_refused_to_others(entries, client_for):
    assert client_for("wiesbaden").get(URL, {"format": "csv"}).status_code == 403
    assert not AuditEntry.objects.filter(action="participants.access_log.export").exists()
