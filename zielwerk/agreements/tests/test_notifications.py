"""Notifications about an agreement: a comment goes to the other side, a workflow step to the
region's coordinators; each with a German title and a link to the agreement's page."""

from __future__ import annotations

import pytest
from django.core import mail

from zielwerk.agreements.models import Agreement, AgreementVersion
from zielwerk.agreements.services import agreement_amend, agreement_transition, comment_add
from zielwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db

SUBJECT = "Zielvereinbarung 2024 – Frankfurt am Main"


@pytest.fixture
def frankfurt(demo) -> Agreement:
    return Agreement.objects.get(region__slug="frankfurt", programme_year__year=2024)


def current(agreement: Agreement) -> AgreementVersion:
    return agreement.versions.order_by("-number").first()


def about(agreement: Agreement):
    """Notifications linking to the agreement (the demo seed sends 'Neue Rolle' ones)."""
    return Notification.objects.filter(link__startswith=agreement.get_absolute_url())


def recipients(agreement: Agreement) -> set[str]:
    return set(about(agreement).values_list("recipient__username", flat=True))


def test_comment_by_the_region_notifies_the_ministry_only(
    users, frankfurt, django_capture_on_commit_callbacks
):
    agreement_transition(
        actor=users["ministerium"], version=current(frankfurt), name="start_negotiation"
    )
    about(frankfurt).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(
            actor=users["frankfurt"], version=current(frankfurt), body="Bitte Projekt 2 zuerst."
        )
    assert recipients(frankfurt) == {"ministerium"}
    note = about(frankfurt).get()
    assert note.title == f"Neuer Kommentar: {SUBJECT}"
    assert note.link == f"{frankfurt.get_absolute_url()}#kommentare"
    assert "Bitte Projekt 2 zuerst." in note.body
    assert not Notification.objects.filter(
        recipient=users["rp-kassel"], link__startswith=frankfurt.get_absolute_url()
    ).exists()
    assert [m.to for m in mail.outbox] == [["ministerium@demo.zielwerk.invalid"]]


def test_comment_by_the_ministry_notifies_the_region(users, frankfurt):
    comment_add(actor=users["ministerium"], version=current(frankfurt), body="Entwurf anbei.")
    assert recipients(frankfurt) == {"frankfurt"}


def test_agreeing_notifies_the_regions_coordinator(users, frankfurt):
    ministry = users["ministerium"]
    agreement_transition(actor=ministry, version=current(frankfurt), name="start_negotiation")
    about(frankfurt).delete()
    agreement_transition(actor=ministry, version=current(frankfurt), name="agree")
    assert recipients(frankfurt) == {"frankfurt"}
    note = about(frankfurt).get()
    assert note.title == f"Abgestimmt: {SUBJECT}"
    assert note.link == frankfurt.get_absolute_url()
    assert "Fassung 1" in note.body


def test_every_step_and_the_amendment_notify_the_region(users, frankfurt):
    wiesbaden = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    agreement_amend(actor=users["ministerium"], version=current(wiesbaden), change_note="Mehr")
    assert list(about(wiesbaden).values_list("recipient__username", "title")) == [
        ("wiesbaden", "Änderungsvereinbarung angelegt: Zielvereinbarung 2024 – Wiesbaden")
    ]
    agreement_transition(
        actor=users["ministerium"], version=current(frankfurt), name="start_negotiation"
    )
    assert list(about(frankfurt).values_list("title", flat=True)) == [
        f"Verhandlung begonnen: {SUBJECT}"
    ]
