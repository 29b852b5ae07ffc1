"""Anlagen: upload on the current version by whoever may edit it, checked by extension and
content, stored with SHA-256, downloaded byte for byte by everyone who sees the agreement."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zielwerk.agreements.models import Agreement, AgreementVersion, Attachment
from zielwerk.agreements.services import (
    agreement_transition,
    agreement_version_save,
    attachment_add,
)
from zielwerk.agreements.services.data import MAX_ATTACHMENT_BYTES
from zielwerk.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% Anlage\n1 0 obj << >> endobj\n%%EOF\n"
NOT_ALLOWED = "anlage.exe: Dieser Dateityp ist nicht erlaubt (erlaubt: PDF, DOCX, XLSX, ODT, ODS)."


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(content: bytes = PDF, name: str = "Projektübersicht 2024.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def current(agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def upload_url(agreement: Agreement) -> str:
    return reverse("agreements:attachment_create", kwargs={"pk": agreement.pk})


def download_url(agreement: Agreement, attachment: Attachment) -> str:
    return reverse(
        "agreements:attachment_download",
        kwargs={"pk": agreement.pk, "attachment_pk": attachment.pk},
    )


def post_upload(client, agreement: Agreement, file, title: str = "Projektübersicht"):
    return client.post(
        upload_url(agreement),
        {
            "anlage-base_number": current(agreement).number,
            "anlage-title": title,
            "anlage-file": file,
        },
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_upload_is_listed_hashed_and_downloaded_byte_identical(client_for, frankfurt):
    client = client_for("ministerium")
    response = post_upload(client, frankfurt, upload())
    assert response.status_code == 302
    assert response["Location"].endswith(f"{frankfurt.get_absolute_url()}#anlagen")
    assert messages_of(response) == ["Die Anlage „Projektübersicht“ wurde gespeichert."]

    attachment = Attachment.objects.get(version__agreement=frankfurt)
    assert attachment.version == current(frankfurt)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "Projektübersicht 2024.pdf"
    assert attachment.uploaded_by.username == "ministerium"

    page = client.get(frankfurt.get_absolute_url()).content.decode()
    assert download_url(frankfurt, attachment) in page
    assert attachment.sha256 in page
    assert 'enctype="multipart/form-data"' in page

    download = client_for("frankfurt").get(download_url(frankfurt, attachment))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Projekt%C3%BCbersicht%202024.pdf" in download["Content-Disposition"]


def test_docx_is_accepted_by_its_zip_content(users, frankfurt):
    content = docx_bytes()
    attachment = attachment_add(
        actor=users["ministerium"],
        version=current(frankfurt),
        title="Kostenplan",
        upload=upload(content, "kostenplan.docx"),
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


def test_upload_writes_an_audit_entry(users, frankfurt):
    version = current(frankfurt)
    attachment_add(
        actor=users["ministerium"], version=version, title="Projektübersicht", upload=upload()
    )
    entry = AuditEntry.objects.filter(action="agreement.attachment.add").get()
    assert entry.object_id == str(version.pk)
    assert entry.changes["attachment"] == [None, "Projektübersicht"]
    assert entry.changes["file"] == [None, "Projektübersicht 2024.pdf"]
    assert entry.changes["sha256"] == [None, hashlib.sha256(PDF).hexdigest()]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload(b"MZ\x90\x00", "anlage.exe"), NOT_ALLOWED),
        (upload(b"MZ\x90\x00", "anlage.pdf"), "anlage.pdf: Der Inhalt ist keine PDF-Datei."),
        (upload(PDF, "anlage.docx"), "anlage.docx: Der Inhalt ist keine DOCX-Datei."),
        (upload(b"", "leer.pdf"), "leer.pdf: Die Datei ist leer."),
        ("", "Bitte wählen Sie eine Datei aus."),
    ],
    ids=["extension", "pdf-content", "docx-content", "empty", "no-file"],
)
def test_wrong_type_is_refused_and_nothing_stored(client_for, frankfurt, file, message):
    response = post_upload(client_for("ministerium"), frankfurt, file)
    assert response.status_code == 302
    assert messages_of(response) == [message]
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="agreement.attachment.add").exists()


def test_too_large_is_refused_and_nothing_stored(users, frankfurt):
    too_large = upload(PDF + b"\0" * (MAX_ATTACHMENT_BYTES - len(PDF) + 1), "anlage.pdf")
    with pytest.raises(ValidationError) as refused:
        attachment_add(
            actor=users["ministerium"], version=current(frankfurt), title="Groß", upload=too_large
        )
    assert refused.value.messages == ["anlage.pdf: Die Datei ist größer als 20 MB."]
    assert not Attachment.objects.exists()


def test_region_cannot_attach_to_the_draft(client_for, users, frankfurt):
    """The draft is the ministry's (can_edit_agreement); the region joins in the negotiation."""
    with pytest.raises(PermissionDenied, match="Den Entwurf bearbeitet das Ministerium"):
        attachment_add(
            actor=users["frankfurt"], version=current(frankfurt), title="Frankfurt", upload=upload()
        )
    response = post_upload(client_for("frankfurt"), frankfurt, upload())
    assert response.status_code == 403
    assert not Attachment.objects.exists()
    page = client_for("frankfurt").get(frankfurt.get_absolute_url()).content.decode()
    assert upload_url(frankfurt) not in page

    agreement_transition(
        actor=users["ministerium"], version=current(frankfurt), name="start_negotiation"
    )
    attachment_add(
        actor=users["frankfurt"], version=current(frankfurt), title="Frankfurt", upload=upload()
    )
    assert Attachment.objects.filter(uploaded_by=users["frankfurt"]).count() == 1


