"""The agreement's workflow as data: one table drives the buttons on the page, the permission
check in `services.agreement_transition` and the diagram in docs/agreements-workflow.md.

Saving a change in draft or negotiation is not a transition: it creates the next version in the
same status (services.agreement_version_save). An amendment (Änderungsvereinbarung) is not one
either: it starts a new version in draft that references the signed one it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zielwerk.core.permissions import Verdict

from . import permissions
from .choices import AgreementStatus


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    label: str | Promise
    who: Callable[..., Verdict]  # (user, agreement) -> Verdict, from permissions.py
    hint: str | Promise = ""
    form: bool = False  # asks for data (dates, names, file) on its own page
    confirm: bool = False  # cannot be undone: asked again on its own page

    @property
    def own_page(self) -> bool:
        return self.form or self.confirm


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "start_negotiation",
        AgreementStatus.DRAFT,
        AgreementStatus.NEGOTIATION,
        _("Verhandlung beginnen"),
        permissions.acts_for_ministry,
        hint=_("Die Gebietskörperschaft kann danach kommentieren und Änderungen speichern."),
    ),
    Transition(
        "agree",
        AgreementStatus.NEGOTIATION,
        AgreementStatus.AGREED,
        _("Als abgestimmt festhalten"),
        permissions.acts_for_ministry,
        hint=_("Der Text dieser Fassung gilt als vereinbart; Änderungen sind dann gesperrt."),
    ),
    Transition(
        "reopen",
        AgreementStatus.AGREED,
        AgreementStatus.NEGOTIATION,
        _("Verhandlung wieder aufnehmen"),
        permissions.acts_for_ministry,
        hint=_("Gibt die Fassung wieder für Änderungen frei."),
    ),
    Transition(
        "sign",
        AgreementStatus.AGREED,
        AgreementStatus.SIGNED,
        _("Unterzeichnung erfassen"),
        permissions.acts_for_ministry,
        hint=_(
            "Erfassen Sie die Unterschriften beider Seiten und laden Sie das unterzeichnete PDF "
            "hoch. Danach ändert nur noch eine Änderungsvereinbarung die Zielvereinbarung."
        ),
        form=True,
        confirm=True,
    ),
    Transition(
        "publish",
        AgreementStatus.SIGNED,
        AgreementStatus.PUBLISHED,
        _("Veröffentlichen"),
        permissions.acts_for_ministry,
        hint=_(
            "Die Fassung erscheint danach für alle sichtbar auf der öffentlichen Seite. "
            "Das lässt sich nicht zurücknehmen."
        ),
        confirm=True,
    ),
)

BY_NAME: dict[str, Transition] = {transition.name: transition for transition in TRANSITIONS}

# An amendment starts from a signed (or published) version.
AMENDMENT_SOURCES = permissions.AMENDABLE


def get_transition(name: str) -> Transition | None:
    return BY_NAME.get(name)


def transitions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS if transition.source == status]


def available_transitions(user, version) -> list[Transition]:
    """The steps this person may take now: the buttons on the agreement's page."""
    return [
        transition
        for transition in transitions_from(version.status)
        if permissions.can_transition(user, version, transition)
    ]


def mermaid() -> str:
    """The workflow as a Mermaid state diagram (docs/agreements-workflow.md shows this text)."""
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    for transition in TRANSITIONS:
        lines.append(f"    {transition.source} --> {transition.target}: {transition.name}")
    for source in AMENDMENT_SOURCES:
        lines.append(f"    {source} --> draft: amend (next version)")
    return "\n".join(lines)
