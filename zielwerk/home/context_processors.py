from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from django.urls import reverse
from django.utils.translation import gettext as _

from zielwerk.accounts.permissions import can_view_audit, is_admin
from zielwerk.agreements.permissions import can_view_agreements
from zielwerk.budgets.permissions import can_view_budget
from zielwerk.conferences.permissions import can_view_conferences
from zielwerk.grants.permissions import can_view_grants
from zielwerk.home.selectors import current_programme_year
from zielwerk.notifications.models import Notification
from zielwerk.participants.permissions import can_view_indicators
from zielwerk.portal.permissions import can_handle_feedback
from zielwerk.practice.permissions import can_view_practice
from zielwerk.steering.permissions import can_view_steering
from zielwerk.surveys.permissions import can_view_surveys

try:
    VERSION = version("zielwerk")
except PackageNotFoundError:  # running from a plain checkout
    VERSION = "dev"


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "ZIELWERK_VERSION": VERSION}
    path = request.path
    current = current_programme_year()
    entries = [
        (_("Start"), reverse("home:start"), path == "/"),
        (
            _("Programmjahre"),
            reverse("programmes:programmeyear_list"),
            path.startswith("/programme"),
        ),
        (
            _("Gebietskörperschaften"),
            reverse("organisations:region_list"),
            path.startswith("/gebietskoerperschaften"),
        ),
        (
            _("Organisationen"),
            reverse("organisations:organisation_list"),
            path.startswith("/organisationen"),
        ),
    ]
    if can_view_agreements(user):
        entries.insert(
            2,
            (
                _("Zielvereinbarungen"),
                reverse("agreements:agreement_list"),
                path.startswith("/zielvereinbarungen"),
            ),
        )
    if can_view_budget(user) and current is not None:
        entries.insert(
            2,
            (
                _("Haushalt"),
                reverse("budgets:overview", kwargs={"year": current.year}),
                path.startswith("/haushalt"),
            ),
        )
    if can_view_grants(user) and current is not None:
        entries.insert(
            3 if len(entries) > 4 else 2,
            (
                _("Zuwendung"),
                reverse("grants:overview", kwargs={"year": current.year}),
                path.startswith(("/zuwendung", "/bescheide", "/mittelabrufe", "/projekte")),
            ),
        )
    if current is not None and can_view_indicators(user):
        entries.append(
            (
                _("Kennzahlen"),
                reverse("participants:indicators", kwargs={"year": current.year}),
                path.startswith("/teilnehmende/kennzahlen"),
            )
        )
    if can_view_steering(user):
        entries.append((_("Steuerung"), reverse("steering:index"), path.startswith("/steuerung")))
    # Continuous improvement (§ 7): surveys, conferences, good practice; the ministry's inbox of
    # feedback from the public portal.
    for allowed, label, name, prefix in (
        (can_view_surveys(user), _("Befragungen"), "surveys:survey_list", "/umfragen"),
        (
            can_view_conferences(user),
            _("Konferenzen"),
            "conferences:conference_list",
            "/konferenzen",
        ),
        (can_view_practice(user), _("Gute Praxis"), "practice:entry_list", "/gute-praxis"),
        (
            can_handle_feedback(user),
            _("Rückmeldungen"),
            "portal:feedback_list",
            "/rueckmeldungen",
        ),
    ):
        if allowed:
            entries.append((label, reverse(name), path.startswith(prefix)))
    if can_view_audit(user):
        entries.append((_("Protokoll"), reverse("home:audit_list"), path.startswith("/protokoll")))
    unread = Notification.objects.visible_to(user).unread().count()
    return {
        "nav_items": [NavItem(*entry) for entry in entries],
        "unread_notifications": unread,
        "can_use_admin": is_admin(user),
        "ZIELWERK_VERSION": VERSION,
    }
