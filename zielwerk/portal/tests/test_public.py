"""Nothing unpublished or internal reaches the portal: every portal URL (listed from the URL
conf), for the published agreement, a draft and a missing one, requested anonymously; no response
body may contain a draft's text, a comment, a change note, an attachment title, a target's note,
a deviation's reason, a participant's pseudonym, an allocation reason or feedback.

Plus the aggregates: statewide key figures with small counts suppressed, and the allocation only
when final."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from zielwerk.accounts.models import User
from zielwerk.agreements.models import AgreementVersion, Attachment, Comment
from zielwerk.agreements.services import agreement_amend
from zielwerk.budgets.models import AllocationVersion, DistributionKey
from zielwerk.budgets.services import allocation_finalize
from zielwerk.core.formats import format_number
from zielwerk.demo.portal import seed_portal
from zielwerk.participants.models import Participant
from zielwerk.portal.models import Feedback
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db

PUBLISHED = {"year": 2024, "region": "wiesbaden"}
DRAFT = {"year": 2024, "region": "frankfurt"}
MISSING = {"year": 2023, "region": "wiesbaden"}
BINARY = ("application/pdf",)


def portal_url_names() -> list[tuple[str, frozenset[str]]]:
    portal = next(
        p for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "portal"
    )  # fmt: skip
    return [(f"portal:{p.name}", frozenset(p.pattern.converters)) for p in portal.url_patterns]


def kwargs_for(params: frozenset[str], feedback_pk: int) -> list[tuple[dict, bool]]:
    """(kwargs, published?) for every combination the test requests."""
    if params == {"year", "region"}:
        return [(PUBLISHED, True), (DRAFT, False), (MISSING, False)]
    if params == {"year", "region", "fmt"}:
        return [
            ({**where, "fmt": fmt}, published and fmt != "docx")
            for where, published in ((PUBLISHED, True), (DRAFT, False))
            for fmt in ("pdf", "md", "html", "docx")
        ]
    if params == {"year"}:
        return [({"year": year}, True) for year in (2024, 2025, 2026)] + [({"year": 1999}, False)]
    if params == {"pk"}:
        return [({"pk": feedback_pk}, True)]
    if params == {"rest"}:
        return [
            ({"rest": "zielvereinbarungen/2024/wiesbaden/daten.json"}, True),
            ({"rest": "zielvereinbarungen/2024/frankfurt/"}, True),
        ]
    assert not params, f"no test values for {sorted(params)}"
    return [({}, True)]


@pytest.fixture
def internal_texts(demo_with_grants) -> list[str]:
    """The full demo plus unpublished and internal texts on Wiesbaden's published agreement."""
    ministerium = User.objects.get(username="ministerium")
    seed_portal([])
    allocation_finalize(actor=ministerium, programme_year=ProgrammeYear.objects.get(year=2024))
    v1 = AgreementVersion.objects.get(
        agreement__region__slug="wiesbaden", agreement__programme_year__year=2024, number=1
    )
    Comment.objects.create(version=v1, author=ministerium, body="KOMMENTAR-GEHEIM-4711")
    Attachment.objects.create(
        version=v1,
        title="ANLAGE-GEHEIM-4711",
        file=ContentFile(b"%PDF-1.4\n", name="anlage.pdf"),
        original_name="anlage-geheim.pdf",
        sha256="0" * 64,
        uploaded_by=ministerium,
    )
    v1.targets.update(note="ZIELNOTIZ-GEHEIM-4711")
    draft = agreement_amend(actor=ministerium, version=v1, change_note="VERMERK-GEHEIM-4711")
    clause = draft.clauses.order_by("position").first()
    clause.body += " ENTWURFSTEXT-GEHEIM-4711"
    clause.save()
    draft.amount = Decimal("1234567.89")
    draft.save()
    frankfurt = AgreementVersion.objects.get(agreement__region__slug="frankfurt")
    texts = [
        "KOMMENTAR-GEHEIM-4711", "ANLAGE-GEHEIM", "anlage-geheim", "ZIELNOTIZ-GEHEIM",
        "VERMERK-GEHEIM", "ENTWURFSTEXT-GEHEIM", "1234567", "1.234.567",
        frankfurt.change_note, "3150000", "3.150.000", "Startklar Ausbildung", "TN-",
    ]  # fmt: skip
    texts += list(Participant.objects.values_list("pseudonym", flat=True))
    texts += list(Feedback.objects.values_list("message", flat=True))
    texts += list(AllocationVersion.objects.exclude(reason="").values_list("reason", flat=True))
    texts += list(DistributionKey.objects.exclude(note="").values_list("note", flat=True))
    from zielwerk.steering.models import DeviationMessage, Resolution

    for body, correction in DeviationMessage.objects.values_list("body", "correction"):
        texts += [body, correction]
    texts += list(Resolution.objects.values_list("text", flat=True))
    assert Participant.objects.exists() and DeviationMessage.objects.exists()
    return [text for text in texts if text and len(text) >= 3]


