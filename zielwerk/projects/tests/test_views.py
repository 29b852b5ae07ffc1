"""The planning pages per role: list, detail, create, edit, finance plan and carry-over."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zielwerk.grants.choices import ApplicationStatus
from zielwerk.grants.tests.factories import make_application, plan_wiesbaden_projects
from zielwerk.projects.models import CostItem, FundingItem, Project

pytestmark = pytest.mark.django_db

LIST = reverse("projects:project_list", kwargs={"year": 2024, "region": "wiesbaden"})
CREATE = reverse("projects:project_create", kwargs={"year": 2024, "region": "wiesbaden"})
CARRY_2025 = reverse("projects:project_carry_over", kwargs={"year": 2025, "region": "wiesbaden"})


def detail(code: str) -> str:
    return reverse("projects:project_detail", kwargs={"code": code})


def plan(code: str) -> str:
    return reverse("projects:project_plan", kwargs={"code": code})


def edit(code: str) -> str:
    return reverse("projects:project_edit", kwargs={"code": code})


# --- list -----------------------------------------------------------------------------------


def test_list_shows_projects_totals_allocation_and_deadline(demo, client_for):
    plan_wiesbaden_projects()
    response = client_for("wiesbaden").get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    for short in ("FIB", "HIB", "DIK", "STM", "CBG", "AAB"):
        assert f"WI-2024-{short}" in html
    # costs: 672,400 + 573,700 + 376,200 + 440,000 + 544,000 + 150,000
    assert "2.756.300,00 Euro" in html
    # AQB grant: 612,400 + 498,700 + 356,200 + 402,000 + 489,000 + 150,000 = the allocation
    assert response.context["grant_total"] == Decimal("2508300.00")
    assert response.context["allocation"] == Decimal("2508300.00")
    assert "31.03.2024" in html
    assert "überschritten" in html  # the 2024 deadline lies in the past
    assert "Projekt anlegen" in html
    assert "Projekte aus 2023 übernehmen" not in html  # there is no 2023
    assert "alle ausgeglichen" in html


def test_list_names_an_unbalanced_plan_in_words(demo, client_for):
    plan_wiesbaden_projects()
    FundingItem.objects.filter(project__code="WI-2024-AAB", source="aqb").update(
        amount=Decimal("149999.99")
    )
    html = client_for("wiesbaden").get(LIST).content.decode()
    assert "0,01 Euro nicht gedeckt" in html
    assert "1 nicht ausgeglichen" in html


def test_list_read_only_for_ministry_and_authority(demo, client_for):
    for username in ("ministerium", "rp-kassel", "admin"):
        response = client_for(username).get(LIST)
        assert response.status_code == 200
        assert "Projekt anlegen" not in response.content.decode()


def test_provider_sees_only_its_own_projects(demo, client_for):
    plan_wiesbaden_projects()
    client = client_for("traeger-wiesbaden")
    response = client.get(LIST)
    assert response.status_code == 200
    codes = [row["project"].code for row in response.context["rows"]]
    assert codes == ["WI-2024-FIB", "WI-2024-HIB"]
    assert client.get(detail("WI-2024-FIB")).status_code == 200
    assert client.get(detail("WI-2024-DIK")).status_code == 404


def test_other_region_gets_404(demo, client_for):
    client = client_for("frankfurt")
    assert client.get(LIST).status_code == 404
    assert client.get(detail("WI-2024-FIB")).status_code == 404
    assert client.get(plan("WI-2024-FIB")).status_code == 404
    assert client.get(edit("WI-2024-FIB")).status_code == 404
    assert client.get(CREATE).status_code == 404


def test_anonymous_is_sent_to_login(demo, client_for):
    response = client_for(None).get(LIST)
    assert response.status_code == 302
    assert "login" in response["Location"] or "anmelden" in response["Location"]


def test_unknown_year_and_region_are_404(demo, client_for):
    client = client_for("ministerium")
    assert client.get("/zuwendung/1999/wiesbaden/projekte/").status_code == 404
    assert client.get("/zuwendung/2024/gibt-es-nicht/projekte/").status_code == 404


# --- detail ---------------------------------------------------------------------------------


def test_detail_shows_plan_tables_and_balance(demo, client_for):
    plan_wiesbaden_projects()
    response = client_for("ministerium").get(detail("WI-2024-FIB"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "612.400,00 Euro" in html  # AQB
    assert "672.400,00 Euro" in html  # 520,000 + 60,000 + 92,400
    assert "ausgeglichen" in html
    assert "Finanzplan bearbeiten" not in html


# --- finance plan ---------------------------------------------------------------------------


def test_coordinator_saves_the_plan_in_german_format(demo, client_for):
    client = client_for("wiesbaden")
    assert client.get(plan("WI-2024-FIB")).status_code == 200
    response = client.post(
        plan("WI-2024-FIB"),
        {
            "cost_staff": "520.000,00",
            "cost_fees": "60.000",
            "cost_material": "92.400,00",
            "funding_aqb": "612.400,00",
            "funding_own": "60.000,00",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == plan("WI-2024-FIB")
    project = Project.objects.get(code="WI-2024-FIB")
    assert project.cost_total == Decimal("672400.00")
    assert project.is_balanced
    html = client.get(plan("WI-2024-FIB")).content.decode()
    assert "ist ausgeglichen" in html
    assert "672.400,00 Euro" in html


def test_unbalanced_plan_is_saved_and_the_difference_shown(demo, client_for):
    client = client_for("wiesbaden")
    response = client.post(
        plan("WI-2024-AAB"),
        {"cost_fees": "120.000,00", "cost_material": "30.000,00", "funding_aqb": "149.000,00"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    # 150,000.00 costs against 149,000.00 funding
    assert "1.000,00 Euro nicht gedeckt" in html
    assert "nicht ausgeglichen" in html
    assert CostItem.objects.filter(project__code="WI-2024-AAB").count() == 2


def test_invalid_amount_is_refused_with_the_field_named(demo, client_for):
    response = client_for("wiesbaden").post(plan("WI-2024-AAB"), {"cost_fees": "12,34,5"})
    assert response.status_code == 400
    assert "deutschen Format" in response.content.decode()
    assert not CostItem.objects.filter(project__code="WI-2024-AAB").exists()


@pytest.mark.parametrize("username", ["ministerium", "rp-kassel", "admin"])
def test_programme_wide_staff_read_but_may_not_edit(demo, client_for, username):
    client = client_for(username)
    assert client.get(detail("WI-2024-FIB")).status_code == 200
    for url in (plan("WI-2024-FIB"), edit("WI-2024-FIB"), CREATE, CARRY_2025):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Koordination der Gebietskörperschaft" in response.content.decode()
    response = client.post(plan("WI-2024-FIB"), {"funding_aqb": "1,00"})
    assert response.status_code == 403
    assert not FundingItem.objects.filter(project__code="WI-2024-FIB").exists()


def test_provider_may_not_edit_its_project(demo, client_for):
    plan_wiesbaden_projects()
    client = client_for("traeger-wiesbaden")
    assert client.get(plan("WI-2024-FIB")).status_code == 403
    assert client.get(edit("WI-2024-FIB")).status_code == 403
    assert client.get(plan("WI-2024-DIK")).status_code == 404


def test_after_submission_the_plan_is_locked_with_the_reason(demo, client_for):
    make_application(ApplicationStatus.SUBMITTED)
    client = client_for("wiesbaden")
    response = client.get(plan("WI-2024-FIB"))
    assert response.status_code == 403
    assert "eingereicht" in response.content.decode()
    html = client.get(LIST).content.decode()
    assert "Projekt anlegen" not in html


# --- create and edit ------------------------------------------------------------------------


def test_coordinator_creates_a_project(demo, client_for):
    from zielwerk.programmes.models import MeasureType

    measure_type = MeasureType.objects.get(programme__code="aqb", number=3)
    client = client_for("wiesbaden")
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "name": "Neues Projekt",
            "short_name": "NEU",
            "measure_type": measure_type.pk,
            "planned_participants": "25",
            "starts_on": "2024-02-01",
            "ends_on": "2024-11-30",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == detail("WI-2024-NEU")
    project = Project.objects.get(code="WI-2024-NEU")
    assert project.planned_participants == 25


def test_create_refuses_a_period_outside_the_year(demo, client_for):
    from zielwerk.programmes.models import MeasureType

    measure_type = MeasureType.objects.get(programme__code="aqb", number=3)
    response = client_for("wiesbaden").post(
        CREATE,
        {
            "name": "Neues Projekt",
            "short_name": "NEU",
            "measure_type": measure_type.pk,
            "starts_on": "2024-02-01",
            "ends_on": "2025-01-31",
        },
    )
    assert response.status_code == 400
    assert "nicht im Programmjahr 2024" in response.content.decode()
    assert not Project.objects.filter(code="WI-2024-NEU").exists()


def test_coordinator_edits_a_project(demo, client_for):
    from zielwerk.organisations.models import Organisation

    provider = Organisation.objects.get(slug="demo-traeger-wiesbaden")
    project = Project.objects.get(code="WI-2024-DIK")
    client = client_for("wiesbaden")
    assert client.get(edit(project.code)).status_code == 200
    response = client.post(
        edit(project.code),
        {
            "name": project.name,
            "short_name": project.short_name,
            "measure_type": project.measure_type_id,
            "provider": provider.pk,
            "planned_places": "10",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.provider == provider
    assert project.planned_places == 10


# --- carry over -----------------------------------------------------------------------------


def test_carry_over_asks_for_confirmation_then_copies(demo, client_for):
    plan_wiesbaden_projects()
    client = client_for("wiesbaden")
    list_2025 = reverse("projects:project_list", kwargs={"year": 2025, "region": "wiesbaden"})
    assert "Projekte aus 2024 übernehmen" in client.get(list_2025).content.decode()
    page = client.get(CARRY_2025)
    assert page.status_code == 200
    assert "WI-2024-FIB" in page.content.decode()

    response = client.post(CARRY_2025, {"projects": ["WI-2024-FIB", "WI-2024-AAB"]})
    assert response.status_code == 200
    assert "Ja, übernehmen" in response.content.decode()
    assert not Project.objects.filter(programme_year__year=2025, region__slug="wiesbaden").exists()

    response = client.post(CARRY_2025, {"projects": ["WI-2024-FIB", "WI-2024-AAB"], "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == list_2025
    codes = set(Project.objects.filter(programme_year__year=2025).values_list("code", flat=True))
    assert codes == {"WI-2025-FIB", "WI-2025-AAB"}
    # already taken over: offered no more, and refused if posted anyway
    assert "bereits übernommen" in client.get(CARRY_2025).content.decode()
    response = client.post(CARRY_2025, {"projects": ["WI-2024-FIB"], "confirm": "1"})
    assert response.status_code == 400
    assert "WI-2025-FIB gibt es im Programmjahr 2025 bereits" in response.content.decode()
