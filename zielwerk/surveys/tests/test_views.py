"""The survey pages end to end through the test client: the ministry builds and sends, a region
saves a draft, is told what is missing, submits once; scope and results."""

from __future__ import annotations

from zielwerk.programmes.models import ProgrammeYear
from zielwerk.surveys.choices import ResponseStatus, SurveyStatus
from zielwerk.surveys.models import Question, Response, Survey


def test_ministry_builds_and_sends_a_survey(users, client_for):
    client = client_for("ministerium")
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2025)
    page = client.post(
        "/umfragen/neu/",
        {"programme_year": year.pk, "title": "Kurzumfrage", "deadline": "31.12.2099"},
    )
    survey = Survey.objects.get(title="Kurzumfrage")
    assert page.status_code == 302 and page["Location"] == f"/umfragen/{survey.pk}/"
    page = client.post(
        f"/umfragen/{survey.pk}/fragen/neu/",
        {"kind": "single", "text": "Passt das?", "required": "on", "options": "ja\nnein\n"},
    )
    assert page.status_code == 302
    question = Question.objects.get(survey=survey)
    assert [c.label for c in question.choices.all()] == ["ja", "nein"]
    # a single choice question with one option: the form shows the German message
    page = client.post(
        f"/umfragen/{survey.pk}/fragen/neu/", {"kind": "single", "text": "Eine?", "options": "x"}
    )
    assert page.status_code == 200
    assert "mindestens zwei Antwortmöglichkeiten" in page.content.decode()
    # the confirmation page lists the regions of 2025, all chosen
    page = client.get(f"/umfragen/{survey.pk}/versenden/")
    assert page.status_code == 200
    assert 'name="regions"' in page.content.decode()
    wiesbaden = page.context["form"].fields["regions"].choices
    chosen = [value for value, label in wiesbaden if label in ("Wiesbaden", "Frankfurt am Main")]
    page = client.post(f"/umfragen/{survey.pk}/versenden/", {"regions": chosen})
    assert page.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.SENT
    assert sorted(survey.recipients.values_list("region__slug", flat=True)) == [
        "frankfurt",
        "wiesbaden",
    ]


def test_region_answers_draft_then_submits_with_confirmation(open_survey, client_for):
    s = open_survey
    client = client_for("wiesbaden")
    url = f"/umfragen/{s.survey.pk}/antworten/wiesbaden/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<legend class="kern-label">3. Stand?</legend>' in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    # a draft with a number only
    page = client.post(url, {f"frage-{s.number.pk}": "7", "action": "save"})
    assert page.status_code == 302 and page["Location"] == url
    response = Response.objects.get(survey=s.survey, region__slug="wiesbaden")
    assert response.status == ResponseStatus.DRAFT
    # the number shown again in the form
    assert 'value="7"' in client.get(url).content.decode()
    # an invalid number: the page names the question, nothing is saved
    page = client.post(url, {f"frage-{s.number.pk}": "sieben", "action": "save"})
    assert page.status_code == 200
    assert "„Wie viele Fachkräfte?“: Bitte geben Sie eine Zahl an" in page.content.decode()
    # on to the confirmation: required answers missing, listed with links
    page = client.post(url, {f"frage-{s.number.pk}": "7", "action": "submit"})
    assert page["Location"] == f"{url}absenden/"
    page = client.get(f"{url}absenden/")
    html = page.content.decode()
    assert "Es fehlen noch Antworten auf Pflichtfragen" in html
    assert f'href="{url}#frage-{s.scale.pk}"' in html
    page = client.post(f"{url}absenden/")
    assert "Bitte beantworten Sie die Pflichtfrage „Stand?“." in page.content.decode()
    # complete, then submit
    client.post(
        url,
        {
            f"frage-{s.number.pk}": "7",
            f"frage-{s.single.pk}": str(s.choice(s.single, "gut")),
            f"frage-{s.multiple.pk}": [str(s.choice(s.multiple, "Räume"))],
            f"frage-{s.scale.pk}": "4",
            "action": "submit",
        },
    )
    page = client.get(f"{url}absenden/")
    assert "Ja, verbindlich absenden" in page.content.decode()
    page = client.post(f"{url}absenden/")
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    # read only afterwards; posting is refused
    html = client.get(url).content.decode()
    assert '<form method="post" class="zw-stack"' not in html
    assert "Räume" in html
    assert client.post(url, {f"frage-{s.number.pk}": "9"}).status_code == 403
    assert client.get(f"{url}absenden/").status_code == 403


def test_frankfurt_cannot_see_wiesbadens_answers(survey_demo, client_for):
    survey = Survey.objects.get(title="Umfrage zur Umsetzung 2024")
    client = client_for("frankfurt")
    assert client.get(f"/umfragen/{survey.pk}/antworten/wiesbaden/").status_code == 404
    assert client.get(f"/umfragen/{survey.pk}/antworten/wiesbaden/antworten.pdf").status_code == 404
    own = client.get(f"/umfragen/{survey.pk}/antworten/frankfurt/")
    assert own.status_code == 200 and "leicht verzögert" in own.content.decode()
    assert client.get(f"/umfragen/{survey.pk}/ergebnisse/").status_code == 403
    listing = client.get("/umfragen/").content.decode()
    assert "Frankfurt am Main: abgesendet" in listing
    assert "Wiesbaden:" not in listing


def test_results_page_for_the_ministry_and_the_authority(survey_demo, client_for):
    survey = Survey.objects.get(title="Umfrage zur Umsetzung 2024")
    for username in ("ministerium", "rp-kassel"):
        page = client_for(username).get(f"/umfragen/{survey.pk}/ergebnisse/")
        html = page.content.decode()
        assert page.status_code == 200
        assert f"3 von {survey.recipients.count()} Gebietskörperschaften" in html
        assert html.count('role="img"') == 3  # single, multiple, scale
        assert "12,83" in html  # the mean of 12.5, 20 and 6
        assert "Ein Austausch der Koordinationen im Frühjahr" in html


def test_pdf_download(survey_demo, client_for):
    survey = Survey.objects.get(title="Umfrage zur Umsetzung 2024")
    page = client_for("wiesbaden").get(f"/umfragen/{survey.pk}/antworten/wiesbaden/antworten.pdf")
    assert page.status_code == 200
    assert page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF")


def _query_count(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_results_and_list_queries_do_not_grow_with_the_answers(open_survey, users, client_for):
    from zielwerk.organisations.models import Region
    from zielwerk.surveys.services import response_save

    s = open_survey
    client = client_for("ministerium")
    pages = [f"/umfragen/{s.survey.pk}/ergebnisse/", "/umfragen/", f"/umfragen/{s.survey.pk}/"]
    complete = {
        s.text.pk: "Text",
        s.number.pk: "4",
        s.single.pk: s.choice(s.single, "gut"),
        s.multiple.pk: [s.choice(s.multiple, "Räume"), s.choice(s.multiple, "Personal")],
        s.scale.pk: "2",
    }
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=Region.objects.get(slug="wiesbaden"),
        answers=complete,
        submit=True,
    )
    before = [_query_count(client, path) for path in pages]
    response_save(
        actor=users["frankfurt"],
        survey=s.survey,
        region=Region.objects.get(slug="frankfurt"),
        answers=complete,
        submit=True,
    )
    assert [_query_count(client, path) for path in pages] == before
