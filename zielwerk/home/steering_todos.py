"""To-dos of steering on the start page: the person's tasks from the autumn implementation
meetings that are due within two weeks or overdue and not done (one query)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.core.formats import format_date, format_days_left
from zielwerk.steering.choices import OPEN_TASK_STATUSES, ResolutionKind
from zielwerk.steering.models import Resolution

REMINDER_DAYS = 14


def due_tasks(user, today: dt.date | None = None):
    """The person's open tasks due within REMINDER_DAYS days or overdue, earliest first."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return Resolution.objects.none()
    return (
        Resolution.objects.filter(
            kind=ResolutionKind.TASK,
            owner=user,
            status__in=OPEN_TASK_STATUSES,
            due_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
        )
        .select_related("meeting__region", "meeting__programme_year")
        .order_by("due_on", "pk")
    )


def task_todos(user, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """(title, detail, url) per due task, as the start page's to-dos."""
    today = today or timezone.localdate()
    todos = []
    for task in due_tasks(user, today):
        meeting = task.meeting
        overdue = task.due_on < today
        title = (
            _("Aufgabe überfällig: %(text)s") if overdue else _("Aufgabe fällig: %(text)s")
        ) % {"text": task.text if len(task.text) <= 90 else task.text[:89] + "…"}
        detail = _("%(left)s – aus der Umsetzungsbesprechung %(region)s vom %(date)s.") % {
            "left": format_days_left(task.due_on, today),
            "region": meeting.region.name,
            "date": format_date(meeting.held_on),
        }
        todos.append((title, detail, reverse("steering:task_update", kwargs={"pk": task.pk})))
    return todos
