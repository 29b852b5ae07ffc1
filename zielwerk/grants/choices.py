from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    DECIDED = "decided", _("beschieden")


class ReviewKind(models.TextChoices):
    CONTENT = "content", _("inhaltliche Prüfung")
    FINANCE = "finance", _("finanzielle Prüfung")


class ReviewResult(models.TextChoices):
    OPEN = "open", _("offen")
    APPROVED = "approved", _("ohne Beanstandung")
    RESERVATIONS = "reservations", _("mit Einschränkungen")
    REJECTED = "rejected", _("nicht förderfähig")


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Zuwendungsbescheid")
    AMENDMENT = "amendment", _("Änderungsbescheid")
    REVOCATION = "revocation", _("Widerrufsbescheid")
    RECLAIM = "reclaim", _("Rückforderungsbescheid")


# Decisions that set the approved amounts; a reclaim decision sets what is paid back instead.
APPROVING_KINDS = (DecisionKind.GRANT, DecisionKind.AMENDMENT, DecisionKind.REVOCATION)


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    ISSUED = "issued", _("erlassen")


class PaymentRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("beantragt")
    APPROVED = "approved", _("freigegeben")
    REJECTED = "rejected", _("abgelehnt")
    PAID = "paid", _("ausgezahlt")


# Requests that count against the approved amount (a rejected one frees its amount again).
BINDING_REQUEST_STATUSES = (
    PaymentRequestStatus.REQUESTED,
    PaymentRequestStatus.APPROVED,
    PaymentRequestStatus.PAID,
)


class ProofStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    CLOSED = "closed", _("abgeschlossen")
    RECLAIM = "reclaim", _("Rückforderung")


class StatementSide(models.TextChoices):
    COST = "cost", _("Ausgaben")
    INCOME = "income", _("Einnahmen")


class ItemVerdict(models.TextChoices):
    """The authority's finding on one line of the numerical statement."""

    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("anerkannt")
    PARTLY = "partly", _("teilweise anerkannt")
    REJECTED = "rejected", _("nicht anerkannt")
