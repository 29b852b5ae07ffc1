"""Who may do what in steering. Every predicate answers with a Verdict and a German reason.

Steering is the exchange between the ministry and a region (§ 6): the ministry sees all regions,
sets the deviation rules, answers reasons, runs the autumn meeting and assesses goal attainment;
the region's coordination sees its own region, keeps its targets while the agreement is
negotiated (with the agreement's own rule, agreements/permissions.can_edit_agreement), gives
reasons and corrections for deviations and works on the tasks it owns. The grant authority and
the administration read everything, providers have no part in it.

Seeing a region's steering is a matter of scope (`region_visible`): outside it a page answers
404, like another organisation's agreement.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.agreements.permissions import can_edit_agreement, is_ministry
from zielwerk.core.permissions import Verdict, allow, deny

from .choices import OPEN_DEVIATION_STATUSES, AssessmentStatus, DeviationStatus, TaskStatus


def is_coordinator_of(user, region) -> bool:
    return bool(
        user.is_authenticated
        and user.has_role(Role.REGION_COORDINATOR)
        and region.administration_id is not None
        and region.administration_id in user.organisation_ids
    )


def region_visible(user, region) -> bool:
    """Programme-wide staff see every region; a region's people see their own."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_programme_wide or (
        region.administration_id is not None and region.administration_id in user.organisation_ids
    )


def can_view_steering(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(
        _(
            "Die Zielsteuerung sehen das Ministerium, die Bewilligungsbehörde und die "
            "Gebietskörperschaften."
        )
    )


def can_view_statewide(user) -> Verdict:
    """The statewide dashboard and the statewide assessment overview: programme-wide staff."""
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide:
        return allow()
    return deny(
        _("Die landesweite Übersicht sieht das Ministerium; Ihre eigene Region finden Sie dort.")
    )


def can_edit_targets(user, version) -> Verdict:
    """Targets are part of the agreement: whoever may change the version may change them."""
    return can_edit_agreement(user, version)


def can_manage_rules(user) -> Verdict:
    if is_ministry(user):
        return allow()
    return deny(_("Die Abweichungsregeln legt das Ministerium fest."))


def can_check_deviations(user) -> Verdict:
    if is_ministry(user):
        return allow()
    return deny(_("Die Prüfung auf Abweichungen stößt das Ministerium an."))


def can_explain_deviation(user, deviation) -> Verdict:
    """The region gives the reason and the planned correction while the deviation is open."""
    if not is_coordinator_of(user, deviation.agreement.region):
        return deny(_("Die Begründung gibt die Koordination der Gebietskörperschaft."))
    if deviation.status not in (DeviationStatus.OPEN, DeviationStatus.QUERIED):
        return deny(
            _("Die Abweichung ist „%(status)s“; eine Begründung ist jetzt nicht vorgesehen.")
            % {"status": deviation.get_status_display()}
        )
    return allow()


def can_answer_deviation(user, deviation) -> Verdict:
    """The ministry queries or accepts once the region has given a reason; a comment is always
    possible while the deviation is open."""
    if not is_ministry(user):
        return deny(_("Auf Begründungen antwortet das Ministerium."))
    if deviation.status not in OPEN_DEVIATION_STATUSES:
        return deny(
            _("Die Abweichung ist „%(status)s“ und abgeschlossen.")
            % {"status": deviation.get_status_display()}
        )
    return allow()


def can_manage_meeting(user, region) -> Verdict:
    """Planning the meeting, the briefing pack, minutes and resolutions: the ministry."""
    if is_ministry(user):
        return allow()
    return deny(
        _(
            "Die Umsetzungsbesprechung bereitet das Ministerium vor; Sie sehen Unterlage und "
            "Protokoll."
        )
    )


def can_update_task(user, resolution) -> Verdict:
    """The task's owner and the ministry set its status."""
    if resolution.status in (TaskStatus.DONE, TaskStatus.DROPPED) and not is_ministry(user):
        return deny(_("Die Aufgabe ist abgeschlossen; wieder öffnen kann das Ministerium."))
    if is_ministry(user) or resolution.owner_id == user.pk:
        return allow()
    return deny(_("Den Stand der Aufgabe setzen die zuständige Person und das Ministerium."))


def can_assess(user, assessment_or_none=None) -> Verdict:
    if not is_ministry(user):
        return deny(_("Die Zielerreichung bewertet das Ministerium."))
    if assessment_or_none is not None and assessment_or_none.status == AssessmentStatus.FINAL:
        return deny(_("Die Bewertung ist abgeschlossen und wird nicht mehr geändert."))
    return allow()
