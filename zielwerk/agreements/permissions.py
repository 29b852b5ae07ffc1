"""Who may do what with an agreement. Every predicate answers with a Verdict and a German reason.

Seeing an agreement is a matter of scope (`Agreement.objects.visible_to`): outside it, a page
answers 404. The predicates below decide what someone who sees the agreement may do with it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny

from .choices import AgreementStatus

# Until it is signed, an agreement is discussed; afterwards it changes only by amendment.
OPEN_FOR_COMMENTS = (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION, AgreementStatus.AGREED)
AMENDABLE = (AgreementStatus.SIGNED, AgreementStatus.PUBLISHED)


def is_ministry(user) -> bool:
    return is_admin(user) or user.has_role(Role.MINISTRY_STAFF)


def is_region_coordinator_of(user, agreement) -> bool:
    return (
        user.has_role(Role.REGION_COORDINATOR)
        and agreement.region.administration_id in user.organisation_ids
    )


def _is_current(version) -> bool:
    latest = version.agreement.versions.order_by("-number").values_list("number", flat=True)
    return latest.first() == version.number


def can_create_agreement(user, region) -> Verdict:
    if user is None:  # imports and reference loads run as the system
        return allow()
    if is_ministry(user):
        return allow()
    return deny(_("Zielvereinbarungen legt das Ministerium an."))


def can_view_agreements(user) -> Verdict:
    """The list of agreements: programme-wide staff and the regions' coordinators."""
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(
        _(
            "Zielvereinbarungen sehen das Ministerium, die Bewilligungsbehörde und die "
            "Gebietskörperschaften."
        )
    )


def can_view_agreement(user, agreement) -> Verdict:
    """One agreement: programme-wide staff and the people of the region's administration."""
    if (user.is_authenticated and user.is_active) and (
        user.is_programme_wide or agreement.region.administration_id in user.organisation_ids
    ):
        return allow()
    return deny(_("Diese Zielvereinbarung ist für Sie nicht sichtbar."))


def acts_for_ministry(user, agreement) -> Verdict:
    """The workflow steps that only the ministry takes (used by the transition table)."""
    if is_ministry(user):
        return allow()
    return deny(_("Diesen Schritt geht das Ministerium."))


def can_edit_agreement(user, version) -> Verdict:
    """Saving a new version: the ministry in draft and negotiation; the region's coordinator in
    negotiation only (the draft is the ministry's proposal)."""
    if not _is_current(version):
        return deny(_("Nur die aktuelle Fassung kann weiterbearbeitet werden."))
    if version.status == AgreementStatus.DRAFT:
        if is_ministry(user):
            return allow()
        return deny(_("Den Entwurf bearbeitet das Ministerium; Sie können ihn kommentieren."))
    if version.status == AgreementStatus.NEGOTIATION:
        if is_ministry(user) or is_region_coordinator_of(user, version.agreement):
            return allow()
        return deny(
            _("Ändern können das Ministerium und die Koordination der Gebietskörperschaft.")
        )
    if version.status == AgreementStatus.AGREED:
        return deny(
            _(
                "Die Zielvereinbarung ist abgestimmt. Für Änderungen nimmt das Ministerium die "
                "Verhandlung wieder auf."
            )
        )
    return deny(
        _(
            "Eine unterzeichnete Zielvereinbarung wird nicht mehr geändert; das Ministerium "
            "kann eine Änderungsvereinbarung anlegen."
        )
    )


def can_comment_agreement(user, version) -> Verdict:
    """Comments belong to the talks: from the draft until signing, by the ministry and by the
    region's coordinator (who joins once the negotiation has begun)."""
    if version.status not in OPEN_FOR_COMMENTS:
        return deny(_("Nach der Unterzeichnung werden keine Kommentare mehr angenommen."))
    if is_ministry(user):
        return allow()
    if is_region_coordinator_of(user, version.agreement):
        if version.status == AgreementStatus.DRAFT:
            return deny(_("Kommentieren können Sie, sobald die Verhandlung begonnen hat."))
        return allow()
    return deny(_("Kommentieren können das Ministerium und die Gebietskörperschaft."))


def can_transition(user, version, transition) -> Verdict:
    """A step of the workflow table: the step's own rule about who, then the version's state."""
    verdict = transition.who(user, version.agreement)
    if not verdict:
        return verdict
    if not _is_current(version):
        return deny(_("Nur die aktuelle Fassung kann im Ablauf weitergeführt werden."))
    if version.status != transition.source:
        return deny(
            _("„%(step)s“ ist im Status „%(status)s“ nicht möglich.")
            % {"step": transition.label, "status": version.get_status_display()}
        )
    return allow()


def can_amend_agreement(user, version) -> Verdict:
    if not is_ministry(user):
        return deny(_("Änderungsvereinbarungen legt das Ministerium an."))
    if not _is_current(version):
        return deny(_("Geändert wird immer die aktuelle Fassung."))
    if version.status not in AMENDABLE:
        return deny(
            _(
                "Eine Änderungsvereinbarung ändert eine unterzeichnete Fassung; diese Fassung "
                "kann noch direkt bearbeitet werden."
            )
        )
    return allow()
