"""manage.py allocation_compute: CSV on stdout, German messages and exit code 2 on stderr."""

import csv
import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from zielwerk.organisations.choices import RegionKind
from zielwerk.organisations.models import AdministrativeDistrict, Region

DATA = Path(__file__).parent / "data"


@pytest.fixture
def three_regions(db):
    """Three regions with the AGS keys of the spreadsheet fixtures, and one from 2026 on."""
    district = AdministrativeDistrict.objects.create(key="064", name="Darmstadt")
    for ags, name, code, valid_from in [
        ("06411", "Darmstadt", "DA", None),
        ("06412", "Frankfurt am Main", "F", None),
        ("06414", "Wiesbaden", "WI", None),
        ("06415", "Neustadt", "NEU", dt.date(2026, 1, 1)),
    ]:
        Region.objects.create(
            ags=ags,
            name=name,
            official_name=f"Stadt {name}",
            code=code,
            slug=code.lower(),
            kind=RegionKind.CITY,
            district=district,
            valid_from=valid_from,
        )


def write(tmp_path, text: str, name: str = "ind.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout, stderr; --year 2024 unless the test names a year."""
    if "--year" not in args:
        args = (*args, "--year", "2024")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("allocation_compute", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


EQUAL = "ags;sgb2\n06411;1\n06412;1\n06414;1\n"


def test_equal_shares_rounded_to_100_euros(three_regions, tmp_path):
    # 1,000 € in 10 units of 100 €: 3 1/3 each; 3 each and the open unit to the first AGS.
    code, out, err = run(
        "--total", "1000", "--indicators", write(tmp_path, EQUAL), "--unit", "100", "--year", "2024"
    )
    assert (code, err) == (0, "")
    assert out == (
        "ags,name,amount\n"
        "06411,Stadt Darmstadt,400.00\n"
        "06412,Stadt Frankfurt am Main,300.00\n"
        "06414,Stadt Wiesbaden,300.00\n"
    )


def test_weights_cents_and_german_total(three_regions, tmp_path):
    # sgb2 1:1:2 and sgb3 3:1:0, equal weights -> scores 1 : 1/2 : 1/2.
    # 2.508.300,50 € = 25,083 units of 100 € + 50 ct; quotas 12,541.5 / 6,270.75 / 6,270.75;
    # the two open units go to the larger remainders (06412, 06414), the 50 ct to the largest
    # quota (06411).
    path = write(tmp_path, "ags;sgb2;sgb3\n06411;1;3\n06412;1;1\n06414;2;0\n")
    code, out, _ = run(
        "--total", "2.508.300,50", "--indicators", path, "--weights", "sgb2=1,sgb3=1"
    )
    assert code == 0
    assert out.splitlines()[1:] == [
        "06411,Stadt Darmstadt,1254100.50",
        "06412,Stadt Frankfurt am Main,627100.00",
        "06414,Stadt Wiesbaden,627100.00",
    ]


def test_a_weight_of_zero_leaves_the_column_out(three_regions, tmp_path):
    # sgb2 alone: 1:1:2 -> quotas 2.5 / 2.5 / 5 units -> 300 / 200 / 500.
    path = write(tmp_path, "ags;sgb2;sgb3\n06411;1;3\n06412;1;1\n06414;2;0\n")
    code, out, _ = run("--total", "1.000", "--indicators", path, "--weights", "sgb2=2,sgb3=0")
    assert code == 0
    assert [line.rsplit(",", 1)[1] for line in out.splitlines()[1:]] == [
        "300.00",
        "200.00",
        "500.00",
    ]


def test_minimum_first(three_regions, tmp_path):
    # 3 × 200 € minimum, the other 400 € (4 units) by 1:1:2 -> 1 / 1 / 2 units.
    path = write(tmp_path, "ags;sgb2\n06411;1\n06412;1\n06414;2\n")
    code, out, _ = run("--total", "1000.00", "--indicators", path, "--minimum", "200")
    assert code == 0
    assert [line.rsplit(",", 1)[1] for line in out.splitlines()[1:]] == [
        "300.00",
        "300.00",
        "400.00",
    ]


def test_xlsx_input(three_regions):
    # sgb2 1200:2400:1200 and sgb3 300.5:601:300.5 -> 1:2:1 -> 2.508.300 in units of 100
    # = 25,083 units; quotas 6,270.75 / 12,541.5 / 6,270.75 -> 6,271 / 12,541 / 6,271.
    code, out, _ = run(
        "--total", "2508300", "--indicators", str(DATA / "indicators.xlsx"), "--year", "2024"
    )
    assert code == 0
    assert out.splitlines()[1:] == [
        "06411,Stadt Darmstadt,627100.00",
        "06412,Stadt Frankfurt am Main,1254100.00",
        "06414,Stadt Wiesbaden,627100.00",
    ]


@pytest.mark.django_db
def test_amounts_sum_exactly_to_the_total_for_all_hessian_regions(tmp_path):
    from zielwerk.organisations import reference

    reference.load()
    rng = random.Random(4)
    keys = sorted(Region.objects.exclude(ags="").values_list("ags", flat=True))
    lines = "".join(
        f"{ags};{rng.randint(0, 90_000)};{rng.randint(1, 9_999)},{rng.randint(0, 99)}\n"
        for ags in keys
    )
    path = write(tmp_path, f"ags;sgb2;jugend\n{lines}")
    code, out, err = run(
        "--total",
        "2.508.300,37",
        "--indicators",
        path,
        "--weights",
        "sgb2=0.7,jugend=0.3",
        "--minimum",
        "20.000",
        "--unit",
        "1000",
        "--year",
        "2024",
    )
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["ags"] for row in rows] == keys
    assert len(rows) == 26
    assert sum(Decimal(row["amount"]) for row in rows) == Decimal("2508300.37")
    assert all(Decimal(row["amount"]) >= 20000 for row in rows)
    assert all(len(row["amount"].split(".")[1]) == 2 for row in rows)


def fails(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    return err.strip()


def test_unknown_ags(three_regions, tmp_path):
    path = write(tmp_path, EQUAL + "06499;1\n")
    assert fails("--total", "1000", "--indicators", path, "--year", "2024") == (
        "Die Indikatordatei „ind.csv“ ist fehlerhaft:\n"
        "- Zeile 5, Spalte A („ags“): Zum Kreisschlüssel „06499“ gibt es keine "
        "Gebietskörperschaft in diesem Jahr."
    )


def test_regions_of_the_year(three_regions, tmp_path):
    # 06415 exists from 2026 on: unknown in 2025, missing from the file in 2026.
    with_new = write(tmp_path, EQUAL + "06415;1\n", "mit-neustadt.csv")
    assert "„06415“ gibt es keine" in fails(
        "--total", "1000", "--indicators", with_new, "--year", "2025"
    )
    assert fails("--total", "1000", "--indicators", write(tmp_path, EQUAL), "--year", "2026") == (
        "Die Indikatordatei „ind.csv“ ist fehlerhaft:\n"
        "- Die Gebietskörperschaft Stadt Neustadt (06415) fehlt in der Datei."
    )
    code, out, _ = run("--total", "1000", "--indicators", with_new, "--year", "2026")
    assert code == 0
    assert out.splitlines()[-1] == "06415,Stadt Neustadt,200.00"


def test_year_defaults_to_the_current_one(three_regions, tmp_path, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 5, 1))
    out, err = io.StringIO(), io.StringIO()
    path = write(tmp_path, EQUAL + "06415;1\n")
    call_command("allocation_compute", "--total", "1000", "--indicators", path, stdout=out)
    assert out.getvalue().splitlines()[-1] == "06415,Stadt Neustadt,200.00"
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 12, 31))
    with pytest.raises(SystemExit):
        call_command(
            "allocation_compute", "--total", "1000", "--indicators", path, stdout=out, stderr=err
        )
    assert "„06415“ gibt es keine" in err.getvalue()


