"""The portal's only writes: feedback received from the public and the ministry's answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_date
from zielwerk.notifications.services import notification_send

from .choices import FeedbackStatus
from .models import Feedback, due_date
from .permissions import can_handle_feedback


def feedback_submit(
    *, actor=None, message: str, page_url: str = "", email: str = "", received_at=None
) -> Feedback:
    """Store feedback from the public (anyone, no login) and tell the ministry's staff."""
    message = message.strip()
    if not message:
        raise ValidationError(_("Bitte schreiben Sie uns Ihre Nachricht."))
    received_at = received_at or timezone.now()
    with transaction.atomic():
        feedback = Feedback.objects.create(
            message=message,
            page_url=page_url.strip()[:500],
            email=email.strip(),
            received_at=received_at,
            due_on=due_date(received_at),
        )
        audit_record(
            actor=actor,
            action="portal.feedback_submit",
            obj=feedback,
            changes={"due_on": [None, str(feedback.due_on)]},
        )
        link = reverse("portal:feedback_detail", kwargs={"pk": feedback.pk})
        for person in people_with_role(Role.MINISTRY_STAFF):
            notification_send(
                recipient=person,
                title=_("Neue Rückmeldung zum Portal"),
                body=_("Eine Rückmeldung ist eingegangen; Antwort fällig bis %(date)s.")
                % {"date": format_date(feedback.due_on)},
                link=link,
            )
    return feedback


def feedback_answer(*, actor, feedback: Feedback, answer: str) -> Feedback:
    """Record the ministry's answer (sent to the person outside Zielwerk, e.g. by e-mail)."""
    can_handle_feedback(actor).enforce()
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Bitte geben Sie die Antwort ein."))
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        old = feedback.status
        feedback.answer = answer
        feedback.status = FeedbackStatus.ANSWERED
        feedback.answered_at = timezone.now()
        feedback.answered_by = actor
        feedback.save()
        audit_record(
            actor=actor,
            action="portal.feedback_answer",
            obj=feedback,
            changes={"status": [old, feedback.status]},
        )
    return feedback
