"""The demo: AQB 2024 with all 26 regions, demo accounts for every role. Idempotent.

People and the provider are invented and say so; later issues add Wiesbaden 2024 as in the seed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zielwerk.accounts.choices import Role
from zielwerk.accounts.models import Membership, User
from zielwerk.accounts.services import membership_create
from zielwerk.organisations import reference as organisations_reference
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes import reference as programmes_reference
from zielwerk.programmes.choices import ProgrammeYearStatus
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.programmes.services import programme_year_create

DEMO_PASSWORD = "zielwerk-demo"

# username, first name, last name, organisation slug, role, function
DEMO_USERS = [
    ("admin", "Alex", "Admin (Demo)", "hmaijs", Role.ADMIN, "Fachadministration"),
    ("ministerium", "Miriam", "Muster (Demo)", "hmaijs", Role.MINISTRY_STAFF, "Referat AQB"),
    (
        "rp-kassel",
        "Ralf",
        "Beispiel (Demo)",
        "rp-kassel-dez-57",
        Role.AUTHORITY_STAFF,
        "Dezernat 57",
    ),
    (
        "wiesbaden",
        "Wiebke",
        "Probe (Demo)",
        "verwaltung-wiesbaden",
        Role.REGION_COORDINATOR,
        "Koordination AQB",
    ),
    (
        "frankfurt",
        "Frank",
        "Testmann (Demo)",
        "verwaltung-frankfurt",
        Role.REGION_COORDINATOR,
        "Koordination AQB",
    ),
    (
        "traeger-wiesbaden",
        "Tara",
        "Trägerin (Demo)",
        "demo-traeger-wiesbaden",
        Role.PROVIDER_STAFF,
        "Projektleitung",
    ),
]

DEMO_YEARS = [2024, 2025, 2026]


def _status_for(year: int) -> str:
    this_year = timezone.localdate().year
    if year < this_year:
        return ProgrammeYearStatus.CLOSED
    return ProgrammeYearStatus.RUNNING if year == this_year else ProgrammeYearStatus.PLANNING


def _user(username: str, first: str, last: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last)
        user.email = f"{username}@demo.zielwerk.invalid"
        user.is_staff = superuser
        user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed_accounts(report: list[str], *, notify: bool = True) -> User:
    """The demo provider and the demo accounts with their memberships (those missing); returns
    the admin account. `notify=False` sends no "Neue Rolle" notifications (bench data)."""
    if not Organisation.objects.filter(slug="demo-traeger-wiesbaden").exists():
        provider = Organisation.objects.create(
            kind=OrganisationKind.PROVIDER,
            name="Demo-Bildungsträger Wiesbaden gGmbH (erfunden)",
            short_name="Demo-Träger WI",
            slug="demo-traeger-wiesbaden",
            email="kontakt@demo-traeger.invalid",
        )
        provider.regions.add(Region.objects.get(slug="wiesbaden"))
        report.append("Demo-Träger für Wiesbaden angelegt")

    admin = _user("admin", "Alex", "Admin (Demo)", superuser=True)
    for username, first, last, org_slug, role, function in DEMO_USERS:
        user = _user(username, first, last, superuser=username == "admin")
        organisation = Organisation.objects.get(slug=org_slug)
        if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            membership_create(
                actor=admin,
                user=user,
                organisation=organisation,
                role=role,
                function=function,
                notify=notify and username != "admin",
            )
            report.append(f"Konto {username} ({role.label}, {organisation}) angelegt")
    return admin


@transaction.atomic
def seed(*, grants: bool = True) -> list[str]:
    """Create the demo data that is missing. Returns lines that describe what was created.
    `grants=False` leaves out the grant procedure (for tests that walk through it themselves)."""
    report: list[str] = []
    organisations_reference.load()
    programme = programmes_reference.load()

    admin = seed_accounts(report)

    for year in DEMO_YEARS:
        if not ProgrammeYear.objects.filter(programme=programme, year=year).exists():
            programme_year = programme_year_create(
                actor=admin,
                programme=programme,
                year=year,
                status=_status_for(year),
            )
            report.append(
                f"Programmjahr {programme_year} mit "
                f"{programme_year.participations.count()} Gebietskörperschaften angelegt"
            )
    report.extend(seed_agreements())
    report.extend(seed_allocations())
    if grants:
        from .grants import seed_grants

        report.extend(seed_grants())
    # Continuous improvement and the public portal (issue 8): a survey answered by three
    # regions, a conference with good-practice entries (their figures come from the
    # monitoring seeded with the grants) and Wiesbaden 2024 on the portal with its PDF.
    from .exchange import seed_exchange
    from .portal import seed_portal
    from .surveys import seed_surveys

    seed_surveys(report)
    seed_exchange(report)
    seed_portal(report)
    return report


# Wiesbaden 2024 exactly as the signed agreement states it. The seed names projects only by
# their titles; FIB and HIB are its own short names, the other four short names are Zielwerk's.
WIESBADEN_2024_PROJECTS = [
    (1, "Fit für den Beruf (FIB)", "FIB"),
    (1, "Hinein in den Beruf (HIB)", "HIB"),
    (1, "Deutsch-Intensiv-Klassen an Schulen m. Schulsozialarbeit", "DIK"),
    (3, "Stadtteilmütter- Stadtteinväter", "STM"),
    (3, "Coaching für die Bedarfsgemeinschaft", "CBG"),
    (4, "Achtung in Aus- und Bildung", "AAB"),
]

FRANKFURT_2024_PROJECTS = [
    (1, "Startklar Ausbildung (erfunden)", "SKA"),
    (2, "Teilzeitausbildung mit Coaching (erfunden)", "TZA"),
    (3, "Qualifizierung Pflegehilfe (erfunden)", "QPH"),
]


def wiesbaden_2024_ministry_signature():
    """The ministry's signature block of the 2024 agreement (its date line is blank)."""
    from zielwerk.agreements.choices import Party
    from zielwerk.agreements.services import SignatureData

    return SignatureData(
        Party.MINISTRY,
        "Heike Hofmann",
        "Staatsministerin\nHessisches Ministerium\nfür Arbeit, Integration,\nJugend und Soziales",
        "Wiesbaden",
        None,
    )


