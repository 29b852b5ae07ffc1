"""The agreement workflow: the transition table, versions, stale saves, signing, amendments,
comments, the comparison and the public portal."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from zielwerk.agreements import workflows
from zielwerk.agreements.choices import AgreementStatus, Party, VersionKind
from zielwerk.agreements.models import Agreement, AgreementVersion, Comment
from zielwerk.agreements.permissions import can_transition
from zielwerk.agreements.services import (
    KeyFigureData,
    NewProjectData,
    agreement_amend,
    agreement_transition,
    agreement_version_save,
    comment_add,
)
from zielwerk.core.models import AuditEntry

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs" / "agreements-workflow.md"


def make_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Zielvereinbarung 2024 Frankfurt am Main (Test)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = make_pdf()


def pdf_upload(content: bytes = PDF, name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def sign_data(upload=None) -> dict:
    return {
        "signed_pdf": upload or pdf_upload(),
        "ministry_name": "Heike Hofmann",
        "ministry_function_lines": "Staatsministerin",
        "ministry_signed_on": dt.date(2024, 7, 1),
        "region_name": "Erika Beispiel (erfunden)",
        "region_function_lines": "Stadträtin",
        "region_signed_on": dt.date(2024, 6, 20),
    }


def newest(agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def step(users, agreement, name, username="ministerium", **data) -> AgreementVersion:
    return agreement_transition(actor=users[username], version=newest(agreement), name=name, **data)


def save(users, agreement, *, username="ministerium", base_number=None, amount=None, note="x"):
    current = newest(agreement)
    return agreement_version_save(
        actor=users[username],
        agreement=agreement,
        base_number=current.number if base_number is None else base_number,
        amount=current.amount if amount is None else amount,
        projects=[vp.project for vp in current.version_projects.order_by("position")],
        key_figures=[],
        change_note=note,
    )


# ---- the transition table ----------------------------------------------------------------------


def test_table_covers_the_path_from_draft_to_published():
    path = [AgreementStatus.DRAFT]
    for name in ("start_negotiation", "agree", "sign", "publish"):
        transition = workflows.get_transition(name)
        assert transition.source == path[-1]
        path.append(transition.target)
    assert path[-1] == AgreementStatus.PUBLISHED
    assert workflows.get_transition("reopen").target == AgreementStatus.NEGOTIATION
    assert {t.name for t in workflows.TRANSITIONS if t.confirm} == {"sign", "publish"}
    assert [t.name for t in workflows.TRANSITIONS if t.form] == ["sign"]


def test_workflow_document_shows_the_diagram_of_the_table():
    assert workflows.mermaid() in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (AgreementStatus.DRAFT, "start_negotiation"),
        (AgreementStatus.NEGOTIATION, "agree"),
        (AgreementStatus.AGREED, "sign"),
        (AgreementStatus.SIGNED, "publish"),
    ],
)
def test_region_cannot_take_ministry_steps(users, frankfurt, status, name):
    version = newest(frankfurt)
    AgreementVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    transition = workflows.get_transition(name)
    verdict = can_transition(users["frankfurt"], version, transition)
    assert not verdict
    assert verdict.reason == "Diesen Schritt geht das Ministerium."
    assert workflows.available_transitions(users["frankfurt"], version) == []
    assert transition in workflows.available_transitions(users["ministerium"], version)
    data = sign_data() if name == "sign" else {}
    with pytest.raises(PermissionDenied):
        agreement_transition(actor=users["frankfurt"], version=version, name=name, **data)
    version.refresh_from_db()
    assert version.status == status
    assert not AuditEntry.objects.filter(action=f"agreement.{name}").exists()


def test_illegal_transition_is_refused_with_the_reason(users, frankfurt):
    with pytest.raises(PermissionDenied, match="„Veröffentlichen“ ist im Status „Entwurf“"):
        step(users, frankfurt, "publish")
    with pytest.raises(ValidationError):
        step(users, frankfurt, "gibt-es-nicht")
    assert newest(frankfurt).status == AgreementStatus.DRAFT
    assert newest(frankfurt).published_at is None


def test_agreeing_needs_an_amount(users, frankfurt):
    step(users, frankfurt, "start_negotiation")
    save(users, frankfurt, amount=None)
    AgreementVersion.objects.filter(pk=newest(frankfurt).pk).update(amount=None)
    with pytest.raises(ValidationError, match="Ohne Betrag"):
        step(users, frankfurt, "agree")
    assert newest(frankfurt).status == AgreementStatus.NEGOTIATION


ACTIONS = ["start_negotiation", "agree", "reopen", "sign", "publish"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(st.sampled_from(ACTIONS), max_size=6))
def test_any_sequence_of_steps_follows_the_table(users, frankfurt, names):
    """Whatever the ministry clicks, the status only ever moves along the table, and a refused
    step changes nothing."""
    with transaction.atomic():
        status = newest(frankfurt).status
        for name in names:
            transition = workflows.get_transition(name)
            data = sign_data() if name == "sign" else {}
            if transition.source == status:
                assert step(users, frankfurt, name, **data).status == transition.target
                status = transition.target
            else:
                with pytest.raises(PermissionDenied):
                    step(users, frankfurt, name, **data)
            assert newest(frankfurt).status == status
            assert frankfurt.versions.count() == 1
        transaction.set_rollback(True)


# ---- versions and concurrent edits -------------------------------------------------------------


def test_saving_creates_the_next_version_and_keeps_the_old_one(users, frankfurt):
    first = newest(frankfurt)
    second = save(users, frankfurt, amount=Decimal("3200000.00"), note="Betrag erhöht")
    assert second.number == 2
    assert second.amount == Decimal("3200000.00")
    assert second.kind == VersionKind.ORIGINAL and second.status == AgreementStatus.DRAFT
    assert second.created_by == users["ministerium"]
    assert second.clauses.count() == first.clauses.count()
    assert list(second.version_projects.values_list("project__code", flat=True)) == list(
        first.version_projects.values_list("project__code", flat=True)
    )
    assert second.signatures.count() == 2
    first.refresh_from_db()
    assert first.amount == Decimal("3150000.00")
    entry = AuditEntry.objects.get(action="agreement.version.save")
    assert entry.changes["amount"] == ["3150000.00", "3200000.00"]
    assert entry.reason == "Betrag erhöht"


def test_stale_base_number_is_refused_and_nothing_is_saved(users, frankfurt):
    step(users, frankfurt, "start_negotiation")
    save(users, frankfurt, username="frankfurt", base_number=1, amount=Decimal("1.00"))
    with pytest.raises(ValidationError) as refused:
        save(users, frankfurt, base_number=1, amount=Decimal("2.00"))
    message = refused.value.messages[0]
    assert message == (
        "Diese Zielvereinbarung wurde inzwischen von Frank Testmann (Demo) geändert "
        "(jetzt Fassung 2). Ihre Änderungen wurden nicht gespeichert – bitte laden Sie die "
        "Seite neu."
    )
    assert frankfurt.versions.count() == 2
    assert newest(frankfurt).amount == Decimal("1.00")
    assert AuditEntry.objects.filter(action="agreement.version.save").count() == 1


def test_stale_save_through_the_form_shows_the_message(client_for, users, frankfurt):
    save(users, frankfurt, amount=Decimal("3200000.00"))
    url = reverse("agreements:agreement_edit", args=[frankfurt.pk])
    response = client_for("ministerium").post(url, edit_post(newest(frankfurt), base_number=1))
    assert response.status_code == 409
    assert "(jetzt Fassung 2). Ihre Änderungen wurden nicht gespeichert" in response.text
    assert frankfurt.versions.count() == 2


def edit_post(version, *, base_number=None, amount="3.200.000,00", **extra) -> dict:
    data = {
        "base_number": base_number or version.number,
        "amount": amount,
        "change_note": "Betrag nach Gespräch",
        "eckdaten-TOTAL_FORMS": "1",
        "eckdaten-INITIAL_FORMS": "0",
        "eckdaten-MIN_NUM_FORMS": "0",
        "eckdaten-MAX_NUM_FORMS": "1000",
        "eckdaten-0-label": "",
        "eckdaten-0-value": "",
        "eckdaten-0-unit": "",
    }
    for vp in version.version_projects.all():
        data[f"include_{vp.project_id}"] = "on"
        data[f"position_{vp.project_id}"] = str(vp.position)
    for clause in version.clauses.filter(kind="section"):
        data[f"clause_{clause.position}"] = clause.body
    data.update(extra)
    return data


def test_edit_form_takes_german_amounts_projects_and_key_figures(client_for, users, frankfurt):
    version = newest(frankfurt)
    projects = list(version.version_projects.order_by("position"))
    data = edit_post(version, amount="3.200.000,50")
    # Drop the second project, put the third first, add a new one in between, one key figure.
    data.pop(f"include_{projects[1].project_id}")
    data[f"position_{projects[2].project_id}"] = "1"
    data[f"position_{projects[0].project_id}"] = "3"
    measure_type = projects[0].project.measure_type
    data.update(
        {
            "new_project_name": "Neues Projekt (erfunden)",
            "new_project_short_name": "neu",
            "new_project_measure_type": str(measure_type.pk),
            "new_project_position": "2",
            "eckdaten-0-label": "Geplante Teilnehmende",
            "eckdaten-0-value": "1.250",
            "eckdaten-0-unit": "Personen",
        }
    )
    response = client_for("ministerium").post(
        reverse("agreements:agreement_edit", args=[frankfurt.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = newest(frankfurt)
    assert saved.number == 2
    assert saved.amount == Decimal("3200000.50")
    assert list(saved.version_projects.values_list("project__code", flat=True)) == [
        projects[2].project.code,
        "F-2024-NEU",
        projects[0].project.code,
    ]
    figure = saved.key_figures.get()
    assert (figure.label, figure.value, figure.unit) == (
        "Geplante Teilnehmende",
        Decimal("1250"),
        "Personen",
    )
    assert AuditEntry.objects.filter(action="project.create").exists()


def test_edit_form_refuses_a_malformed_amount(client_for, frankfurt):
    data = edit_post(newest(frankfurt), amount="3,2 Mio")
    response = client_for("ministerium").post(
        reverse("agreements:agreement_edit", args=[frankfurt.pk]), data
    )
    assert response.status_code == 400
    assert "Bitte eine Zahl im deutschen Format angeben" in response.text
    assert frankfurt.versions.count() == 1


def test_clause_text_can_be_changed_but_not_with_unknown_placeholders(users, frankfurt):
    current = newest(frankfurt)
    clause = current.clauses.get(number="§ 4")
    with pytest.raises(ValidationError, match="Unbekannte Platzhalter"):
        agreement_version_save(
            actor=users["ministerium"],
            agreement=frankfurt,
            base_number=1,
            amount=current.amount,
            projects=[],
            key_figures=[],
            change_note="Text",
            clause_bodies={clause.position: "Betrag: {betrg}"},
        )
    saved = agreement_version_save(
        actor=users["ministerium"],
        agreement=frankfurt,
        base_number=1,
        amount=current.amount,
        projects=[],
        key_figures=[KeyFigureData("Plätze", Decimal("40"))],
        change_note="Text",
        clause_bodies={clause.position: clause.body + "\n\nDer Betrag ist vorläufig."},
    )
    assert saved.clauses.get(number="§ 4").body.endswith("Der Betrag ist vorläufig.")
    assert current.clauses.get(number="§ 4").body == clause.body


def test_who_may_edit_depends_on_the_status(users, frankfurt):
    with pytest.raises(PermissionDenied, match="Den Entwurf bearbeitet das Ministerium"):
        save(users, frankfurt, username="frankfurt")
    with pytest.raises(PermissionDenied):
        save(users, frankfurt, username="rp-kassel")
    step(users, frankfurt, "start_negotiation")
    assert save(users, frankfurt, username="frankfurt").number == 2
    step(users, frankfurt, "agree")
    with pytest.raises(PermissionDenied, match="abgestimmt"):
        save(users, frankfurt)


def test_new_project_with_an_existing_short_name_is_refused(users, frankfurt):
    current = newest(frankfurt)
    existing = current.version_projects.first().project
    with pytest.raises(ValidationError):
        agreement_version_save(
            actor=users["ministerium"],
            agreement=frankfurt,
            base_number=1,
            amount=current.amount,
            projects=[NewProjectData(existing.measure_type, "Doppelt", existing.short_name)],
            key_figures=[],
            change_note="x",
        )
    assert frankfurt.versions.count() == 1


# ---- comments and the comparison ---------------------------------------------------------------


def test_comments_from_the_negotiation_on(users, frankfurt, client_for):
    with pytest.raises(PermissionDenied, match="sobald die Verhandlung begonnen hat"):
        comment_add(actor=users["frankfurt"], version=newest(frankfurt), body="Zu früh")
    step(users, frankfurt, "start_negotiation")
    response = client_for("frankfurt").post(
        reverse("agreements:comment_create", args=[frankfurt.pk]),
        {"body": "Bitte Projekt 2 mit 20 Plätzen."},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author == users["frankfurt"] and comment.version == newest(frankfurt)
    assert AuditEntry.objects.filter(action="agreement.comment").count() == 1
    assert (
        client_for("rp-kassel")
        .post(reverse("agreements:comment_create", args=[frankfurt.pk]), {"body": "Hallo"})
        .status_code
        == 403
    )
    page = client_for("ministerium").get(frankfurt.get_absolute_url()).content.decode()
    assert "Bitte Projekt 2 mit 20 Plätzen." in page


def test_comparison_shows_the_changed_amount(users, frankfurt, client_for):
    save(users, frankfurt, amount=Decimal("3200000.00"))
    url = reverse("agreements:agreement_compare", args=[frankfurt.pk])
    response = client_for("frankfurt").get(url, {"von": 1, "bis": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'gestrichen:</span> <del class="zw-del">[^<]*3\.150\.000', html)
    assert re.search(r'neu:</span> <ins class="zw-ins">[^<]*3\.200\.000', html)
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0].section.startswith("§ 4 Haushaltsmittel")
    assert client_for("frankfurt").get(url, {"von": 1, "bis": 9}).status_code == 404


# ---- signing, publishing and the public page ---------------------------------------------------


def take_to_agreed(users, agreement):
    step(users, agreement, "start_negotiation")
    step(users, agreement, "agree")


def sign_post(version, content: bytes = PDF) -> dict:
    return {
        "base_number": version.number,
        "ministry_name": "Heike Hofmann",
        "ministry_function_lines": "Staatsministerin",
        "ministry_signed_on": "2024-07-01",
        "region_name": "Erika Beispiel (erfunden)",
        "region_function_lines": "Stadträtin",
        "region_signed_on": "2024-06-20",
        "signed_pdf": SimpleUploadedFile("scan.pdf", content, content_type="application/pdf"),
    }


def test_sign_stores_the_sha256_and_serves_the_pdf_byte_identical(users, frankfurt, client_for):
    take_to_agreed(users, frankfurt)
    version = newest(frankfurt)
    client = client_for("ministerium")
    url = reverse("agreements:agreement_transition", args=[frankfurt.pk, "sign"])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, sign_post(version))
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    assert version.status == AgreementStatus.SIGNED
    assert version.signed_pdf_sha256 == hashlib.sha256(PDF).hexdigest()
    signatures = {s.party: s for s in version.signatures.all()}
    assert signatures[Party.MINISTRY].signed_on == dt.date(2024, 7, 1)
    assert signatures[Party.REGION].name == "Erika Beispiel (erfunden)"

    download = client_for("frankfurt").get(
        reverse("agreements:version_signed_pdf", args=[frankfurt.pk, version.number])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF
    entry = AuditEntry.objects.get(action="agreement.sign")
    assert entry.changes["signed_pdf_sha256"] == [None, version.signed_pdf_sha256]
    assert entry.changes["status"] == ["agreed", "signed"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a nicht wirklich ein PDF", "scan.pdf: Der Inhalt ist keine PDF-Datei."),
        (b"%PDF-" + b"0" * (20 * 1024 * 1024 - 4), "Die Datei ist größer als 20 MB."),
    ],
    ids=["not-a-pdf", "too-large"],
)
def test_sign_refuses_other_files(users, frankfurt, client_for, content, message):
    take_to_agreed(users, frankfurt)
    version = newest(frankfurt)
    url = reverse("agreements:agreement_transition", args=[frankfurt.pk, "sign"])
    response = client_for("ministerium").post(url, sign_post(version, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    version.refresh_from_db()
    assert version.status == AgreementStatus.AGREED
    assert not version.signed_pdf
    with pytest.raises(ValidationError, match=re.escape(message)):
        step(users, frankfurt, "sign", **sign_data(pdf_upload(content)))


def test_published_agreement_appears_on_the_portal(users, frankfurt, client_for):
    anonymous = client_for(None)
    detail = reverse("portal:agreement_detail", args=[2024, "frankfurt"])
    assert anonymous.get(detail).status_code == 404  # a draft is never public
    assert "Frankfurt" not in anonymous.get(reverse("portal:agreement_list")).content.decode()
    take_to_agreed(users, frankfurt)
    step(users, frankfurt, "sign", **sign_data())
    assert anonymous.get(detail).status_code == 404  # signed, not yet published
    client = client_for("ministerium")
    url = reverse("agreements:agreement_transition", args=[frankfurt.pk, "publish"])
    assert "Das lässt sich nicht zurücknehmen." in client.get(url).content.decode()
    assert client.post(url, {"base_number": 1}).status_code == 302
    version = newest(frankfurt)
    assert version.status == AgreementStatus.PUBLISHED and version.published_at is not None
    page = anonymous.get(detail)
    assert page.status_code == 200
    assert "<strong>3.150.000 Euro</strong>" in page.content.decode()
    listing = anonymous.get(reverse("portal:agreement_list")).content.decode()
    assert "Frankfurt am Main" in listing and "Wiesbaden" in listing
    pdf = anonymous.get(reverse("portal:agreement_signed_pdf", args=[2024, "frankfurt"]))
    assert b"".join(pdf.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="agreement.publish").count() == 1


def test_portal_never_shows_drafts(client_for, wiesbaden, frankfurt):
    anonymous = client_for(None)
    response = anonymous.get(reverse("portal:agreement_detail", args=[2024, "wiesbaden"]))
    assert response.status_code == 200
    assert "<strong>2.508.300 Euro</strong>" in response.content.decode()
    draft = anonymous.get(reverse("portal:agreement_detail", args=[2024, "frankfurt"]))
    assert draft.status_code == 404
    # The demo stores Wiesbaden's signed PDF for the portal; Frankfurt's draft has none to show.
    scan = anonymous.get(reverse("portal:agreement_signed_pdf", args=[2024, "wiesbaden"]))
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content).startswith(b"%PDF")
    draft_scan = anonymous.get(reverse("portal:agreement_signed_pdf", args=[2024, "frankfurt"]))
    assert draft_scan.status_code == 404


# ---- amendments --------------------------------------------------------------------------------


def test_amendment_references_the_signed_version_which_stays_readable(users, wiesbaden, client_for):
    original = newest(wiesbaden)
    with pytest.raises(PermissionDenied):
        agreement_amend(actor=users["wiesbaden"], version=original, change_note="x")
    amendment = agreement_amend(
        actor=users["ministerium"], version=original, change_note="Mehr Mittel"
    )
    assert amendment.number == 2
    assert amendment.kind == VersionKind.AMENDMENT
    assert amendment.amends == original
    assert amendment.status == AgreementStatus.DRAFT
    assert amendment.amount == original.amount
    assert amendment.clauses.count() == original.clauses.count()
    assert amendment.version_projects.count() == original.version_projects.count()
    assert [s.name for s in amendment.signatures.all()] == [
        s.name for s in original.signatures.all()
    ]
    assert all(s.signed_on is None for s in amendment.signatures.all())
    original.refresh_from_db()
    assert original.status == AgreementStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="agreement.amend").count() == 1

    client = client_for("wiesbaden")
    old_page = client.get(reverse("agreements:version_detail", args=[wiesbaden.pk, 1]))
    assert old_page.status_code == 200
    assert "Sie sehen die frühere Fassung 1" in old_page.content.decode()
    assert "<strong>2.508.300 Euro</strong>" in old_page.content.decode()
    current_page = client.get(wiesbaden.get_absolute_url()).content.decode()
    assert "Änderungsvereinbarung 2024 – Wiesbaden" in current_page
    # The public still sees the published version, not the amendment in draft.
    public = client_for(None).get(reverse("portal:agreement_detail", args=[2024, "wiesbaden"]))
    assert public.context["version"] == original
    with pytest.raises(PermissionDenied):  # only the newest version is amended
        agreement_amend(actor=users["ministerium"], version=amendment, change_note="x")


def test_amendment_through_the_page(client_for, wiesbaden):
    client = client_for("ministerium")
    url = reverse("agreements:agreement_amend", args=[wiesbaden.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"base_number": 1, "change_note": ""}).status_code == 400
    assert client.post(url, {"base_number": 1, "change_note": "Nachtrag"}).status_code == 302
    assert newest(wiesbaden).kind == VersionKind.AMENDMENT


# ---- scope, query counts and races -------------------------------------------------------------


def test_view_predicate_agrees_with_the_scope_of_lists(users, frankfurt, wiesbaden):
    from zielwerk.agreements.permissions import can_view_agreement

    for user in users.values():
        visible = set(Agreement.objects.visible_to(user))
        for agreement in (frankfurt, wiesbaden):
            assert bool(can_view_agreement(user, agreement)) == (agreement in visible), user


def test_agreement_list_query_count_does_not_grow(users, client_for, frankfurt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zielwerk.agreements.services import agreement_create
    from zielwerk.organisations.models import Region

    client = client_for("ministerium")
    url = reverse("agreements:agreement_list")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    taken = Agreement.objects.values_list("region_id", flat=True)
    for region in Region.objects.exclude(pk__in=taken)[:4]:
        agreement_create(
            actor=users["ministerium"],
            programme_year=frankfurt.programme_year,
            region=region,
            amount=Decimal("1000.00"),
        )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(response.context["agreements"]) == 6
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_version_keep_both_apart(demo):
    """Two people press "save" on version 1 at the same moment: one save wins, the other is
    refused with the stale message; nothing is overwritten. Needs real row locks (PostgreSQL)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) are tested on PostgreSQL")
    from zielwerk.accounts.models import User

    agreement = Agreement.objects.get(region__slug="frankfurt", programme_year__year=2024)
    ministry = User.objects.get(username="ministerium")
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def press_save(amount: str) -> None:
        try:
            barrier.wait()
            saved = save(
                {"ministerium": ministry}, agreement, base_number=1, amount=Decimal(amount)
            )
            outcomes.append(saved.amount)
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press_save, args=(a,)) for a in ("1.00", "2.00")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [o for o in outcomes if isinstance(o, Decimal)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    assert "(jetzt Fassung 2). Ihre Änderungen wurden nicht gespeichert" in refused[0]
    assert list(agreement.versions.values_list("number", flat=True)) == [1, 2]
    assert newest(agreement).amount == saved[0]
