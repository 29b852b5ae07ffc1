"""Who may do what in the grant procedure. Every predicate answers with a Verdict and a German
reason.

The roles' parts: the region's coordinators plan the projects, submit the application, request
payments and submit the proof of use; the grant authority (RP Kassel, Dezernat 57) reviews,
decides, pays and checks the proof of use; the ministry reads everything; a provider sees only
its own projects. The Fachadministration acts for the authority (it maintains the templates and
can step in), never for a region.

Seeing an object is a matter of scope (`visible_to` on the querysets): outside it a page answers
404. The predicates below decide what someone who sees the object may do with it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.permissions import is_admin
from zielwerk.core.permissions import Verdict, allow, deny

from .choices import ApplicationStatus, DecisionStatus, ProofStatus


def is_authority(user) -> bool:
    return is_admin(user) or user.has_role(Role.AUTHORITY_STAFF)


def is_region_coordinator_for(user, region) -> bool:
    return bool(
        user.is_authenticated
        and user.has_role(Role.REGION_COORDINATOR)
        and region.administration_id is not None
        and region.administration_id in user.organisation_ids
    )


def acts_for_authority(user, obj=None) -> Verdict:
    if is_authority(user):
        return allow()
    return deny(_("Diesen Schritt geht die Bewilligungsbehörde."))


def acts_for_region(user, obj) -> Verdict:
    """obj is an application, a payment request or a proof of use (all reach the region)."""
    application = getattr(obj, "application", obj)
    if is_region_coordinator_for(user, application.region):
        return allow()
    return deny(_("Diesen Schritt geht die Koordination der Gebietskörperschaft."))


def can_view_grants(user) -> Verdict:
    """The lists of applications, decisions and payments: programme-wide staff and regions."""
    if not user.is_authenticated:
        return deny(_("Bitte melden Sie sich an."))
    if user.is_programme_wide or user.has_role(Role.REGION_COORDINATOR):
        return allow()
    return deny(
        _(
            "Anträge, Bescheide und Mittelabrufe sehen das Ministerium, die Bewilligungsbehörde "
            "und die Gebietskörperschaften."
        )
    )


def can_plan_projects(user, application_or_none, region) -> Verdict:
    """Creating and editing projects with their cost and financing plans: the region's
    coordination while the application is a draft (or does not exist yet)."""
    if not is_region_coordinator_for(user, region):
        return deny(_("Projekte plant die Koordination der Gebietskörperschaft."))
    if application_or_none is not None and application_or_none.status == ApplicationStatus.DECIDED:
        return deny(
            _(
                "Der Antrag ist beschieden; die Projekte sind Teil des Zuwendungsbescheids. "
                "Änderungen sind nur noch durch einen Änderungsbescheid möglich."
            )
        )
    if application_or_none is not None and application_or_none.status != ApplicationStatus.DRAFT:
        return deny(
            _(
                "Der Antrag ist eingereicht; Projekte ändern sich jetzt nur, wenn die "
                "Bewilligungsbehörde ihn zur Überarbeitung zurückgibt."
            )
        )
    return allow()


def can_review(user, application) -> Verdict:
    if not is_authority(user):
        return deny(_("Anträge prüft die Bewilligungsbehörde."))
    if application.status != ApplicationStatus.IN_REVIEW:
        return deny(_("Prüfvermerke sind nur möglich, solange der Antrag in Prüfung ist."))
    return allow()


def can_draft_decision(user, application) -> Verdict:
    if not is_authority(user):
        return deny(_("Bescheide erlässt die Bewilligungsbehörde."))
    return allow()


def can_edit_decision(user, decision) -> Verdict:
    if not is_authority(user):
        return deny(_("Bescheide erlässt die Bewilligungsbehörde."))
    if decision.status != DecisionStatus.DRAFT:
        return deny(
            _("Ein erlassener Bescheid ändert sich nicht; erlassen Sie einen Änderungsbescheid.")
        )
    return allow()


def can_edit_templates(user) -> Verdict:
    if is_authority(user):
        return allow()
    return deny(_("Bescheidvorlagen pflegt die Bewilligungsbehörde."))


def can_request_payment(user, application) -> Verdict:
    if not is_region_coordinator_for(user, application.region):
        return deny(_("Mittel ruft die Koordination der Gebietskörperschaft ab."))
    if application.status != ApplicationStatus.DECIDED:
        return deny(_("Mittel können erst nach dem Zuwendungsbescheid abgerufen werden."))
    return allow()


def can_edit_proof(user, proof) -> Verdict:
    if not is_region_coordinator_for(user, proof.application.region):
        return deny(_("Den Verwendungsnachweis erstellt die Koordination der Gebietskörperschaft."))
    if proof.status != ProofStatus.DRAFT:
        return deny(
            _("Der Verwendungsnachweis ist eingereicht und kann nicht mehr geändert werden.")
        )
    return allow()


def can_review_proof(user, proof) -> Verdict:
    if not is_authority(user):
        return deny(_("Verwendungsnachweise prüft die Bewilligungsbehörde."))
    if proof.status != ProofStatus.IN_REVIEW:
        return deny(_("Prüfergebnisse sind nur möglich, solange der Nachweis in Prüfung ist."))
    return allow()
