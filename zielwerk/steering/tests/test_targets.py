"""Targets: saving with the German checks, the proposal from the projects, the planned values per
month, copying to the next version, and the page with its permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zielwerk.agreements.models import AgreementVersion
from zielwerk.agreements.services.workflow import agreement_amend
from zielwerk.core.models import AuditEntry
from zielwerk.steering.choices import Metric, Phasing, TargetScope
from zielwerk.steering.models import Target
from zielwerk.steering.services.targets import (
    phase_periods,
    row_problems,
    target_phases_save,
    targets_propose,
    targets_save,
    targets_set_for_import,
)

from .targets_fixtures import project, target, wiesbaden_version

pytestmark = pytest.mark.django_db
D = dt.date
WI = {"year": 2024, "region": "wiesbaden"}


@pytest.fixture
def draft(users) -> AgreementVersion:
    """Wiesbaden's amendment in draft (version 2): the ministry may edit its targets."""
    return agreement_amend(
        actor=users["ministerium"], version=wiesbaden_version(), change_note="Test"
    )


def row(**changes):
    values = {
        "key": "fib-eintritte",
        "label": "Eintritte FIB",
        "metric": Metric.ENTRIES,
        "scope": TargetScope.PROJECT,
        "project": project("FIB"),
        "measure_type": None,
        "value": Decimal(24),
        "period_from": D(2024, 1, 1),
        "period_to": D(2024, 12, 31),
        "phasing": Phasing.LINEAR,
        "note": "",
    }
    return {**values, **changes}


def spending_row(**changes):
    values = {
        "key": "ausgaben",
        "label": "Ausgaben",
        "metric": Metric.SPENDING,
        "scope": TargetScope.REGION,
        "project": None,
        "value": Decimal("1000.00"),
    }
    return row(**{**values, **changes})


# --- checks ------------------------------------------------------------------------------------


def test_spending_only_for_the_whole_region_with_the_reason(demo):
    problems = row_problems(wiesbaden_version(), row(metric=Metric.SPENDING))
    assert "je Antrag der Gebietskörperschaft" in problems["scope"]
    assert row_problems(wiesbaden_version(), spending_row()) == {}


def test_scope_fields_must_fit_the_scope(demo):
    version = wiesbaden_version()
    assert "Projekt" in row_problems(version, row(project=None))["project"]
    problems = row_problems(version, spending_row(project=project("HIB")))
    assert "bleibt das Projekt leer" in problems["project"]
    problems = row_problems(version, row(scope=TargetScope.MEASURE_TYPE, project=None))
    assert "Maßnahmenart" in problems["measure_type"]


def test_period_inside_the_programme_year(demo):
    problems = row_problems(wiesbaden_version(), row(period_to=D(2025, 1, 31)))
    assert problems["period_to"] == (
        "Der 31.01.2025 liegt nicht im Programmjahr 2024; der Zeitraum muss innerhalb des "
        "Jahres liegen."
    )
    problems = row_problems(
        wiesbaden_version(), row(period_from=D(2024, 5, 1), period_to=D(2024, 4, 1))
    )
    assert "vor seinem Beginn" in problems["period_to"]


def test_key_slug_like(demo):
    assert "Kleinbuchstaben" in row_problems(wiesbaden_version(), row(key="FIB Eintritte"))["key"]
    assert "key" not in row_problems(wiesbaden_version(), row(key="fib-2-eintritte"))


def test_project_of_the_agreements_region_and_year(demo):
    version = wiesbaden_version()
    other = SimpleNamespace(
        region_id=-1, programme_year_id=version.agreement.programme_year_id, code="F-1"
    )
    problems = row_problems(version, row(project=other))
    assert problems["project"] == "Das Projekt F-1 gehört nicht zu Wiesbaden im Programmjahr 2024."


def test_keys_unique_and_nothing_saved_on_error(draft, users):
    with pytest.raises(ValidationError) as error:
        targets_save(actor=users["ministerium"], version=draft, rows=[row(), row(label="Doppelt")])
    assert "kommt in Zeile 1 und 2 vor" in " ".join(error.value.messages)
    assert not Target.objects.filter(version=draft).exists()


# --- saving ------------------------------------------------------------------------------------


