"""The state machines of the grant procedure as data. Each table drives the buttons on the pages,
the permission check in the services (`check_transition`) and the diagrams in
docs/grants-workflows.md (`manage.py grants_workflow_docs` writes them; a test keeps them true).

Some steps happen as the consequence of another: issuing the grant decision moves the application
to "decided" (`decide`), issuing a reclaim decision moves the proof of use to "reclaim". They are
in the tables so that the diagrams are complete, with `automatic=True`: no button offers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zielwerk.core.permissions import Verdict, deny

from . import permissions
from .choices import (
    ApplicationStatus,
    DecisionStatus,
    PaymentRequestStatus,
    ProofStatus,
)


@dataclass(frozen=True)
class Transition:
    name: str
    source: str
    target: str
    label: str | Promise
    who: Callable[..., Verdict]  # (user, obj) -> Verdict, from permissions.py
    hint: str | Promise = ""
    form: bool = False  # asks for data (a reason, a date) on its own page
    confirm: bool = False  # cannot be undone: asked again on its own page
    automatic: bool = False  # the consequence of another step, never a button

    @property
    def own_page(self) -> bool:
        return self.form or self.confirm


@dataclass(frozen=True)
class Workflow:
    key: str
    title: str | Promise
    initial: str
    transitions: tuple[Transition, ...]

    def get(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, user, obj) -> list[Transition]:
        """The steps this person may take now: the buttons on the object's page."""
        return [
            t
            for t in self.transitions
            if t.source == obj.status and not t.automatic and t.who(user, obj)
        ]

    def check(self, user, obj, name: str) -> Transition:
        """The transition, after checking that it exists here, starts from the object's status and
        that the user may take it. Raises PermissionDenied with the reason otherwise."""
        transition = self.get(name)
        if transition is None:
            deny(str(_("Diesen Schritt gibt es nicht."))).enforce()
        assert transition is not None
        if transition.source != obj.status:
            deny(
                str(_("Dieser Schritt ist im Status „%(status)s“ nicht möglich."))
                % {"status": obj.get_status_display()}
            ).enforce()
        transition.who(user, obj).enforce()
        return transition

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for t in self.transitions:
            suffix = " (automatisch)" if t.automatic else ""
            lines.append(f"    {t.source} --> {t.target}: {t.name}{suffix}")
        return "\n".join(lines)


APPLICATION = Workflow(
    "application",
    _("Antrag"),
    ApplicationStatus.DRAFT,
    (
        Transition(
            "submit",
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            _("Antrag einreichen"),
            permissions.acts_for_region,
            hint=_(
                "Alle Finanzierungspläne müssen ausgeglichen sein. Nach Ablauf der Antragsfrist "
                "ist eine Begründung nötig. Danach sind die Projekte für die Prüfung gesperrt."
            ),
            form=True,
            confirm=True,
        ),
        Transition(
            "start_review",
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.IN_REVIEW,
            _("Prüfung beginnen"),
            permissions.acts_for_authority,
        ),
        Transition(
            "return",
            ApplicationStatus.IN_REVIEW,
            ApplicationStatus.DRAFT,
            _("Zur Überarbeitung zurückgeben"),
            permissions.acts_for_authority,
            hint=_("Die Gebietskörperschaft kann Projekte und Pläne ändern und erneut einreichen."),
            form=True,
        ),
        Transition(
            "decide",
            ApplicationStatus.IN_REVIEW,
            ApplicationStatus.DECIDED,
            _("beschieden"),
            permissions.acts_for_authority,
            hint=_("mit dem Erlass des Zuwendungsbescheids"),
            automatic=True,
        ),
    ),
)

DECISION = Workflow(
    "decision",
    _("Bescheid"),
    DecisionStatus.DRAFT,
    (
        Transition(
            "issue",
            DecisionStatus.DRAFT,
            DecisionStatus.ISSUED,
            _("Bescheid erlassen"),
            permissions.acts_for_authority,
            hint=_(
                "Der Bescheid erhält Datum und Aktenzeichen und ist danach unveränderlich. "
                "Änderungen sind nur durch einen weiteren Bescheid möglich."
            ),
            confirm=True,
        ),
    ),
)

