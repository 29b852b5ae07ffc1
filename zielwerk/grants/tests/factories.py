"""Test helpers that put the grant procedure of the demo's Wiesbaden 2024 into a given state
directly through the models (not through the services), so that each part can be tested on its
own. Use them with the `demo` fixture."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zielwerk.demo.grants_data import WIESBADEN_2024_PARTIAL, WIESBADEN_2024_PLANS
from zielwerk.grants.choices import (
    ApplicationStatus,
    DecisionKind,
    DecisionStatus,
    PaymentRequestStatus,
    ReviewKind,
    ReviewResult,
)
from zielwerk.grants.models import (
    Application,
    ApplicationReview,
    Decision,
    DecisionItem,
    Payment,
    PaymentRequest,
)
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.projects.models import CostItem, FundingItem, Project


def wiesbaden_2024() -> tuple[Region, ProgrammeYear]:
    return (
        Region.objects.get(slug="wiesbaden"),
        ProgrammeYear.objects.get(programme__code="aqb", year=2024),
    )


def plan_wiesbaden_projects() -> list[Project]:
    """The six projects with balanced plans: the demo provider runs FIB and HIB, a second
    (invented) provider the other four, as in the demo."""
    region, year = wiesbaden_2024()
    provider = Organisation.objects.get(slug="demo-traeger-wiesbaden")
    workshop, _created = Organisation.objects.get_or_create(
        slug="demo-jugendwerkstatt-wiesbaden",
        defaults={
            "kind": OrganisationKind.PROVIDER,
            "name": "Demo-Jugendwerkstatt Wiesbaden e.V. (erfunden)",
        },
    )
    workshop.regions.add(region)
    projects = []
    for project in Project.objects.filter(region=region, programme_year=year):
        costs, funding = WIESBADEN_2024_PLANS[project.short_name]
        CostItem.objects.filter(project=project).delete()
        FundingItem.objects.filter(project=project).delete()
        CostItem.objects.bulk_create(
            CostItem(project=project, category=k, amount=Decimal(v)) for k, v in costs.items()
        )
        FundingItem.objects.bulk_create(
            FundingItem(project=project, source=k, amount=Decimal(v)) for k, v in funding.items()
        )
        project.provider = provider if project.short_name in ("FIB", "HIB") else workshop
        project.planned_participants = 40
        project.planned_places = 20
        project.starts_on = dt.date(2024, 1, 1)
        project.ends_on = dt.date(2024, 12, 31)
        project.save()
        projects.append(project)
    return projects


def make_application(
    status: str = ApplicationStatus.DRAFT, *, reviewed: bool = False
) -> Application:
    region, year = wiesbaden_2024()
    plan_wiesbaden_projects()
    application, _created = Application.objects.get_or_create(
        region=region, programme_year=year, defaults={"status": status}
    )
    application.status = status
    if status != ApplicationStatus.DRAFT:
        application.submitted_at = dt.datetime(2024, 3, 28, 9, 0, tzinfo=dt.UTC)
        application.reference = "57-AQB-2024-WI"
    application.save()
    if reviewed:
        for kind in ReviewKind.values:
            ApplicationReview.objects.update_or_create(
                application=application,
                kind=kind,
                defaults={"result": ReviewResult.APPROVED, "notes": "geprüft"},
            )
    return application


def make_grant_decision(application: Application | None = None) -> Decision:
    """An issued grant decision with one partial approval (CBG); the application is decided."""
    application = application or make_application(ApplicationStatus.IN_REVIEW, reviewed=True)
    decision = Decision.objects.create(
        application=application,
        kind=DecisionKind.GRANT,
        number=1,
        status=DecisionStatus.ISSUED,
        reference=f"{application.reference}-1",
        title="Zuwendungsbescheid",
        intro="Zuwendung",
        remedy="Klage",
        issued_on=dt.date(2024, 5, 15),
        issued_at=dt.datetime(2024, 5, 15, 7, 0, tzinfo=dt.UTC),
        proof_due_on=dt.date(2025, 6, 30),
    )
    total = Decimal("0.00")
    for project in application.projects():
        applied = project.grant_requested
        approved, reason = WIESBADEN_2024_PARTIAL.get(project.short_name, (str(applied), ""))
        DecisionItem.objects.create(
            decision=decision,
            project=project,
            applied=applied,
            approved=Decimal(approved),
            reason=reason,
        )
        total += Decimal(approved)
    decision.total = total
    decision.save()
    application.status = ApplicationStatus.DECIDED
    application.save()
    return decision


def make_payment(
    application: Application, amount: str, paid_on: dt.date, *, number: int | None = None
) -> Payment:
    number = number or application.payment_requests.count() + 1
    request = PaymentRequest.objects.create(
        application=application,
        number=number,
        amount=Decimal(amount),
        period_start=paid_on,
        period_end=paid_on + dt.timedelta(days=60),
        status=PaymentRequestStatus.PAID,
    )
    return Payment.objects.create(
        request=request,
        amount=Decimal(amount),
        paid_on=paid_on,
        use_by=paid_on + dt.timedelta(days=61),
    )