def test_save_adds_changes_removes_and_audits(draft, users):
    ministry = users["ministerium"]
    targets_save(actor=ministry, version=draft, rows=[row(), spending_row()])
    assert list(Target.objects.filter(version=draft).values_list("key", flat=True)) == [
        "fib-eintritte",
        "ausgaben",
    ]
    changes = targets_save(actor=ministry, version=draft, rows=[row(value=Decimal(30))])
    assert changes == {
        "added": [],
        "changed": {"fib-eintritte": {"value": ["24.00", "30"]}},
        "removed": ["ausgaben"],
    }
    assert Target.objects.get(version=draft).value == Decimal(30)
    entry = AuditEntry.objects.filter(action="steering.targets.save").latest("pk")
    assert entry.changes["removed"] == [["ausgaben"], None]
    assert entry.changes["fib-eintritte.value"] == ["24.00", "30"]
    assert entry.object_id == str(draft.pk)


def test_only_whoever_may_edit_the_agreement(draft, users, demo):
    with pytest.raises(PermissionDenied):
        targets_save(actor=users["wiesbaden"], version=draft, rows=[row()])  # draft: ministry's
    with pytest.raises(PermissionDenied):
        targets_save(actor=users["ministerium"], version=wiesbaden_version(), rows=[row()])


def test_import_on_a_signed_version_is_audited_with_the_reason(users, demo):
    version = wiesbaden_version()
    changes = targets_set_for_import(actor=users["ministerium"], version=version, rows=[row()])
    assert changes["added"] == ["fib-eintritte"]
    again = targets_set_for_import(
        actor=users["ministerium"], version=version, rows=[row(value=Decimal(99))]
    )
    assert again["added"] == [] and Target.objects.get(version=version).value == Decimal(24)
    entry = AuditEntry.objects.get(action="steering.targets.import")
    assert entry.reason == "Eckdaten aus der unterzeichneten Zielvereinbarung übernommen"
    with pytest.raises(ValidationError):
        targets_set_for_import(actor=users["wiesbaden"], version=version, rows=[spending_row()])


# --- proposal ----------------------------------------------------------------------------------


def test_propose_from_projects_without_duplicating_keys(draft, users):
    fib = project("FIB")
    fib.planned_participants, fib.starts_on, fib.ends_on = 48, D(2024, 3, 1), D(2025, 3, 31)
    fib.save()
    hib = project("HIB")
    hib.planned_participants, hib.starts_on, hib.ends_on = 40, None, None
    hib.save()
    ministry = users["ministerium"]
    targets_save(
        actor=ministry,
        version=draft,
        rows=[row(key="hib-eintritte", project=hib, value=Decimal(35))],
    )

    added = targets_propose(actor=ministry, version=draft)

    assert "fib-eintritte" in added and "hib-eintritte" not in added
    fib_target = Target.objects.get(version=draft, key="fib-eintritte")
    assert fib_target.value == Decimal(48)
    assert (fib_target.period_from, fib_target.period_to) == (D(2024, 3, 1), D(2024, 12, 31))
    assert Target.objects.get(version=draft, key="hib-eintritte").value == Decimal(35)
    assert draft.amount  # the demo's agreement names its amount (§ 4)
    spending = Target.objects.get(version=draft, key="ausgaben")
    assert spending.value == draft.amount and spending.scope == TargetScope.REGION
    count = Target.objects.filter(version=draft).count()
    assert targets_propose(actor=ministry, version=draft) == []
    assert Target.objects.filter(version=draft).count() == count


# --- phases ------------------------------------------------------------------------------------


def test_phase_periods_months_and_quarters():
    assert phase_periods(Phasing.MONTHLY, D(2024, 1, 15), D(2024, 3, 10)) == [
        (D(2024, 1, 15), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 3, 1), D(2024, 3, 10)),
    ]
    assert phase_periods(Phasing.QUARTERLY, D(2024, 2, 1), D(2024, 12, 31)) == [
        (D(2024, 2, 1), D(2024, 3, 31)),
        (D(2024, 4, 1), D(2024, 6, 30)),
        (D(2024, 7, 1), D(2024, 9, 30)),
        (D(2024, 10, 1), D(2024, 12, 31)),
    ]


def test_phases_must_add_up_to_the_target_value(draft, users):
    phased = target(draft, "fib-quartale", value="12", phasing=Phasing.QUARTERLY)
    ministry = users["ministerium"]
    with pytest.raises(ValidationError) as error:
        target_phases_save(actor=ministry, target=phased, values=[Decimal(v) for v in "2323"])
    assert error.value.messages == [
        "Die Planwerte ergeben zusammen 10,00, der Zielwert ist 12,00: es fehlen 2,00."
    ]
    with pytest.raises(ValidationError) as error:
        target_phases_save(actor=ministry, target=phased, values=[Decimal(v) for v in "4444"])
    assert "es sind zu viel 4,00" in error.value.messages[0]
    assert not phased.phases.exists()
    target_phases_save(actor=ministry, target=phased, values=[Decimal(v) for v in "2343"])
    assert [p.value for p in phased.phases.order_by("starts_on")] == [2, 3, 4, 3]


