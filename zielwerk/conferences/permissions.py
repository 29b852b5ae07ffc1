"""Who may do what with conferences. Every predicate answers with a Verdict and a German reason.

Conferences are the exchange between the ministry and the regions: the ministry plans them,
edits them and uploads their documentation; a region's coordination registers its own people
(up to the places per region) and cancels them until the registration deadline; the grant
authority and the administration read everything. Providers have no part (403): the
registrations name people of the regions.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.agreements.permissions import is_ministry
from zielwerk.core.formats import format_date
from zielwerk.core.permissions import Verdict, allow, deny

from .choices import ConferenceStatus


def is_coordinator_of(user, region) -> bool:
    return bool(
        user.is_authenticated
        and user.has_role(Role.REGION_COORDINATOR)
        and region.administration_id is not None
        and region.administration_id in user.organisation_ids
    )


def sees_names_of(user, region) -> bool:
    """Names of registered people: the ministry and the grant authority all, a region its own."""
    return bool(user.is_programme_wide or is_coordinator_of(user, region))


def can_view_conferences(user) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(
        _(
            "Konferenzen sehen das Ministerium, die Bewilligungsbehörde und die "
            "Gebietskörperschaften."
        )
    )


def can_manage_conference(user) -> Verdict:
    if is_ministry(user):
        return allow()
    return deny(_("Konferenzen plant und dokumentiert das Ministerium."))


def _registration_open(conference, on: dt.date) -> Verdict:
    if conference.status != ConferenceStatus.PLANNED:
        return deny(
            _("Die Konferenz ist „%(status)s“; An- und Abmeldungen sind nicht mehr möglich.")
            % {"status": conference.get_status_display()}
        )
    if on > conference.registration_until:
        return deny(
            _("Die Anmeldefrist endete am %(date)s.")
            % {"date": format_date(conference.registration_until)}
        )
    return allow()


def can_register(user, conference, region, on: dt.date) -> Verdict:
    """The region's coordination registers its own people while registration is open."""
    if not is_coordinator_of(user, region):
        return deny(_("Anmelden kann die Koordination der Gebietskörperschaft für ihre Region."))
    return _registration_open(conference, on)


def can_cancel_registration(user, registration, on: dt.date) -> Verdict:
    """The region's coordination until the deadline; the ministry (corrections) at any time
    while the conference is planned."""
    conference = registration.conference
    if is_ministry(user):
        if conference.status == ConferenceStatus.PLANNED:
            return allow()
        return _registration_open(conference, on)
    if not is_coordinator_of(user, registration.region):
        return deny(_("Abmelden kann die Koordination der Gebietskörperschaft."))
    return _registration_open(conference, on)
