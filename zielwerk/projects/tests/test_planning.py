"""Planning services: project data, the cost and financing plan, carrying over, permissions.
Expected values are worked out by hand in each test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zielwerk.core.models import AuditEntry
from zielwerk.grants.choices import ApplicationStatus
from zielwerk.grants.models import Application
from zielwerk.grants.tests.factories import make_application, plan_wiesbaden_projects
from zielwerk.organisations.choices import OrganisationKind
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import MeasureType, ProgrammeYear, TargetGroup
from zielwerk.projects.models import CostItem, FundingItem, Project
from zielwerk.projects.services import (
    plan_problems,
    project_carry_over,
    project_create,
    project_plan_save,
    project_update,
)

pytestmark = pytest.mark.django_db

D = Decimal


def _project(code: str = "WI-2024-FIB") -> Project:
    return Project.objects.get(code=code)


def _year(year: int = 2024) -> ProgrammeYear:
    return ProgrammeYear.objects.get(programme__code="aqb", year=year)


# --- the plan -------------------------------------------------------------------------------


def test_unbalanced_plan_is_saved_and_the_difference_is_exact_to_the_cent(users):
    project = project_plan_save(
        actor=users["wiesbaden"],
        project=_project(),
        costs={"staff": D("1000.00"), "fees": D("234.56")},
        funding={"aqb": D("1234.55")},
    )
    # 1000.00 + 234.56 = 1234.56 costs against 1234.55 funding: one cent short
    assert project.cost_total == D("1234.56")
    assert project.funding_total == D("1234.55")
    assert not project.is_balanced
    assert any("Differenz 0,01 Euro" in problem for problem in plan_problems(project))

    project = project_plan_save(
        actor=users["wiesbaden"],
        project=project,
        costs={"staff": D("1000.00"), "fees": D("234.56")},
        funding={"aqb": D("1234.56")},
    )
    assert project.is_balanced
    assert not any("Differenz" in problem for problem in plan_problems(project))


def test_saving_replaces_items_and_does_not_store_zero_amounts(users):
    project = _project()
    project_plan_save(
        actor=users["wiesbaden"],
        project=project,
        costs={"staff": D("500.00"), "material": D("100.00")},
        funding={"aqb": D("600.00")},
    )
    project_plan_save(
        actor=users["wiesbaden"],
        project=project,
        costs={"staff": D("500.00"), "material": D("0"), "fees": "0.00"},
        funding={"aqb": D("450.00"), "own": D("50.00"), "sgb2": D("0.00")},
    )
    assert dict(CostItem.objects.filter(project=project).values_list("category", "amount")) == {
        "staff": D("500.00")
    }
    assert dict(FundingItem.objects.filter(project=project).values_list("source", "amount")) == {
        "aqb": D("450.00"),
        "own": D("50.00"),
    }
    entry = (
        AuditEntry.objects.filter(action="project.plan_save", object_id=str(project.pk))
        .order_by("pk")
        .last()
    )
    assert entry is not None
    assert entry.changes["costs"][1] == {"staff": "500.00"}


def test_flat_rate_is_refused_when_the_year_allows_none(users):
    assert _year().flat_rate_percent is None
    with pytest.raises(ValidationError) as error:
        project_plan_save(
            actor=users["wiesbaden"],
            project=_project(),
            costs={"staff": D("1000.00"), "flat_rate": D("150.00")},
            funding={"aqb": D("1150.00")},
        )
    assert "keine Pauschale" in " ".join(error.value.messages)
    assert not CostItem.objects.filter(project=_project()).exists()


def test_flat_rate_is_computed_from_the_staff_costs(users):
    year = _year()
    year.flat_rate_percent = D("15.00")
    year.save()
    project = project_plan_save(
        actor=users["wiesbaden"],
        project=_project(),
        costs={"staff": D("1000.05"), "material": D("10.00")},
        funding={"aqb": D("1000.00")},
    )
    # 15 % of 1000.05 = 150.0075, rounded half up to 150.01
    flat = CostItem.objects.get(project=project, category="flat_rate")
    assert flat.amount == D("150.01")
    assert project.cost_total == D("1160.06")
    # a typed value that differs from the computed one is refused
    with pytest.raises(ValidationError) as error:
        project_plan_save(
            actor=users["wiesbaden"],
            project=project,
            costs={"staff": D("1000.00"), "flat_rate": D("200.00")},
            funding={"aqb": D("1000.00")},
        )
    assert "berechnet" in " ".join(error.value.messages)


def test_bad_amounts_and_keys_are_refused_with_the_row_named(users):
    with pytest.raises(ValidationError) as error:
        project_plan_save(
            actor=users["wiesbaden"],
            project=_project(),
            costs={"staff": D("-1.00"), "rent": D("5.00"), "fees": "1.234"},
            funding={"aqb": "abc"},
        )
    text = " ".join(error.value.messages)
    assert "Personalausgaben" in text and "negativ" in text
    assert "„rent“" in text
    assert "Honorare" in text and "Nachkommastellen" in text
    assert "Zuwendung AQB" in text and "kein Betrag" in text


# --- project data ---------------------------------------------------------------------------


def test_provider_must_be_a_provider_working_for_the_region(users, demo):
    elsewhere = Organisation.objects.create(
        kind=OrganisationKind.PROVIDER, name="Träger Frankfurt (Test)", slug="traeger-ffm-test"
    )
    elsewhere.regions.add(Region.objects.get(slug="frankfurt"))
    with pytest.raises(ValidationError) as error:
        project_update(actor=users["wiesbaden"], project=_project(), provider=elsewhere)
    assert "nicht für Wiesbaden tätig" in " ".join(error.value.messages)

    administration = Organisation.objects.get(slug="verwaltung-wiesbaden")
    with pytest.raises(ValidationError) as error:
        project_update(actor=users["wiesbaden"], project=_project(), provider=administration)
    assert "kein Träger" in " ".join(error.value.messages)

    provider = Organisation.objects.get(slug="demo-traeger-wiesbaden")
    project = project_update(actor=users["wiesbaden"], project=_project(), provider=provider)
    assert project.provider == provider
    assert _project().provider == provider


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (dt.date(2023, 12, 31), dt.date(2024, 6, 30), "starts_on"),
        (dt.date(2024, 1, 1), dt.date(2025, 1, 1), "ends_on"),
    ],
)
def test_period_must_lie_inside_the_programme_year(users, starts_on, ends_on, field):
    with pytest.raises(ValidationError) as error:
        project_update(
            actor=users["wiesbaden"], project=_project(), starts_on=starts_on, ends_on=ends_on
        )
    assert field in error.value.message_dict
    assert "Programmjahr 2024" in " ".join(error.value.message_dict[field])


def test_start_not_before_the_earliest_start(users):
    year = _year()
    year.earliest_start = dt.date(2024, 2, 1)
    year.save()
    with pytest.raises(ValidationError) as error:
        project_update(
            actor=users["wiesbaden"],
            project=_project(),
            starts_on=dt.date(2024, 1, 15),
            ends_on=dt.date(2024, 12, 31),
        )
    assert "01.02.2024" in " ".join(error.value.message_dict["starts_on"])


def test_update_changes_fields_target_groups_and_is_audited(users):
    groups = list(TargetGroup.objects.filter(programme__code="aqb")[:2])
    assert len(groups) == 2
    project = project_update(
        actor=users["wiesbaden"],
        project=_project(),
        name="Fit für den Beruf (neu)",
        description="Berufsorientierung",
        planned_places=12,
        planned_participants=30,
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
        target_groups=groups,
    )
    assert project.name == "Fit für den Beruf (neu)"
    assert set(project.target_groups.all()) == set(groups)
    entry = (
        AuditEntry.objects.filter(action="project.update", object_id=str(project.pk))
        .order_by("pk")
        .last()
    )
    assert entry.changes["planned_participants"] == [None, 30]
    assert sorted(entry.changes["target_groups"][1]) == sorted(g.code for g in groups)


def test_short_name_changes_the_code_until_first_submission(users):
    project = project_update(actor=users["wiesbaden"], project=_project(), short_name="FIBX")
    assert project.code == "WI-2024-FIBX"
    with pytest.raises(ValidationError) as error:
        project_update(actor=users["wiesbaden"], project=project, short_name="HIB")
    assert "WI-2024-HIB" in " ".join(error.value.messages)

    # submitted once, then returned to draft: the project number stays
    Application.objects.create(
        region=Region.objects.get(slug="wiesbaden"),
        programme_year=_year(),
        status=ApplicationStatus.DRAFT,
        submitted_at=dt.datetime(2024, 3, 28, 9, 0, tzinfo=dt.UTC),
    )
    with pytest.raises(ValidationError) as error:
        project_update(actor=users["wiesbaden"], project=_project("WI-2024-FIBX"), short_name="FIB")
    assert "bereits eingereicht" in " ".join(error.value.messages)
    # other fields may still change
    project_update(actor=users["wiesbaden"], project=_project("WI-2024-FIBX"), planned_places=3)


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel", "frankfurt", "traeger-wiesbaden"])
def test_only_the_regions_coordination_plans(users, username):
    with pytest.raises(PermissionDenied):
        project_plan_save(
            actor=users[username], project=_project(), costs={}, funding={"aqb": D("1.00")}
        )
    with pytest.raises(PermissionDenied):
        project_update(actor=users[username], project=_project(), planned_places=5)


def test_planning_is_refused_after_submission(users):
    plan_wiesbaden_projects()
    make_application(ApplicationStatus.SUBMITTED)
    with pytest.raises(PermissionDenied) as error:
        project_plan_save(
            actor=users["wiesbaden"],
            project=_project(),
            costs={"staff": D("1.00")},
            funding={"aqb": D("1.00")},
        )
    assert "eingereicht" in str(error.value)
    with pytest.raises(PermissionDenied):
        project_create(
            actor=users["wiesbaden"],
            region=Region.objects.get(slug="wiesbaden"),
            programme_year=_year(),
            measure_type=MeasureType.objects.get(programme__code="aqb", number=1),
            name="Neu",
            short_name="NEU",
        )


def test_create_for_the_coordination_and_for_agreements(users):
    region, year = Region.objects.get(slug="wiesbaden"), _year()
    measure_type = MeasureType.objects.get(programme__code="aqb", number=3)
    project = project_create(
        actor=users["wiesbaden"],
        region=region,
        programme_year=year,
        measure_type=measure_type,
        name="Neues Projekt",
        short_name="NEU",
    )
    assert project.code == "WI-2024-NEU"
    # the ministry and the administration record agreements that list projects
    for username, short in (("admin", "ADM"), ("ministerium", "MIN")):
        created = project_create(
            actor=users[username],
            region=region,
            programme_year=year,
            measure_type=measure_type,
            name=f"Projekt {short}",
            short_name=short,
        )
        assert created.code == f"WI-2024-{short}"
    for username in ("frankfurt", "rp-kassel", "traeger-wiesbaden"):
        with pytest.raises(PermissionDenied):
            project_create(
                actor=users[username],
                region=region,
                programme_year=year,
                measure_type=measure_type,
                name="Fremd",
                short_name="FREMD",
            )
    with pytest.raises(ValidationError) as error:
        project_create(
            actor=users["wiesbaden"],
            region=region,
            programme_year=year,
            measure_type=measure_type,
            name="Doppelt",
            short_name="NEU",
        )
    assert "WI-2024-NEU" in " ".join(error.value.messages)


# --- carry over -----------------------------------------------------------------------------


def test_carry_over_copies_data_and_plan_into_the_next_year(users):
    plan_wiesbaden_projects()
    source = _project("WI-2024-HIB")
    groups = list(TargetGroup.objects.filter(programme__code="aqb")[:1])
    source.target_groups.set(groups)
    source.description = "Beschreibung"
    source.save()
    copy = project_carry_over(actor=users["wiesbaden"], project=source, target_year=_year(2025))
    assert copy.code == "WI-2025-HIB"
    assert copy.carried_over_from == source
    assert copy.programme_year.year == 2025
    assert (copy.name, copy.short_name, copy.measure_type) == (
        source.name,
        source.short_name,
        source.measure_type,
    )
    assert copy.provider.slug == "demo-traeger-wiesbaden"
    assert (copy.planned_places, copy.planned_participants) == (20, 40)
    assert (copy.starts_on, copy.ends_on) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert list(copy.target_groups.all()) == groups
    assert copy.description == "Beschreibung"
    # HIB's plan: costs 430,000 + 50,000 + 93,700 = 573,700; funding 498,700 + 45,000 + 30,000
    assert copy.cost_total == D("573700.00")
    assert copy.funding_total == D("573700.00")
    assert copy.grant_requested == D("498700.00")
    assert AuditEntry.objects.filter(action="project.carry_over", object_id=str(copy.pk)).exists()

    with pytest.raises(ValidationError) as error:
        project_carry_over(actor=users["wiesbaden"], project=source, target_year=_year(2025))
    assert "WI-2025-HIB gibt es im Programmjahr 2025 bereits" in " ".join(error.value.messages)


def test_carry_over_is_refused_for_others_and_backwards(users):
    source = _project("WI-2024-DIK")
    with pytest.raises(PermissionDenied):
        project_carry_over(actor=users["frankfurt"], project=source, target_year=_year(2025))
    with pytest.raises(PermissionDenied):
        project_carry_over(actor=users["ministerium"], project=source, target_year=_year(2025))
    with pytest.raises(ValidationError):
        project_carry_over(actor=users["wiesbaden"], project=source, target_year=_year(2024))
