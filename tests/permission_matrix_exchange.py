"""Declared access rules: exchange – conferences and good practice (merged by
tests/permission_matrix.py).

Conferences (zielwerk/conferences/permissions.py): the ministry (and the administration as the
ministry) plans, edits and documents them; the regions' coordinators register and cancel their
own people while registration is open; the grant authority reads; providers have no part (403 on
every page, before anything is looked up). A missing conference answers 404.

Good practice (zielwerk/practice/permissions.py): everyone signed in reads published entries –
providers too (a decision: docs/decisions/0014-good-practice-search.md); an unpublished entry is
the ministry's alone (404 for everyone else); creating, editing and publishing is the ministry's
(403 with the reason for everyone else).

Demo state used (zielwerk/demo/exchange.py, seeded by the callables below if the demo does not
include it yet): the conference "Fachtag AQB 2024 (erfunden)" (held, so registration is closed)
with registrations of Wiesbaden and Frankfurt and a PDF, and two published Wiesbaden entries. The
cases that need open registration or an unpublished entry create them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.permission_matrix import LOGIN, Case, Redirect, no_providers, roles, signed_in

conf = no_providers


READ_ALL = conf(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=200)
MINISTRY = conf(admin=200, ministerium=200, rp_kassel=403, wiesbaden=403, frankfurt=403)
MISSING = conf(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404)
MINISTRY_ONLY_PRACTICE = roles(
    anonymous=LOGIN,
    admin=200,
    ministerium=200,
    rp_kassel=403,
    wiesbaden=403,
    frankfurt=403,
    traeger_wiesbaden=403,
)


def _seed() -> None:
    from zielwerk.demo.exchange import seed_exchange

    seed_exchange([])


def _demo_conference() -> dict[str, Any]:
    from zielwerk.conferences.models import Conference
    from zielwerk.demo.exchange import CONFERENCE_TITLE

    _seed()
    return {"pk": Conference.objects.get(title=CONFERENCE_TITLE).pk}


def _open_conference() -> dict[str, Any]:
    """A planned conference with registration open for another year (the demo's is held)."""
    from django.utils import timezone

    from zielwerk.accounts.models import User
    from zielwerk.conferences.models import Conference

    today = timezone.localdate()
    conference, _created = Conference.objects.get_or_create(
        title="Matrix-Konferenz",
        defaults={
            "starts_on": today + dt.timedelta(days=400),
            "place": "Kassel",
            "places_per_region": 3,
            "registration_until": today + dt.timedelta(days=300),
            "created_by": User.objects.get(username="ministerium"),
        },
    )
    return {"pk": conference.pk}


def _registration(region: str, *, open_: bool) -> Any:
    def kwargs() -> dict[str, Any]:
        from zielwerk.accounts.models import User
        from zielwerk.conferences.models import Registration
        from zielwerk.organisations.models import Region

        pk = (_open_conference() if open_ else _demo_conference())["pk"]
        registration = Registration.objects.filter(conference_id=pk, region__slug=region).first()
        if registration is None:
            registration = Registration.objects.create(
                conference_id=pk,
                region=Region.objects.get(slug=region),
                name="Matrix Person",
                registered_by=User.objects.get(username=region),
            )
        return {"pk": pk, "registration_pk": registration.pk}

    return kwargs


def _demo_document() -> dict[str, Any]:
    """The demo's PDF, re-stored in the test's in-memory storage."""
    from django.core.files.base import ContentFile

    from zielwerk.conferences.models import Document
    from zielwerk.demo.exchange import minimal_pdf

    pk = _demo_conference()["pk"]
    document = Document.objects.filter(conference_id=pk).first()
    assert document is not None, "the demo uploads the conference's documentation"
    document.file.save("matrix.pdf", ContentFile(minimal_pdf(["Matrix"])), save=True)
    return {"pk": pk, "document_pk": document.pk}


def _entry(published: bool) -> Any:
    def kwargs() -> dict[str, Any]:
        from zielwerk.demo.exchange import ENTRIES
        from zielwerk.practice.models import Entry

        _seed()
        entry = Entry.objects.get(title=ENTRIES[0]["title"])
        if not published:
            entry, _created = Entry.objects.get_or_create(
                title="Matrix-Entwurf",
                defaults={
                    "summary": "Entwurf",
                    "region": entry.region,
                    "created_by": entry.created_by,
                    "published": False,
                },
            )
        return {"pk": entry.pk}

    return kwargs


def _to_conference(kwargs: Any) -> Redirect:
    return Redirect("conferences:conference_detail", kwargs=kwargs)


def _to_entry(kwargs: Any) -> Redirect:
    return Redirect("practice:entry_detail", kwargs=kwargs)


EXCHANGE_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    # --- conferences ---------------------------------------------------------------------------
    "conferences:conference_list": (Case("list", READ_ALL),),
    "conferences:conference_create": (Case("form", MINISTRY),),
    "conferences:conference_detail": (
        Case("demo", READ_ALL, kwargs=_demo_conference),
        Case("missing", MISSING, kwargs={"pk": 999999}),
    ),
    "conferences:conference_edit": (
        Case("demo", MINISTRY, kwargs=_demo_conference),
        Case("missing", MISSING, kwargs={"pk": 999999}),
    ),
    "conferences:registration_create": (
        # Registration closed (the demo's conference is held): refused for everyone.
        Case(
            "closed",
            conf(admin=403, ministerium=403, rp_kassel=403, wiesbaden=403, frankfurt=403),
            kwargs=_demo_conference,
        ),
        # Open: the regions' coordinators register their own people.
        Case(
            "open",
            conf(admin=403, ministerium=403, rp_kassel=403, wiesbaden=200, frankfurt=200),
            kwargs=_open_conference,
        ),
        Case(
            "open-post",
            conf(
                admin=403,
                ministerium=403,
                rp_kassel=403,
                wiesbaden=_to_conference(_open_conference),
                frankfurt=_to_conference(_open_conference),
            ),
            kwargs=_open_conference,
            method="POST",
            data={"name": "Matrix Person", "function": "Koordination"},
        ),
    ),
    "conferences:registration_cancel": (
        # Wiesbaden's registration at an open conference: its coordinator and the ministry;
        # Frankfurt and the authority do not see the name (404).
        Case(
            "open-wiesbaden",
            conf(admin=200, ministerium=200, rp_kassel=403, wiesbaden=200, frankfurt=404),
            kwargs=_registration("wiesbaden", open_=True),
        ),
        # After the conference: nobody cancels any more.
        Case(
            "held-wiesbaden",
            conf(admin=403, ministerium=403, rp_kassel=403, wiesbaden=403, frankfurt=404),
            kwargs=_registration("wiesbaden", open_=False),
        ),
    ),
    "conferences:document_upload": (
        Case("form", MINISTRY, kwargs=_demo_conference),
        Case("missing", MISSING, kwargs={"pk": 999999}),
    ),
    "conferences:document_download": (
        Case("demo", READ_ALL, kwargs=_demo_document),
        Case("missing", MISSING, kwargs={"pk": 999999, "document_pk": 999999}),
    ),
    # --- good practice -------------------------------------------------------------------------
    "practice:entry_list": (Case("list", signed_in(200)),),
    "practice:entry_create": (Case("form", MINISTRY_ONLY_PRACTICE),),
    "practice:entry_detail": (
        Case("published", signed_in(200), kwargs=_entry(True)),
        Case(
            "unpublished",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=200,
                rp_kassel=404,
                wiesbaden=404,
                frankfurt=404,
                traeger_wiesbaden=404,
            ),
            kwargs=_entry(False),
        ),
        Case("missing", signed_in(404), kwargs={"pk": 999999}),
    ),
    "practice:entry_edit": (Case("published", MINISTRY_ONLY_PRACTICE, kwargs=_entry(True)),),
    "practice:entry_publish": (
        Case(
            "publish",
            roles(
                anonymous=LOGIN,
                admin=_to_entry(_entry(False)),
                ministerium=_to_entry(_entry(False)),
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs=_entry(False),
            method="POST",
            data={"published": "1"},
        ),
        Case(
            "withdraw",
            roles(
                anonymous=LOGIN,
                admin=_to_entry(_entry(True)),
                ministerium=_to_entry(_entry(True)),
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
            kwargs=_entry(True),
            method="POST",
            data={"published": "0"},
        ),
    ),
}