def test_bad_number_in_the_file(three_regions, tmp_path):
    path = write(tmp_path, "ags;sgb2;sgb3\n06411;1;2\n06412;1;-12\n06414;1;zwei\n")
    assert fails("--total", "1000", "--indicators", path, "--year", "2024") == (
        "Die Indikatordatei „ind.csv“ ist fehlerhaft:\n"
        "- Zeile 3, Spalte C („sgb3“): „-12“ ist negativ.\n"
        "- Zeile 4, Spalte C („sgb3“): „zwei“ ist keine Zahl."
    )


def test_weights_naming_an_unknown_column(three_regions, tmp_path):
    path = write(tmp_path, EQUAL)
    assert fails("--total", "1000", "--indicators", path, "--weights", "sgb3=1") == (
        "--weights: Die Spalte „sgb3“ gibt es in der Indikatordatei nicht (vorhanden: sgb2)."
    )


@pytest.mark.parametrize("weights", ["sgb2", "sgb2=-1", "sgb2=0,5", "=1", "sgb2=eins"])
def test_malformed_weights(three_regions, tmp_path, weights):
    err = fails("--total", "1000", "--indicators", write(tmp_path, EQUAL), "--weights", weights)
    assert err.startswith("--weights: „")
    assert err.endswith(
        "hat nicht die Form Spalte=Gewicht (Gewicht eine Zahl ≥ 0 mit "
        "Dezimalpunkt, z. B. sgb2=2,sgb3=0.5)."
    )