def _projects(admin, region, programme_year, rows):
    from zielwerk.programmes.models import MeasureType
    from zielwerk.projects.models import Project
    from zielwerk.projects.services import project_create

    projects = []
    for number, name, short in rows:
        code = Project.make_code(region.code, programme_year.year, short)
        project = Project.objects.filter(code=code).first() or project_create(
            actor=admin,
            region=region,
            programme_year=programme_year,
            measure_type=MeasureType.objects.get(programme=programme_year.programme, number=number),
            name=name,
            short_name=short,
        )
        projects.append(project)
    return projects


@transaction.atomic
def seed_agreements() -> list[str]:
    """Wiesbaden 2024 signed and published; Frankfurt 2024 as a draft (invented content)."""
    import datetime as dt
    from decimal import Decimal

    from zielwerk.agreements.choices import Party
    from zielwerk.agreements.clauses import load_reference_templates
    from zielwerk.agreements.models import Agreement
    from zielwerk.agreements.services import (
        SignatureData,
        agreement_create,
        agreement_record_signed,
    )

    report = []
    admin = User.objects.get(username="admin")
    programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    load_reference_templates(programme_year.programme)

    wiesbaden = Region.objects.get(slug="wiesbaden")
    if not Agreement.objects.filter(programme_year=programme_year, region=wiesbaden).exists():
        agreement_record_signed(
            actor=admin,
            programme_year=programme_year,
            region=wiesbaden,
            amount=Decimal("2508300.00"),
            projects=_projects(admin, wiesbaden, programme_year, WIESBADEN_2024_PROJECTS),
            signatures=[
                wiesbaden_2024_ministry_signature(),
                SignatureData(
                    Party.REGION,
                    "Dr. Patricia Becher",
                    "Stadträtin der\nLandeshauptstadt Wiesbaden",
                    "Wiesbaden",
                    dt.date(2024, 7, 12),
                ),
            ],
            reference_date=dt.date(2024, 7, 12),
            published=True,
        )
        report.append("Zielvereinbarung Wiesbaden 2024 (unterzeichnet, veröffentlicht) angelegt")

    frankfurt = Region.objects.get(slug="frankfurt")
    if not Agreement.objects.filter(programme_year=programme_year, region=frankfurt).exists():
        agreement_create(
            actor=admin,
            programme_year=programme_year,
            region=frankfurt,
            amount=Decimal("3150000.00"),
            projects=_projects(admin, frankfurt, programme_year, FRANKFURT_2024_PROJECTS),
            reference_date=dt.date(2024, 2, 15),
            change_note="Demo: Betrag und Projekte erfunden",
        )
        report.append("Entwurf der Zielvereinbarung Frankfurt am Main 2024 (erfunden) angelegt")
    return report


# The two 2024 allocations that are public; every other 2024 amount in the demo is invented.
PUBLIC_2024_AMOUNTS = {"wiesbaden": Decimal("2508300.00"), "wetteraukreis": Decimal("1140300.00")}


@transaction.atomic
def seed_allocations() -> list[str]:
    import datetime as dt

    from zielwerk.budgets.models import DistributionKey
    from zielwerk.budgets.services import allocation_announce, distribution_key_manual
    from zielwerk.programmes.selectors import participating_regions

    programme_year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    if DistributionKey.objects.filter(programme_year=programme_year).exists():
        return []
    admin = User.objects.get(username="admin")
    regions = participating_regions(programme_year)
    amounts = {}
    invented = set()
    for index, region in enumerate(regions):
        if region.slug in PUBLIC_2024_AMOUNTS:
            amounts[region] = PUBLIC_2024_AMOUNTS[region.slug]
        else:
            # Invented: a plausible spread in whole hundreds, labelled as invented everywhere.
            # Spread so that the year's total lands near the 2023 Landesmittel (27.7 Mio. Euro).
            amounts[region] = Decimal(480_000 + (index * 41_300) % 1_100_000)
            invented.add(region)
    key = distribution_key_manual(
        actor=admin,
        programme_year=programme_year,
        name="Demo-Zuweisung 2024",
        amounts=amounts,
        reason=(
            "Demodaten: Wiesbaden (2.508.300 Euro) und Wetteraukreis (1.140.300 Euro) sind "
            "öffentlich belegt; alle übrigen Beträge sind erfunden."
        ),
    )
    # The demo agreements keep their own amounts (Frankfurt's draft is invented separately).
    allocation_announce(
        actor=admin,
        key=key,
        effective_on=dt.date(2024, 2, 1),
        invented=invented,
        follow_agreements=False,
    )
    return ["Mittelzuweisungen 2024 angelegt (zwei belegt, übrige erfunden)"]
