import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from zielwerk.accounts.models import Membership, User
from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Organisation, Region
from zielwerk.programmes.models import Participation, ProgrammeYear

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (User, Membership, Organisation, Region, ProgrammeYear, Participation)
    ]


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    audit = AuditEntry.objects.count()
    call_command("seed_demo")
    assert counts() == first
    assert AuditEntry.objects.count() == audit
    out = capsys.readouterr().out
    assert "schon vollständig vorhanden" in out
    assert "traeger-wiesbaden" in out


def test_demo_has_aqb_2024_with_all_26_regions_and_logins(rf):
    call_command("seed_demo")
    year = ProgrammeYear.objects.get(programme__code="aqb", year=2024)
    assert year.participations.count() == 26
    for username in ["ministerium", "rp-kassel", "wiesbaden", "frankfurt", "traeger-wiesbaden"]:
        assert authenticate(rf.get("/"), username=username, password="zielwerk-demo")
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("zielwerk-demo")


def test_invented_things_are_labelled(demo):
    provider = Organisation.objects.get(slug="demo-traeger-wiesbaden")
    assert "erfunden" in provider.name
    assert all("(Demo)" in user.last_name for user in User.objects.all())
