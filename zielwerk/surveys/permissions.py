"""Who may do what with surveys (§ 7). Every predicate answers with a Verdict and a German reason.

The ministry (and the administration, which acts as the ministry) builds, sends and closes
surveys and reads the results; the grant authority reads surveys and results; a region's
coordination answers for its own region; providers have no part in surveys. Seeing a region's
answers is a matter of scope (`region_visible`, as in steering): outside it a page answers 404.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.agreements.permissions import is_ministry
from zielwerk.core.permissions import Verdict, allow, deny
from zielwerk.steering.permissions import is_coordinator_of, region_visible

from .choices import SurveyStatus

__all__ = [
    "can_answer",
    "can_manage_surveys",
    "can_view_results",
    "can_view_surveys",
    "is_coordinator_of",
    "region_visible",
]


def can_view_surveys(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(_("Befragungen sehen Ministerium, Bewilligungsbehörde und Gebietskörperschaften."))


def can_manage_surveys(user, survey=None) -> Verdict:
    """Building a survey and its questions: the ministry, while the survey is a draft."""
    if not is_ministry(user):
        return deny(_("Befragungen erstellt und versendet das Ministerium."))
    if survey is not None and survey.status != SurveyStatus.DRAFT:
        return deny(
            _("Die Befragung ist „%(status)s“; Fragen und Angaben bleiben so, wie sie sind.")
            % {"status": survey.get_status_display()}
        )
    return allow()


def can_close_survey(user, survey) -> Verdict:
    if not is_ministry(user):
        return deny(_("Befragungen schließt das Ministerium ab."))
    if survey.status != SurveyStatus.SENT:
        return deny(_("Nur eine versendete Befragung kann abgeschlossen werden."))
    return allow()


def can_view_results(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide:
        return allow()
    return deny(
        _(
            "Die Ergebnisse aller Gebietskörperschaften sieht das Ministerium; Ihre eigenen "
            "Antworten finden Sie in der Befragung."
        )
    )


def can_answer(user, survey, region, response=None, *, today: dt.date) -> Verdict:
    """The region's coordination answers while the survey is sent and the deadline not passed;
    a submitted response never changes."""
    if not is_coordinator_of(user, region):
        return deny(_("Die Antworten gibt die Koordination der Gebietskörperschaft."))
    if survey.status != SurveyStatus.SENT:
        return deny(
            _("Die Befragung ist „%(status)s“; Antworten sind nicht mehr möglich.")
            % {"status": survey.get_status_display()}
        )
    if response is not None and response.submitted:
        return deny(_("Die Antworten sind abgesendet und werden nicht mehr geändert."))
    if survey.deadline is not None and today > survey.deadline:
        return deny(_("Die Frist der Befragung ist abgelaufen."))
    return allow()