PAYMENT_REQUEST = Workflow(
    "payment_request",
    _("Mittelabruf"),
    PaymentRequestStatus.REQUESTED,
    (
        Transition(
            "approve",
            PaymentRequestStatus.REQUESTED,
            PaymentRequestStatus.APPROVED,
            _("Freigeben"),
            permissions.acts_for_authority,
        ),
        Transition(
            "reject",
            PaymentRequestStatus.REQUESTED,
            PaymentRequestStatus.REJECTED,
            _("Ablehnen"),
            permissions.acts_for_authority,
            hint=_("Der Betrag steht danach wieder für Abrufe zur Verfügung."),
            form=True,
        ),
        Transition(
            "pay",
            PaymentRequestStatus.APPROVED,
            PaymentRequestStatus.PAID,
            _("Auszahlung erfassen"),
            permissions.acts_for_authority,
            hint=_("Mit dem Auszahlungstag beginnt die Verwendungsfrist."),
            form=True,
        ),
    ),
)

PROOF = Workflow(
    "proof",
    _("Verwendungsnachweis"),
    ProofStatus.DRAFT,
    (
        Transition(
            "submit",
            ProofStatus.DRAFT,
            ProofStatus.SUBMITTED,
            _("Verwendungsnachweis einreichen"),
            permissions.acts_for_region,
            hint=_("Danach sind Sachbericht und Zahlen für die Prüfung gesperrt."),
            confirm=True,
        ),
        Transition(
            "start_review",
            ProofStatus.SUBMITTED,
            ProofStatus.IN_REVIEW,
            _("Prüfung beginnen"),
            permissions.acts_for_authority,
        ),
        Transition(
            "return",
            ProofStatus.IN_REVIEW,
            ProofStatus.DRAFT,
            _("Zur Überarbeitung zurückgeben"),
            permissions.acts_for_authority,
            form=True,
        ),
        Transition(
            "close",
            ProofStatus.IN_REVIEW,
            ProofStatus.CLOSED,
            _("Prüfung abschließen"),
            permissions.acts_for_authority,
            hint=_("Alle Positionen sind geprüft und es ist nichts zurückzufordern."),
            confirm=True,
        ),
        Transition(
            "reclaim",
            ProofStatus.IN_REVIEW,
            ProofStatus.RECLAIM,
            _("Rückforderung"),
            permissions.acts_for_authority,
            hint=_("mit dem Erlass des Rückforderungsbescheids"),
            automatic=True,
        ),
    ),
)

WORKFLOWS: tuple[Workflow, ...] = (APPLICATION, DECISION, PAYMENT_REQUEST, PROOF)


def docs_markdown() -> str:
    """docs/grants-workflows.md: one diagram per workflow and the table of steps."""
    out = [
        "# Zuwendungsverfahren: Zustände und Schritte",
        "",
        "Erzeugt aus `zielwerk/grants/workflows.py` mit "
        "`.venv/bin/python manage.py grants_workflow_docs`; ein Test prüft, dass diese Datei "
        "aktuell ist.",
        "",
    ]
    for workflow in WORKFLOWS:
        out += [f"## {workflow.title}", "", "```mermaid", workflow.mermaid(), "```", ""]
        out += ["| Schritt | von | nach | wer | |", "|---|---|---|---|---|"]
        for t in workflow.transitions:
            who = {
                "acts_for_region": "Gebietskörperschaft",
                "acts_for_authority": "Bewilligungsbehörde",
            }.get(t.who.__name__, t.who.__name__)
            extra = "automatisch" if t.automatic else ("mit Bestätigung" if t.confirm else "")
            out.append(f"| {t.label} (`{t.name}`) | {t.source} | {t.target} | {who} | {extra} |")
        out.append("")
    return "\n".join(out)