def test_duplicate_and_all_zero_weights(three_regions, tmp_path):
    path = write(tmp_path, EQUAL)
    assert fails("--total", "1000", "--indicators", path, "--weights", "sgb2=1,sgb2=2") == (
        "--weights: Die Spalte „sgb2“ ist doppelt angegeben."
    )
    assert fails("--total", "1000", "--indicators", path, "--weights", "sgb2=0") == (
        "Mindestens ein Indikator braucht ein Gewicht größer als 0."
    )


@pytest.mark.parametrize("total", ["viel", "2.50.000", "1000,123", "1,000.00", "2508300.5.0"])
def test_total_not_a_number(three_regions, tmp_path, total):
    assert fails("--total", total, "--indicators", write(tmp_path, EQUAL)) == (
        f"--total: „{total}“ ist kein Betrag (z. B. 2508300, 2.508.300 oder 2.508.300,50)."
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2508300", "2508300.00"),
        ("2.508.300", "2508300.00"),
        ("2508300.50", "2508300.50"),
        ("2.508.300,50", "2508300.50"),
    ],
)
def test_total_formats(three_regions, tmp_path, text, amount):
    path = write(tmp_path, "ags;sgb2\n06411;1\n06412;0\n06414;0\n")
    code, out, _ = run("--total", text, "--indicators", path, "--unit", "0,01")
    assert code == 0
    assert out.splitlines()[1] == f"06411,Stadt Darmstadt,{amount}"


def test_minimum_too_large(three_regions, tmp_path):
    path = write(tmp_path, EQUAL)
    assert fails("--total", "1000", "--indicators", path, "--minimum", "400") == (
        "Der Mindestbetrag für 3 Gebietskörperschaften übersteigt den Gesamtbetrag."
    )


def test_other_bad_input(three_regions, tmp_path):
    path = write(tmp_path, EQUAL)
    assert fails("--indicators", path) == (
        "--total fehlt: der Gesamtbetrag in Euro, z. B. --total 2.508.300."
    )
    assert fails("--total", "1000") == (
        "--indicators fehlt: die Indikatordatei (.csv, .xlsx oder .ods)."
    )
    missing = str(tmp_path / "fehlt.csv")
    assert fails("--total", "1000", "--indicators", missing) == (
        f"--indicators: Die Datei „{missing}“ gibt es nicht."
    )
    assert fails("--total", "1000", "--indicators", path, "--year", "24") == (
        "--year: „24“ ist keine Jahreszahl (z. B. 2024)."
    )
    assert fails("--total", "1000", "--indicators", path, "--unit", "0") == (
        "Die Rundungseinheit muss größer als 0 sein."
    )
    assert fails("--total", "-1000", "--indicators", path) == (
        "Gesamtbetrag und Mindestbetrag dürfen nicht negativ sein."
    )