def test_changing_value_drops_phases(draft, users):
    ministry = users["ministerium"]
    targets_save(
        actor=ministry, version=draft, rows=[row(phasing=Phasing.QUARTERLY, value=Decimal(8))]
    )
    phased = Target.objects.get(version=draft)
    target_phases_save(actor=ministry, target=phased, values=[Decimal(2)] * 4)
    targets_save(
        actor=ministry, version=draft, rows=[row(phasing=Phasing.QUARTERLY, value=Decimal(12))]
    )
    assert not phased.phases.exists()


# --- a new version keeps the keys --------------------------------------------------------------


def test_amendment_copies_targets_with_keys_and_phases(users, demo):
    version = wiesbaden_version()
    target(
        version, "fib-eintritte", value="8", phasing=Phasing.QUARTERLY, phases=("2", "2", "2", "2")
    )
    target(version, "ausgaben", Metric.SPENDING, value="1000", short=None)
    amendment = agreement_amend(actor=users["ministerium"], version=version, change_note="Mehr")
    copies = {t.key: t for t in amendment.targets.all()}
    assert set(copies) == {"fib-eintritte", "ausgaben"}
    assert copies["fib-eintritte"].phases.count() == 4
    assert copies["fib-eintritte"].pk != Target.objects.get(version=version, key="fib-eintritte").pk


# --- pages -------------------------------------------------------------------------------------


def formset_data(rows):
    data = {
        "ziel-TOTAL_FORMS": str(len(rows)),
        "ziel-INITIAL_FORMS": "0",
        "ziel-MIN_NUM_FORMS": "0",
        "ziel-MAX_NUM_FORMS": "1000",
    }
    for index, values in enumerate(rows):
        for name, value in values.items():
            data[f"ziel-{index}-{name}"] = value
    return data


def page_row(**changes):
    values = {
        "label": "Eintritte FIB",
        "key": "fib-eintritte",
        "metric": "entries",
        "scope": "project",
        "project": str(project("FIB").pk),
        "measure_type": "",
        "value": "24",
        "period_from": "01.01.2024",
        "period_to": "31.12.2024",
        "phasing": "linear",
        "note": "",
    }
    return {**values, **changes}


def test_page_saves_and_redirects(draft, client_for):
    url = reverse("steering:target_edit", kwargs=WI)
    response = client_for("ministerium").post(url, formset_data([page_row()]))
    assert response.status_code == 302 and response["Location"] == url
    assert Target.objects.get(version=draft).value == Decimal(24)


def test_page_shows_german_errors(draft, client_for):
    url = reverse("steering:target_edit", kwargs=WI)
    response = client_for("ministerium").post(
        url, formset_data([page_row(metric="spending", period_to="31.01.2025")])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in text
    assert "ausgezahlt wird je Antrag der Gebietskörperschaft" in text
    assert "liegt nicht im Programmjahr 2024" in text
    assert not Target.objects.filter(version=draft).exists()


def test_signed_version_is_read_only_with_the_reason(client_for, demo):
    url = reverse("steering:target_edit", kwargs=WI)
    response = client_for("wiesbaden").get(url)
    assert response.status_code == 200
    assert (
        "Eine unterzeichnete Zielvereinbarung wird nicht mehr geändert" in response.content.decode()
    )
    assert "Zielwerte speichern" not in response.content.decode()
    assert client_for("wiesbaden").post(url, formset_data([page_row()])).status_code == 403


def test_phases_page(draft, client_for):
    phased = target(draft, "fib-quartale", value="12", phasing=Phasing.QUARTERLY)
    url = reverse("steering:target_phases", kwargs={**WI, "key": phased.key})
    client = client_for("ministerium")
    assert "01.01.2024 – 31.03.2024" in client.get(url).content.decode()
    bad = {"phase_0": "1", "phase_1": "1", "phase_2": "1", "phase_3": "1"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "es fehlen 8,00" in response.content.decode()
    good = {"phase_0": "3", "phase_1": "3", "phase_2": "3", "phase_3": "3"}
    assert client.post(url, good).status_code == 302
    assert phased.phases.count() == 4


def test_propose_button(draft, client_for):
    response = client_for("ministerium").post(reverse("steering:target_propose", kwargs=WI))
    assert response.status_code == 302