def test_only_the_current_version_takes_attachments(users, frankfurt):
    first = current(frankfurt)
    agreement_version_save(
        actor=users["ministerium"],
        agreement=frankfurt,
        base_number=first.number,
        amount=first.amount,
        projects=[vp.project for vp in first.version_projects.order_by("position")],
        key_figures=[],
        change_note="Neue Fassung",
    )
    with pytest.raises(ValidationError) as refused:
        attachment_add(actor=users["ministerium"], version=first, title="Alt", upload=upload())
    assert refused.value.code == "stale"
    assert not Attachment.objects.exists()


def test_a_new_version_keeps_the_attachments(users, frankfurt):
    first = current(frankfurt)
    attachment_add(actor=users["ministerium"], version=first, title="Plan", upload=upload())
    second = agreement_version_save(
        actor=users["ministerium"],
        agreement=frankfurt,
        base_number=first.number,
        amount=first.amount,
        projects=[vp.project for vp in first.version_projects.order_by("position")],
        key_figures=[],
        change_note="Neue Fassung",
    )
    copied = second.attachments.get()
    original = first.attachments.get()
    assert (copied.title, copied.file.name, copied.original_name, copied.sha256) == (
        original.title,
        original.file.name,
        original.original_name,
        original.sha256,
    )


def test_other_region_cannot_download(client_for, users, frankfurt, wiesbaden):
    attachment = Attachment.objects.create(
        version=current(wiesbaden),
        title="Nur Wiesbaden",
        original_name="wiesbaden.pdf",
        sha256=hashlib.sha256(PDF).hexdigest(),
        uploaded_by=users["ministerium"],
        file=SimpleUploadedFile("wiesbaden.pdf", PDF),
    )
    assert client_for("wiesbaden").get(download_url(wiesbaden, attachment)).status_code == 200
    frankfurt_client = client_for("frankfurt")
    assert frankfurt_client.get(download_url(wiesbaden, attachment)).status_code == 404
    # Through Frankfurt's own agreement, Wiesbaden's attachment id does not exist either.
    assert frankfurt_client.get(download_url(frankfurt, attachment)).status_code == 404
    assert client_for("ministerium").get(download_url(frankfurt, attachment)).status_code == 404