def test_no_internal_text_in_any_portal_response(internal_texts, client_for):
    anonymous = client_for(None)
    feedback_pk = Feedback.objects.first().pk
    requested = 0
    for name, params in portal_url_names():
        for kwargs, public in kwargs_for(params, feedback_pk):
            path = reverse(name, kwargs=kwargs)
            queries = [{}]
            if name == "portal:agreement_list":
                queries += [
                    {"q": "ENTWURFSTEXT-GEHEIM-4711"}, {"q": "Frankfurt"}, {"jahr": "2024"},
                    {"region": "frankfurt"}, {"q": "KOMMENTAR-GEHEIM"},
                ]  # fmt: skip
            for query in queries:
                response = anonymous.get(path, query)
                requested += 1
                where = f"{path} {query}"
                if name.startswith("portal:feedback_") and name != "portal:feedback_create":
                    assert response.status_code == 302, where  # to the login page
                elif name.startswith("portal:legacy_"):
                    assert response.status_code == 301, where
                elif name == "portal:agreement_signed_pdf":
                    assert response.status_code == (200 if public else 404), where
                else:
                    assert response.status_code == (200 if public else 404), where
                if response["Content-Type"].startswith(BINARY):
                    continue
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                ).decode("utf-8")
                for value in query.values():  # the search field echoes what was searched for
                    body = body.replace(value, "")
                if query.get("q", "").endswith("GEHEIM-4711"):
                    assert "0 Zielvereinbarungen gefunden" in body, where
                for text in internal_texts:
                    assert text not in body, f"{where}: {text!r}"
    assert requested > 40


def test_key_figures_are_aggregates_with_small_counts_hidden(demo_with_grants, client_for):
    wiesbaden = Participant.objects.filter(
        project__region__slug="wiesbaden", project__programme_year__year=2024
    )
    entries = wiesbaden.count()
    assert entries >= 3
    exited = list(wiesbaden.filter(exited_on__isnull=False).order_by("pk"))
    # Keep exactly two exits: the statewide count 2 must be shown as "< 3".
    Participant.objects.filter(pk__in=[p.pk for p in exited[2:]]).update(
        exited_on=None,
        exit_reason="",
        situation_after_exit="",
        followup_situation="",
        followup_on=None,
    )
    for participant in wiesbaden.filter(exited_on__isnull=True)[: max(0, 2 - len(exited))]:
        participant.exited_on = participant.entered_on
        participant.save(update_fields=["exited_on"])
    page = client_for(None).get(reverse("portal:key_figures", kwargs={"year": 2024}))
    html = page.content.decode()
    total_row = html.split("Hessen gesamt", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split("</td>")[0] for cell in total_row.split('zw-number">')[1:]]
    # Eintritte, Austritte, Übergänge in Schule/Ausbildung, in Beschäftigung
    assert cells[0] == format_number(entries)
    assert cells[1] in {"&lt; 3", "< 3"}
    assert "2.508.300" in html  # the published amount of Wiesbaden, the only published region
    for project in ("FIB", "HIB", "Demo-Bildungsträger"):
        assert project not in html


def test_allocation_only_when_final(demo, users, client_for):
    url = reverse("portal:allocation", kwargs={"year": 2024})
    before = client_for(None).get(url).content.decode()
    assert "noch nicht veröffentlicht" in before
    assert "2.508.300" not in before
    allocation_finalize(
        actor=users["ministerium"], programme_year=ProgrammeYear.objects.get(year=2024)
    )
    after = client_for(None).get(url).content.decode()
    wiesbaden = after.split(">Wiesbaden</th>", 1)[1].split("</tr>", 1)[0]
    wetterau = after.split(">Wetteraukreis</th>", 1)[1].split("</tr>", 1)[0]
    assert "2.508.300" in wiesbaden and "erfunden" not in wiesbaden
    assert "1.140.300" in wetterau and "erfunden" not in wetterau
    assert "erfunden" in after  # the other, invented demo amounts say so
    # The final version takes effect on the day it is finalised.
    assert timezone.localdate().strftime("%d.%m.%Y") in wiesbaden


def test_start_page_and_statement(demo, client_for):
    anonymous = client_for(None)
    start = anonymous.get(reverse("portal:start")).content.decode()
    assert "Ausbildungs- und Qualifizierungsbudget" in start
    statement = anonymous.get(reverse("portal:accessibility")).content.decode()
    for words in ("teilweise vereinbar", "veraPDF", "Durchsetzungsverfahren", "sechs Wochen"):
        assert words in statement
    # The footer of every page (also the internal ones) links the statement.
    home = client_for("wiesbaden").get("/").content.decode()
    assert reverse("portal:accessibility") in home
