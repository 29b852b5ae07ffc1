import json
from pathlib import Path

import pytest
from django.core.management import call_command

from zielwerk.agreements.document import build_document
from zielwerk.agreements.importing.save import short_name_for
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.rendering.markdown import render_markdown
from zielwerk.core.models import AuditEntry

DOCUMENTS = Path(__file__).resolve().parents[1] / "importing" / "tests" / "documents"

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("agreement_import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_prints_only_json(demo):
    code, out, _err = run(str(DOCUMENTS / "wiesbaden_2024.txt"))
    assert code == 0
    assert json.loads(out)["amount"] == "2508300.00"
    assert (
        not Agreement.objects.filter(region__slug="wiesbaden")
        .exclude(versions__change_note="")
        .exists()
    )


def test_save_creates_a_signed_version_that_renders_back(demo):
    Agreement.objects.filter(region__slug="wiesbaden").delete()
    code, _out, err = run(str(DOCUMENTS / "wiesbaden_2024.txt"), "--save")
    assert code == 0, err
    agreement = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    version = agreement.current
    assert version.status == "signed"
    assert [p.project.code for p in version.version_projects.all()][:2] == [
        "WI-2024-FIB",
        "WI-2024-HIB",
    ]
    markdown = render_markdown(build_document(version))
    assert "Stadtteilmütter- Stadtteinväter" in markdown
    assert "Wiesbaden, den 12.7.2024" in markdown
    assert AuditEntry.objects.filter(action="agreement.create", object_id=str(agreement.pk))


def test_second_save_is_refused_and_changes_nothing(demo):
    before = Agreement.objects.count()
    code, _out, err = run(str(DOCUMENTS / "wiesbaden_2024.txt"), "--save")
    assert code == 2
    assert "schon eine Zielvereinbarung" in err
    assert Agreement.objects.count() == before


def test_unreadable_file_exits_2_with_german_message(tmp_path, demo):
    bad = tmp_path / "kaputt.txt"
    bad.write_text("Das ist keine Zielvereinbarung.\n", encoding="utf-8")
    code, out, err = run(str(bad), "--save")
    assert code == 2
    assert out == ""
    assert "Zeile" in err or "fehlt" in err


def test_short_names():
    taken: set[str] = set()
    assert short_name_for("Fit für den Beruf (FIB)", taken) == "FIB"
    assert short_name_for("Coaching für die Bedarfsgemeinschaft", taken) == "CFDB"
    assert short_name_for("Coaching für die Bedarfsgemeinschaft", taken) == "CFDB2"


def test_save_an_invented_agreement_of_another_region_and_year(demo):
    code, out, err = run(str(DOCUMENTS / "stadt_kassel_2025.md"), "--save")
    assert code == 0, err
    agreement = Agreement.objects.get(region__slug="kassel", programme_year__year=2025)
    version = agreement.current
    assert version.amount == json_amount(out)
    assert version.signatures.get(party="ministry").signed_on is None


def json_amount(out: str):
    from decimal import Decimal

    return Decimal(json.loads(out)["amount"])
