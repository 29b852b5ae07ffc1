"""The grant procedure (Zuwendungsverfahren) of one region and programme year.

Application (Antrag, one per region and year, bundling the region's projects of the year) →
ApplicationReview (content and finance) → Decision (Bescheid: grant, amendment, revocation,
reclaim) with one DecisionItem per project → PaymentRequest (Mittelabruf) → Payment (Auszahlung) →
ProofOfUse (Verwendungsnachweis: narrative report and StatementItems) → Reclaim (Rückforderung
with interest per day).

States change only through the services (grants/services/), driven by the tables in
workflows.py; every change is audited. Money is Decimal with two places everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    APPROVING_KINDS,
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    ItemVerdict,
    PaymentRequestStatus,
    ProofStatus,
    ReviewKind,
    ReviewResult,
    StatementSide,
)

ZERO = Decimal("0.00")


def _user_fk(verbose_name, related_name):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programme-wide staff see all; a region's people their region's; a provider the
        applications that contain one of its projects (it sees only those projects inside)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        return self.filter(
            Q(region__administration_id__in=user.organisation_ids)
            | Q(
                region__projects__provider_id__in=user.organisation_ids,
                region__projects__programme_year=models.F("programme_year"),
            )
        ).distinct()


class Application(models.Model):
    """Antrag: one per region and programme year, bundling the region's projects of the year."""

    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    reference = models.CharField(
        _("Aktenzeichen"), max_length=60, blank=True, help_text=_("wird beim Einreichen vergeben")
    )
    note = models.TextField(
        _("Anschreiben"), blank=True, help_text=_("Hinweise der Gebietskörperschaft zum Antrag")
    )
    early_start = models.BooleanField(
        _("vorzeitiger Maßnahmebeginn"),
        default=False,
        help_text=_("Projekte beginnen vor dem Bescheid (frühestens am 1. Januar)."),
    )
    early_start_on = models.DateField(_("Beginn ab"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = _user_fk(_("eingereicht von"), "+")
    is_late = models.BooleanField(_("verspätet"), default=False)
    late_reason = models.TextField(_("Begründung der Verspätung"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-programme_year__year", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "region"], name="application_one_per_region_year"
            ),
            models.CheckConstraint(
                condition=Q(is_late=False) | ~Q(late_reason=""),
                name="application_late_has_reason",
                violation_error_message=_("Eine verspätete Einreichung braucht eine Begründung."),
            ),
        ]

    def __str__(self) -> str:
        return _("Antrag %(region)s %(year)s") % {
            "region": self.region.name,
            "year": self.programme_year.year,
        }

    @property
    def deadline(self) -> dt.date | None:
        return self.programme_year.application_deadline

    def projects(self):
        """The region's projects of the year: what the application bundles."""
        from zielwerk.projects.models import Project

        return Project.objects.filter(
            region_id=self.region_id, programme_year_id=self.programme_year_id
        )


class ApplicationReview(models.Model):
    """Prüfung: the authority checks the content and the finances, each with notes and a result."""

    application = models.ForeignKey(
        Application, verbose_name=_("Antrag"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("Prüfung"), max_length=20, choices=ReviewKind.choices)
    result = models.CharField(
        _("Ergebnis"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.OPEN
    )
    notes = models.TextField(_("Vermerk"), blank=True)
    reviewer = _user_fk(_("geprüft von"), "+")
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Prüfung")
        verbose_name_plural = _("Prüfungen")
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="review_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_result_display()}"


class DecisionTemplate(models.Model):
    """The authority's wording of a kind of decision, from a programme year on. Placeholders in
    curly braces ({region}, {year}, {total}, …; see grants/documents.py) are filled when a
    decision is drafted; the decision keeps its own copy of the texts, so editing a template never
    changes a decision already drafted or issued."""

    kind = models.CharField(_("Art des Bescheids"), max_length=20, choices=DecisionKind.choices)
    valid_from_year = models.PositiveIntegerField(_("gilt ab Programmjahr"))
    title = models.CharField(_("Überschrift"), max_length=200)
    intro = models.TextField(_("Tenor / Einleitung"))
    conditions = models.TextField(_("Nebenbestimmungen"), blank=True)
    reasons = models.TextField(_("Begründung"), blank=True)
    remedy = models.TextField(_("Rechtsbehelfsbelehrung"))
    closing = models.TextField(_("Schlussformel"), blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)
    updated_by = _user_fk(_("zuletzt geändert von"), "+")

    class Meta:
        verbose_name = _("Bescheidvorlage")
        verbose_name_plural = _("Bescheidvorlagen")
        ordering = ["kind", "-valid_from_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "valid_from_year"], name="decision_template_unique"
            )
        ]

    def __str__(self) -> str:
        return _("%(kind)s ab %(year)s") % {
            "kind": self.get_kind_display(),
            "year": self.valid_from_year,
        }


class ProcedureQuerySet(models.QuerySet):
    """Objects of one application's procedure (decisions, payment requests, proofs of use): they
    pass between the authority and the region, so programme-wide staff and the region's people
    see them; providers do not."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        return self.filter(application__region__administration_id__in=user.organisation_ids)


class DecisionQuerySet(ProcedureQuerySet):
    def issued(self):
        return self.filter(status=DecisionStatus.ISSUED)


class Decision(models.Model):
    """Bescheid. A grant decision approves amounts per project; an amendment or revocation is a
    further decision that replaces the amounts of the previous one (`previous`); a reclaim
    decision demands money back (see Reclaim). Issued decisions never change."""

    application = models.ForeignKey(
        Application, verbose_name=_("Antrag"), on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=DecisionKind.choices)
    number = models.PositiveIntegerField(_("lfd. Nr."))
    status = models.CharField(
        _("Status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("ändert Bescheid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=80)
    title = models.CharField(_("Überschrift"), max_length=200)
    intro = models.TextField(_("Tenor / Einleitung"))
    conditions = models.TextField(_("Nebenbestimmungen"), blank=True)
    reasons = models.TextField(_("Begründung"), blank=True)
    remedy = models.TextField(_("Rechtsbehelfsbelehrung"))
    closing = models.TextField(_("Schlussformel"), blank=True)
    proof_due_on = models.DateField(_("Verwendungsnachweis bis"), null=True, blank=True)
    total = models.DecimalField(
        _("Betrag"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        help_text=_("bewilligte Summe; beim Rückforderungsbescheid der zu erstattende Betrag"),
    )
    issued_on = models.DateField(_("Bescheiddatum"), null=True, blank=True)
    issued_at = models.DateTimeField(_("erlassen am"), null=True, blank=True)
    issued_by = _user_fk(_("erlassen von"), "+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    created_by = _user_fk(_("angelegt von"), "+")
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="decision_number"),
            models.CheckConstraint(condition=Q(total__gte=0), name="decision_total_not_negative"),
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.DRAFT) | Q(issued_on__isnull=False),
                name="decision_issued_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} ({self.number})"

    @property
    def is_approving(self) -> bool:
        return self.kind in APPROVING_KINDS

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED


class DecisionItem(models.Model):
    """One project in a decision: what was applied for and what is approved, with the reason
    whenever less is approved than applied for (partial approval)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("Bescheid"), on_delete=models.CASCADE, related_name="items"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.PROTECT,
        related_name="decision_items",
    )
    applied = models.DecimalField(
        _("beantragt"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    approved = models.DecimalField(
        _("bewilligt"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Bescheidposition")
        verbose_name_plural = _("Bescheidpositionen")
        ordering = ["decision", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "project"], name="decision_item_unique"),
            models.CheckConstraint(
                condition=Q(applied__gte=0) & Q(approved__gte=0), name="decision_item_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.approved}"

    @property
    def is_partial(self) -> bool:
        return self.approved < self.applied


class PaymentRequestQuerySet(ProcedureQuerySet):
    def binding(self):
        from .choices import BINDING_REQUEST_STATUSES

        return self.filter(status__in=BINDING_REQUEST_STATUSES)


class PaymentRequest(models.Model):
    """Mittelabruf: the region asks for an amount for a period."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("Antrag"),
        on_delete=models.PROTECT,
        related_name="payment_requests",
    )
    number = models.PositiveIntegerField(_("lfd. Nr."))
    amount = models.DecimalField(_("Betrag"), max_digits=12, decimal_places=2)
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    note = models.TextField(_("Begründung"), blank=True)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=PaymentRequestStatus.choices,
        default=PaymentRequestStatus.REQUESTED,
    )
    requested_at = models.DateTimeField(_("abgerufen am"), auto_now_add=True)
    requested_by = _user_fk(_("abgerufen von"), "+")
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = _user_fk(_("entschieden von"), "+")
    decision_note = models.TextField(_("Vermerk der Bewilligungsbehörde"), blank=True)

    objects = PaymentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="payment_request_no"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_request_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="payment_request_period_order",
                violation_error_message=_("Das Ende des Zeitraums liegt vor dem Beginn."),
            ),
        ]

    def __str__(self) -> str:
        return _("Mittelabruf %(number)s (%(application)s)") % {
            "number": self.number,
            "application": self.application,
        }


class Payment(models.Model):
    """Auszahlung of an approved request. The money must be used by `use_by` (payout plus the
    programme year's period, default two months); the region reports when it was used."""

    request = models.OneToOneField(
        PaymentRequest,
        verbose_name=_("Mittelabruf"),
        on_delete=models.PROTECT,
        related_name="payment",
    )
    amount = models.DecimalField(_("Betrag"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("ausgezahlt am"))
    use_by = models.DateField(_("zu verwenden bis"))
    used_on = models.DateField(_("verwendet am"), null=True, blank=True)
    recorded_by = _user_fk(_("erfasst von"), "+")
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.paid_on})"

    def is_late_use(self, today: dt.date) -> bool:
        """Used after the period, or not reported as used although the period is over."""
        if self.used_on is not None:
            return self.used_on > self.use_by
        return today > self.use_by


class ProofOfUse(models.Model):
    """Verwendungsnachweis: narrative report (Sachbericht) and numerical statement."""

    application = models.OneToOneField(
        Application, verbose_name=_("Antrag"), on_delete=models.PROTECT, related_name="proof"
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ProofStatus.choices, default=ProofStatus.DRAFT
    )
    narrative = models.TextField(_("Sachbericht"), blank=True)
    narrative_drafted_at = models.DateTimeField(
        _("Sachbericht vorbereitet am"),
        null=True,
        blank=True,
        help_text=_("Zeitpunkt, zu dem der Entwurf aus den Monitoringdaten erstellt wurde"),
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    submitted_by = _user_fk(_("eingereicht von"), "+")
    conclusion_note = models.TextField(_("Prüfvermerk"), blank=True)
    concluded_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    concluded_by = _user_fk(_("abgeschlossen von"), "+")
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")

    def __str__(self) -> str:
        return _("Verwendungsnachweis %(region)s %(year)s") % {
            "region": self.application.region.name,
            "year": self.application.programme_year.year,
        }


class StatementItem(models.Model):
    """One line of the numerical statement: per project, a cost category (against the plan) or a
    source of income, and the authority's finding on it."""

    proof = models.ForeignKey(
        ProofOfUse,
        verbose_name=_("Verwendungsnachweis"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.PROTECT,
        related_name="statement_items",
    )
    side = models.CharField(_("Art"), max_length=10, choices=StatementSide.choices)
    category = models.CharField(
        _("Position"),
        max_length=20,
        help_text=_("Kostenart (Ausgaben) oder Finanzierungsquelle (Einnahmen)"),
    )
    planned = models.DecimalField(_("Plan"), max_digits=12, decimal_places=2, default=ZERO)
    actual = models.DecimalField(
        _("Ist"), max_digits=12, decimal_places=2, default=ZERO, validators=[MinValueValidator(0)]
    )
    verdict = models.CharField(
        _("Prüfergebnis"), max_length=20, choices=ItemVerdict.choices, default=ItemVerdict.OPEN
    )
    recognised = models.DecimalField(
        _("anerkannt"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("der anerkannte Betrag; bei „teilweise“ weniger als der Ist-Betrag"),
    )
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Position des zahlenmäßigen Nachweises")
        verbose_name_plural = _("zahlenmäßiger Nachweis")
        ordering = ["proof", "project__code", "side", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["proof", "project", "side", "category"], name="statement_item_unique"
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=0), name="statement_actual_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.category}: {self.actual}"


class Reclaim(models.Model):
    """Rückforderung: the amount paid back and its interest per day from each payout to the
    repayment, at the programme year's rate (see grants/money.py for the computation).
    `lines` keeps the computation per payout as it was made: [{"paid_on", "amount", "days",
    "interest"}, …] with amounts as strings."""

    decision = models.OneToOneField(
        Decision,
        verbose_name=_("Rückforderungsbescheid"),
        on_delete=models.PROTECT,
        related_name="reclaim",
    )
    principal = models.DecimalField(_("Erstattungsbetrag"), max_digits=12, decimal_places=2)
    interest_percent = models.DecimalField(_("Zinssatz (% p. a.)"), max_digits=5, decimal_places=2)
    interest_until = models.DateField(
        _("Zinsen berechnet bis"), help_text=_("Fälligkeit oder tatsächliche Rückzahlung")
    )
    interest = models.DecimalField(_("Zinsen"), max_digits=12, decimal_places=2)
    lines = models.JSONField(_("Berechnung"), default=list)
    repaid_on = models.DateField(_("zurückgezahlt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Rückforderung")
        verbose_name_plural = _("Rückforderungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0) & Q(interest__gte=0), name="reclaim_amounts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.principal} + {self.interest}"

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest
