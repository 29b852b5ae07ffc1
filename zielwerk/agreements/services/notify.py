"""Notifications about an agreement: comments go to the other side, workflow steps to the
region's coordinators. Called by the services inside their transaction, after the write;
notification_send queues the e-mail for after the commit."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import User
from zielwerk.accounts.selectors import people_with_role
from zielwerk.notifications.services import notification_send
from zielwerk.organisations.choices import OrganisationKind

from ..models import Agreement, AgreementVersion, Comment
from ..permissions import is_region_coordinator_of

TITLE_LENGTH = 200  # Notification.title

# What the region's coordinators are told, per workflow step (services.workflow).
STEP_TITLES = {
    "start_negotiation": gettext_lazy("Verhandlung begonnen"),
    "agree": gettext_lazy("Abgestimmt"),
    "reopen": gettext_lazy("Verhandlung wieder aufgenommen"),
    "sign": gettext_lazy("Unterzeichnet"),
    "publish": gettext_lazy("Veröffentlicht"),
    "amend": gettext_lazy("Änderungsvereinbarung angelegt"),
}


def region_coordinators(agreement: Agreement, *, actor=None) -> QuerySet[User]:
    """Everyone with a membership valid today as coordinator of the region's administration."""
    return people_with_role(
        Role.REGION_COORDINATOR, organisation_id=agreement.region.administration_id, exclude=actor
    )


def ministry_staff(*, actor=None) -> QuerySet[User]:
    """Everyone with a membership valid today as staff of the ministry."""
    return people_with_role(
        Role.MINISTRY_STAFF, organisation_kind=OrganisationKind.MINISTRY, exclude=actor
    )


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _subject(headline, agreement: Agreement) -> str:
    title = _("%(headline)s: Zielvereinbarung %(year)s – %(region)s") % {
        "headline": headline,
        "year": agreement.programme_year.year,
        "region": agreement.region.name,
    }
    return title[:TITLE_LENGTH]


def notify_comment(*, actor, comment: Comment) -> int:
    """A region's coordinator wrote: the ministry's staff hear of it; the ministry (or the
    administration) wrote: the region's coordinators. Returns the number of notifications."""
    agreement = comment.version.agreement
    if is_region_coordinator_of(actor, agreement):
        recipients = ministry_staff(actor=actor)
    else:
        recipients = region_coordinators(agreement, actor=actor)
    title = _subject(_("Neuer Kommentar"), agreement)
    body = _("%(person)s hat Fassung %(number)s kommentiert:\n\n%(text)s") % {
        "person": _person(actor),
        "number": comment.version.number,
        "text": comment.body[:1000],
    }
    link = agreement.get_absolute_url() + "#kommentare"
    count = 0
    for recipient in recipients:
        notification_send(recipient=recipient, title=title, body=body, link=link)
        count += 1
    return count


def notify_step(*, actor, version: AgreementVersion, step: str) -> int:
    """A workflow step or a new amendment: the region's coordinators hear of it."""
    headline = STEP_TITLES.get(step)
    if headline is None:
        return 0
    agreement = version.agreement
    title = _subject(headline, agreement)
    person = _person(actor) if getattr(actor, "pk", None) else _("Das System")
    body = _("%(person)s: %(headline)s (Fassung %(number)s, Status „%(status)s“).") % {
        "person": person,
        "headline": headline,
        "number": version.number,
        "status": version.get_status_display(),
    }
    count = 0
    for recipient in region_coordinators(agreement, actor=actor):
        notification_send(
            recipient=recipient, title=title, body=body, link=agreement.get_absolute_url()
        )
        count += 1
    return count
