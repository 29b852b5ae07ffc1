"""Declared access rules of surveys (merged by tests/permission_matrix.py).

The rules (zielwerk/surveys/permissions.py, views.py): providers have no part in surveys (403 on
every page, before anything is looked up). The ministry (and the administration, acting as the
ministry) builds, sends and closes surveys – a survey changes only while it is a draft (403
afterwards, also for the ministry) – and reads the results; the grant authority reads sent
surveys and the results, sees no drafts (404) and is refused every write (403). A region's
coordination sees the surveys sent to its region and answers for its own region while the survey
is open; another region's answers answer 404, the results 403.

Objects used: the demo survey "Umfrage zur Umsetzung 2024" (zielwerk/demo/surveys.py: closed,
answered by Wiesbaden, Frankfurt am Main and the Landkreis Kassel) – seeded by the case itself if
the demo does not have it yet; an open survey sent to Wiesbaden and Frankfurt am Main with a
deadline ten days ahead and no answers; a draft survey with one question.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import Case, Redirect, no_providers

DEMO_TITLE = "Umfrage zur Umsetzung 2024"
OPEN_TITLE = "Offene Befragung (Rechtetest)"
DRAFT_TITLE = "Entwurf einer Befragung (Rechtetest)"


surveys = no_providers


MINISTRY_ONLY = surveys(admin=200, ministerium=200, rp_kassel=403, wiesbaden=403, frankfurt=403)
NOBODY = surveys(admin=403, ministerium=403, rp_kassel=403, wiesbaden=403, frankfurt=403)
RESULTS = surveys(admin=200, ministerium=200, rp_kassel=200, wiesbaden=403, frankfurt=403)
WI_READ = surveys(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=404)


def _demo_survey() -> dict[str, Any]:
    from zielwerk.demo.surveys import seed_surveys
    from zielwerk.surveys.models import Survey

    seed_surveys([])
    return {"pk": Survey.objects.get(title=DEMO_TITLE).pk}


def _ministry():
    from zielwerk.accounts.models import User

    return User.objects.get(username="ministerium")


def _draft():
    import datetime as dt

    from django.utils import timezone

    from zielwerk.programmes.models import ProgrammeYear
    from zielwerk.surveys.models import Survey
    from zielwerk.surveys.services import question_save, survey_save

    existing = Survey.objects.filter(title=DRAFT_TITLE).first()
    if existing is not None:
        return existing
    survey = survey_save(
        actor=_ministry(),
        programme_year=ProgrammeYear.objects.get(programme__code="aqb", year=2024),
        title=DRAFT_TITLE,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    question_save(actor=_ministry(), survey=survey, kind="number", text="Wie viele?")
    return survey


def _draft_survey() -> dict[str, Any]:
    return {"pk": _draft().pk}


def _draft_question() -> dict[str, Any]:
    return {"question_pk": _draft().questions.get().pk}


def _open() -> Any:
    from zielwerk.organisations.models import Region
    from zielwerk.surveys.models import Survey
    from zielwerk.surveys.services import survey_save, survey_send

    existing = Survey.objects.filter(title=OPEN_TITLE).first()
    if existing is not None:
        return existing
    draft = _draft()
    survey = survey_save(
        actor=_ministry(),
        programme_year=draft.programme_year,
        title=OPEN_TITLE,
        deadline=draft.deadline,
    )
    from zielwerk.surveys.services import question_save

    question_save(actor=_ministry(), survey=survey, kind="text", text="Was noch?", required=False)
    survey_send(
        actor=_ministry(),
        survey=survey,
        regions=list(Region.objects.filter(slug__in=["wiesbaden", "frankfurt"])),
    )
    return survey


def _open_survey() -> dict[str, Any]:
    return {"pk": _open().pk}


def _demo_response(region: str) -> Any:
    return lambda: {**_demo_survey(), "region": region}


def _open_response(region: str) -> Any:
    return lambda: {**_open_survey(), "region": region}


def _open_response_url() -> dict[str, Any]:
    from zielwerk.surveys.models import Survey

    return {"pk": Survey.objects.get(title=OPEN_TITLE).pk, "region": "wiesbaden"}


SURVEY_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    "surveys:survey_list": (
        Case(
            "list",
            surveys(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=200),
        ),
    ),
    "surveys:survey_create": (
        Case("form", MINISTRY_ONLY),
        Case("empty-post", MINISTRY_ONLY, method="POST", data={}),  # the form with errors
    ),
    "surveys:survey_detail": (
        Case(
            "demo",
            surveys(admin=200, ministerium=200, rp_kassel=200, wiesbaden=200, frankfurt=200),
            kwargs=_demo_survey,
        ),
        Case(
            "draft",
            surveys(admin=200, ministerium=200, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=_draft_survey,
        ),
        Case(
            "missing",
            surveys(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs={"pk": 999999},
        ),
    ),
    "surveys:survey_edit": (
        Case("draft", MINISTRY_ONLY, kwargs=_draft_survey),
        Case("closed", NOBODY, kwargs=_demo_survey),
    ),
    "surveys:question_create": (
        Case("draft", MINISTRY_ONLY, kwargs=_draft_survey),
        Case("closed", NOBODY, kwargs=_demo_survey),
    ),
    "surveys:question_edit": (Case("draft", MINISTRY_ONLY, kwargs=_draft_question),),
    "surveys:question_delete": (Case("draft", MINISTRY_ONLY, kwargs=_draft_question),),
    "surveys:survey_send": (
        Case("draft", MINISTRY_ONLY, kwargs=_draft_survey),
        Case("sent", NOBODY, kwargs=_open_survey),
    ),
    "surveys:survey_close": (
        Case("open", MINISTRY_ONLY, kwargs=_open_survey),
        Case("closed", NOBODY, kwargs=_demo_survey),
    ),
    "surveys:survey_results": (
        Case("demo", RESULTS, kwargs=_demo_survey),
        Case(
            "draft",
            surveys(admin=403, ministerium=403, rp_kassel=404, wiesbaden=403, frankfurt=403),
            kwargs=_draft_survey,
        ),
    ),
    "surveys:survey_export": (
        Case("csv", RESULTS, kwargs=lambda: {**_demo_survey(), "fmt": "csv"}),
        Case("xlsx", RESULTS, kwargs=lambda: {**_demo_survey(), "fmt": "xlsx"}),
        Case(
            "unknown-format",
            surveys(admin=404, ministerium=404, rp_kassel=404, wiesbaden=403, frankfurt=403),
            kwargs=lambda: {**_demo_survey(), "fmt": "pdf"},
        ),
    ),
    "surveys:response_edit": (
        Case("demo-wiesbaden", WI_READ, kwargs=_demo_response("wiesbaden")),
        Case(
            "demo-frankfurt",
            surveys(admin=200, ministerium=200, rp_kassel=200, wiesbaden=404, frankfurt=200),
            kwargs=_demo_response("frankfurt"),
        ),
        Case("open-wiesbaden", WI_READ, kwargs=_open_response("wiesbaden")),
        Case(
            "open-wiesbaden-save",
            surveys(
                admin=403,
                ministerium=403,
                rp_kassel=403,
                wiesbaden=Redirect("surveys:response_edit", kwargs=_open_response_url),
                frankfurt=404,
            ),
            kwargs=_open_response("wiesbaden"),
            method="POST",
            data={"action": "save"},
        ),
        Case(
            "missing-region",
            surveys(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=_demo_response("gibt-es-nicht"),
        ),
    ),
    "surveys:response_submit": (
        Case(
            "open-wiesbaden",
            surveys(admin=403, ministerium=403, rp_kassel=403, wiesbaden=200, frankfurt=404),
            kwargs=_open_response("wiesbaden"),
        ),
        Case(
            "submitted-wiesbaden",
            surveys(admin=403, ministerium=403, rp_kassel=403, wiesbaden=403, frankfurt=404),
            kwargs=_demo_response("wiesbaden"),
        ),
    ),
    "surveys:response_pdf": (
        Case("demo-wiesbaden", WI_READ, kwargs=_demo_response("wiesbaden")),
        Case(
            "open-no-answers",
            surveys(admin=404, ministerium=404, rp_kassel=404, wiesbaden=404, frankfurt=404),
            kwargs=_open_response("wiesbaden"),
        ),
    ),
}
