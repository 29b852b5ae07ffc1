"""The results arithmetic on the demo survey, worked out by hand from the answers in
zielwerk/demo/surveys.py (Wiesbaden, Frankfurt am Main, Landkreis Kassel, all submitted)."""

from __future__ import annotations

from decimal import Decimal

from zielwerk.programmes.models import Participation
from zielwerk.surveys.models import Survey
from zielwerk.surveys.results import bar_chart, percent, survey_results


def _demo():
    return survey_results(Survey.objects.get(title="Umfrage zur Umsetzung 2024"))


def test_response_rate(survey_demo):
    results = _demo()
    taking_part = Participation.objects.filter(programme_year__year=2024).count()
    assert results.recipients == taking_part
    assert results.submitted == 3
    assert results.rate_text == f"3 von {taking_part} Gebietskörperschaften"


def test_single_choice_counts_and_shares(survey_demo):
    stand = _demo().questions[0]
    # planmäßig: Wiesbaden and Landkreis Kassel = 2 of 3 = 66.7 %; leicht verzögert: Frankfurt
    assert [(c.label, c.count, c.share) for c in stand.choices] == [
        ("planmäßig", 2, Decimal("66.7")),
        ("leicht verzögert", 1, Decimal("33.3")),
        ("deutlich verzögert", 0, Decimal("0.0")),
    ]
    assert stand.answered == 3
    assert stand.chart is not None
    assert stand.chart.summary == (
        "planmäßig: 2 (66,7 %); leicht verzögert: 1 (33,3 %); deutlich verzögert: 0 (0,0 %)"
    )


def test_number_minimum_mean_maximum(survey_demo):
    staff = _demo().questions[1]
    # 12.5, 20 and 6: mean 38.5 / 3 = 12.8333… → 12.83
    assert (staff.minimum, staff.mean, staff.maximum) == (
        Decimal("6"),
        Decimal("12.83"),
        Decimal("20"),
    )
    assert (staff.minimum_text, staff.mean_text, staff.maximum_text) == ("6", "12,83", "20")
    assert staff.chart is None


def test_multiple_choice_counts_every_choice(survey_demo):
    problems = _demo().questions[2]
    # Wiesbaden: Personal, Räume; Frankfurt: Teilnehmende, Personal; Landkreis Kassel: keine
    assert [(c.label, c.count) for c in problems.choices] == [
        ("Gewinnung von Teilnehmenden", 1),
        ("Gewinnung von Personal", 2),
        ("Räume", 1),
        ("Zusammenarbeit mit dem Jobcenter", 0),
        ("keine", 1),
    ]
    assert problems.choices[1].share == Decimal("66.7")  # 2 of the 3 that answered


def test_scale_distribution_and_mean(survey_demo):
    scale = _demo().questions[3]
    # 4, 3 and 5
    assert [(c.label, c.count) for c in scale.choices] == [
        ("1", 0),
        ("2", 0),
        ("3", 1),
        ("4", 1),
        ("5", 1),
    ]
    assert (scale.minimum, scale.mean, scale.maximum) == (3, Decimal("4.00"), 5)


def test_free_text_per_region_without_empty_answers(survey_demo):
    texts = _demo().questions[4]
    assert [region for region, _text in texts.texts] == ["Frankfurt am Main", "Wiesbaden"]
    assert texts.answered == 2


def test_drafts_do_not_count(open_survey, users):
    from zielwerk.organisations.models import Region
    from zielwerk.surveys.services import response_save

    s = open_survey
    response_save(
        actor=users["wiesbaden"],
        survey=s.survey,
        region=Region.objects.get(slug="wiesbaden"),
        answers={s.number.pk: "5"},
    )
    results = survey_results(s.survey)
    assert results.submitted == 0 and results.recipients == 2
    assert results.rate_text == "0 von 2 Gebietskörperschaften"
    assert results.questions[1].answered == 0 and results.questions[1].mean is None


def test_percent_rounds_half_up_and_handles_nothing():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert percent(0, 0) is None


def test_bars_are_scaled_to_the_largest_count():
    chart = bar_chart("x", "T", [("a", 2, None), ("b", 1, None), ("c", 0, None)])
    assert [bar.width for bar in chart.bars] == [470, 235, 0]
