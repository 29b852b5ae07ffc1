"""`manage.py participants_import`: exit codes, one problem per line, the JSON last line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from zielwerk.participants.models import Participant
from zielwerk.participants.records import HEADINGS

from .test_importing import BROKEN, EXITS, VALID, fib, read_table  # noqa: F401 (fixture)


def cli(*args) -> tuple[int, list[str]]:
    out = StringIO()
    try:
        call_command("participants_import", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue().splitlines()


def last_json(lines: list[str]) -> dict:
    return json.loads(lines[-1])


def test_valid_file_by_code_then_reimport_then_exits(fib, tmp_path):  # noqa: F811
    path = tmp_path / "gueltig.csv"
    path.write_bytes(VALID)
    code, lines = cli(str(path), "--project", "WI-2024-FIB")
    assert code == 0
    assert last_json(lines) == {"created": 3, "updated": 0, "unchanged": 0, "errors": 0}
    code, lines = cli(str(path), "--project", str(fib.pk))
    assert last_json(lines) == {"created": 0, "updated": 0, "unchanged": 3, "errors": 0}
    exits = tmp_path / "austritte.csv"
    exits.write_bytes(EXITS)
    code, lines = cli(str(exits), "--project", "wi-2024-fib", "--user", "traeger-wiesbaden")
    assert (code, last_json(lines)) == (
        0,
        {"created": 0, "updated": 2, "unchanged": 1, "errors": 0},
    )


def test_broken_file_prints_each_problem_and_exits_2(fib, tmp_path):  # noqa: F811
    path = tmp_path / "fehlerhaft.csv"
    path.write_bytes(BROKEN)
    code, lines = cli(str(path), "--project", "WI-2024-FIB")
    assert code == 2
    assert last_json(lines) == {"created": 0, "updated": 0, "unchanged": 0, "errors": 6}
    assert len(lines) == 7
    assert lines[1] == (
        "Zeile 3, Spalte „Rechtskreis“, Wert „SGB 9“: "
        "erlaubt sind: SGB II / SGB III / SGB VIII / SGB XII / AsylbLG"
    )
    assert Participant.objects.count() == 0


def test_dry_run_stores_nothing(fib, tmp_path):  # noqa: F811
    path = tmp_path / "gueltig.csv"
    path.write_bytes(VALID)
    code, lines = cli(str(path), "--project", "WI-2024-FIB", "--dry-run")
    assert (code, last_json(lines)) == (
        0,
        {"created": 3, "updated": 0, "unchanged": 0, "errors": 0},
    )
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "WI-2024-XYZ"], "Projekt „WI-2024-XYZ“ nicht gefunden."),
        (["--project", "WI-2024-FIB", "--user", "wiesbaden"], "Teilnehmende erfasst der Träger"),
    ],
)
def test_unknown_project_or_foreign_user_exits_2_with_json(fib, tmp_path, args, message):  # noqa: F811
    path = tmp_path / "gueltig.csv"
    path.write_bytes(VALID)
    code, lines = cli(str(path), *args)
    assert code == 2
    assert lines[0].startswith(message)
    assert last_json(lines) == {"created": 0, "updated": 0, "unchanged": 0, "errors": 1}
    assert Participant.objects.count() == 0


def test_missing_file_and_wrong_suffix(fib, tmp_path):  # noqa: F811
    code, lines = cli(str(tmp_path / "fehlt.csv"), "--project", "WI-2024-FIB")
    assert code == 2 and lines[0].startswith("Die Datei „")
    other = tmp_path / "liste.txt"
    other.write_bytes(VALID)
    code, lines = cli(str(other), "--project", "WI-2024-FIB")
    assert (code, lines[0]) == (2, "Bitte eine CSV- oder XLSX-Datei verwenden.")
    assert last_json(lines)["errors"] == 1


def test_template_is_written(db, tmp_path):
    path = tmp_path / "vorlage.xlsx"
    code, _lines = cli("--template", str(path))
    assert code == 0
    assert read_table(path.read_bytes(), path.name)[0] == list(HEADINGS)
