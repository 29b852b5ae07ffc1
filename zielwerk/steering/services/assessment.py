"""The year-end assessment of goal attainment (§ 6): per target of the binding version, the
figures at the cut-off day (31.12. of the year unless another day is chosen), the result the rules
propose and the result the ministry sets.

An accepted deviation of a target (the region gave a reason, the ministry accepted it) is linked
to the target's result and taken into account as § 6 asks: the proposal is one level better than
the figures alone (not attained → partly, partly → attained) and says so in its note. The
ministry may set another result, with a note; once finalised nothing changes any more.

Reads for the dashboard and the statewide overview are here too (`attainment_scores`,
`assessment_rows`): each runs a fixed number of queries whatever the number of regions and years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zielwerk.accounts.choices import Role
from zielwerk.accounts.selectors import people_with_role
from zielwerk.agreements.models import Agreement
from zielwerk.core.audit import audit_record, snapshot
from zielwerk.core.formats import format_date
from zielwerk.notifications.services import notification_send
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear

from .. import figures, selectors
from ..choices import (
    ATTAINMENT_SCORE,
    AssessmentStatus,
    Attainment,
    DeviationStatus,
    MessageKind,
)
from ..models import Assessment, Deviation, DeviationMessage, Target, TargetAssessment
from ..permissions import can_assess

TENTH = Decimal("0.1")
FULL = Decimal("100.0")

# One level better, for a target whose deviation the ministry accepted (§ 6).
LIFTED = {
    Attainment.NOT_ATTAINED: Attainment.PARTLY,
    Attainment.PARTLY: Attainment.ATTAINED,
    Attainment.ATTAINED: Attainment.ATTAINED,
}


def year_end(programme_year: ProgrammeYear) -> dt.date:
    return dt.date(programme_year.year, 12, 31)


def accepted_deviations(agreement: Agreement) -> dict[str, Deviation]:
    """{target key: the newest accepted deviation}, each with `reason` (the latest reason the
    region gave, "" if none). Two queries."""
    newest: dict[str, Deviation] = {}
    deviations = Deviation.objects.filter(
        agreement=agreement, status=DeviationStatus.ACCEPTED
    ).order_by("-detected_on", "-pk")
    for deviation in deviations:
        newest.setdefault(deviation.target_key, deviation)
    reasons = latest_reasons(d.pk for d in newest.values())
    for deviation in newest.values():
        deviation.reason = reasons.get(deviation.pk, "")  # type: ignore[attr-defined]
    return newest


def latest_reasons(deviation_ids: Iterable[int]) -> dict[int, str]:
    """{deviation id: the latest reason message's text} in one query."""
    ids = list(deviation_ids)
    if not ids:
        return {}
    reasons: dict[int, str] = {}
    messages = DeviationMessage.objects.filter(
        deviation_id__in=ids, kind=MessageKind.REASON
    ).order_by("deviation_id", "-written_on", "-created_at", "-pk")
    for deviation_id, body in messages.values_list("deviation_id", "body"):
        reasons.setdefault(deviation_id, body)
    return reasons


def deviation_note(deviation: Deviation, reason: str) -> str:
    note = _(
        "Abweichung anerkannt: %(direction)s, festgestellt am %(day)s (Erfüllung "
        "%(ratio)s %% des anteiligen Plans)."
    ) % {
        "direction": deviation.get_direction_display(),
        "day": format_date(deviation.detected_on),
        "ratio": str(deviation.ratio_percent).replace(".", ","),
    }
    if reason:
        note += " " + _("Begründung: %(reason)s") % {"reason": reason}
    note += " " + _("Vorschlag daher eine Stufe besser als nach den Zahlen allein (§ 6).")
    return note


def _check_as_of(as_of: dt.date, programme_year: ProgrammeYear) -> None:
    if as_of.year != programme_year.year:
        raise ValidationError(
            _("Der Stichtag %(day)s liegt nicht im Programmjahr %(year)s.")
            % {"day": format_date(as_of), "year": programme_year.year}
        )


@transaction.atomic
def assessment_create(*, actor, agreement: Agreement, as_of: dt.date | None = None) -> Assessment:
    """Draft the assessment of the binding version from the figures at the cut-off day, with a
    proposal per target; the result starts as the proposal."""
    can_assess(actor).enforce()
    programme_year = agreement.programme_year
    as_of = as_of or year_end(programme_year)
    _check_as_of(as_of, programme_year)
    # Lock the agreement so that two clicks cannot draft two assessments.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    if Assessment.objects.filter(agreement=agreement).exists():
        raise ValidationError(
            _(
                "Für die Zielvereinbarung %(year)s – %(region)s gibt es bereits eine Bewertung; "
                "sie wird dort bearbeitet."
            )
            % {"year": programme_year.year, "region": agreement.region.name}
        )
    version = selectors.binding_version(agreement)
    if version is None:
        raise ValidationError(
            _(
                "Die Zielvereinbarung %(year)s – %(region)s ist noch nicht unterzeichnet; "
                "bewertet wird nur eine verbindliche Fassung."
            )
            % {"year": programme_year.year, "region": agreement.region.name}
        )
    targets = selectors.targets_of(version)
    if not targets:
        raise ValidationError(
            _(
                "Die verbindliche Fassung %(number)s enthält keine Zielwerte; es gibt nichts "
                "zu bewerten."
            )
            % {"number": version.number}
        )
    assessment = Assessment.objects.create(agreement=agreement, version=version, as_of=as_of)
    rules = selectors.rules_of(programme_year)
    deviations = accepted_deviations(agreement)
    items = []
    for row in figures.target_figures(targets, as_of):
        target = row.target
        proposed = figures.proposed_attainment(row, figures.rule_for(rules, target.metric))
        deviation = deviations.get(target.key)
        note = ""
        if deviation is not None:
            proposed = LIFTED[Attainment(proposed)]
            note = deviation_note(deviation, deviation.reason)  # type: ignore[attr-defined]
        ratio = row.attainment_percent
        items.append(
            TargetAssessment(
                assessment=assessment,
                target=target,
                planned=row.planned,
                actual=row.actual,
                # A target value of 0 is met by any actual value.
                ratio_percent=FULL if ratio is None else ratio,
                proposed=proposed,
                result=proposed,
                deviation=deviation,
                note=note,
            )
        )
    TargetAssessment.objects.bulk_create(items)
    audit_record(
        actor=actor,
        action="assessment.create",
        obj=assessment,
        changes={
            **snapshot(assessment, ["as_of", "status"]),
            "version": [None, version.number],
            "items": [None, [f"{i.target.key}: {i.proposed}" for i in items]],
        },
    )
    return assessment


def _draft_only(actor, assessment: Assessment) -> Assessment:
    """The assessment locked for the change; refuses a final one."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    can_assess(actor, locked).enforce()
    return locked


@transaction.atomic
def assessment_update(
    *,
    actor,
    assessment: Assessment,
    items: Mapping[int, tuple[str, str]],
    summary: str,
) -> Assessment:
    """Set results and notes (by target id) and the summary while the assessment is a draft. A
    result other than the proposal needs a note."""
    can_assess(actor, assessment).enforce()
    locked = _draft_only(actor, assessment)
    current = {
        item.target_id: item for item in locked.items.select_related("target").order_by("pk")
    }
    errors = []
    for target_id, (result, note) in items.items():
        item = current.get(target_id)
        if item is None:
            errors.append(
                _("Der Zielwert %(id)s gehört nicht zu dieser Bewertung.") % {"id": target_id}
            )
            continue
        if result not in Attainment.values:
            errors.append(
                _("„%(value)s“ ist kein Ergebnis für „%(target)s“.")
                % {"value": result, "target": item.target.label}
            )
        elif result != item.proposed and not (note or "").strip():
            errors.append(
                _(
                    "„%(target)s“: Das Ergebnis „%(result)s“ weicht vom Vorschlag „%(proposed)s“ "
                    "ab; bitte begründen Sie das."
                )
                % {
                    "target": item.target.label,
                    "result": Attainment(result).label,
                    "proposed": item.get_proposed_display(),
                }
            )
    if errors:
        raise ValidationError(errors)
    changes: dict[str, list] = {}
    for target_id, (result, note) in items.items():
        item = current[target_id]
        note = (note or "").strip()
        if (item.result, item.note) != (result, note):
            changes[item.target.key] = [[item.result, item.note], [result, note]]
            item.result, item.note = result, note
            item.save(update_fields=["result", "note"])
    summary = (summary or "").strip()
    if summary != locked.summary:
        changes["summary"] = [locked.summary, summary]
        locked.summary = summary
        locked.save(update_fields=["summary"])
    if changes:
        audit_record(actor=actor, action="assessment.update", obj=locked, changes=changes)
    return locked


def assessment_url(assessment: Assessment) -> str:
    agreement = assessment.agreement
    return reverse(
        "steering:assessment",
        kwargs={"year": agreement.programme_year.year, "region": agreement.region.slug},
    )


@transaction.atomic
def assessment_finalise(*, actor, assessment: Assessment, at=None) -> Assessment:
    """Close the assessment for good and tell the region's coordination. `at` (the time of
    finalising, default now) lets the demo replay a past year."""
    can_assess(actor, assessment).enforce()
    locked = _draft_only(actor, assessment)
    locked.status = AssessmentStatus.FINAL
    locked.finalised_at = at or timezone.now()
    locked.finalised_by = actor
    locked.save(update_fields=["status", "finalised_at", "finalised_by"])
    audit_record(
        actor=actor,
        action="assessment.finalise",
        obj=locked,
        changes={"status": [AssessmentStatus.DRAFT, AssessmentStatus.FINAL]},
    )
    agreement = Agreement.objects.select_related("region", "programme_year").get(
        pk=locked.agreement_id
    )
    region, year = agreement.region, agreement.programme_year.year
    if region.administration_id is not None:
        link = reverse("steering:assessment", kwargs={"year": year, "region": region.slug})
        for person in people_with_role(
            Role.REGION_COORDINATOR, organisation_id=region.administration_id, exclude=actor
        ):
            notification_send(
                recipient=person,
                title=_("Zielerreichung %(year)s bewertet") % {"year": year},
                body=_(
                    "Das Ministerium hat die Bewertung der Zielerreichung %(year)s für "
                    "%(region)s abgeschlossen."
                )
                % {"year": year, "region": region.name},
                link=link,
            )
    return locked


# --- reads -------------------------------------------------------------------------------------


def _score_case() -> Case:
    return Case(
        *[When(result=result, then=Value(weight)) for result, weight in ATTAINMENT_SCORE.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def score_of(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(TENTH, rounding=ROUND_HALF_UP)


def attainment_scores(programme_year: ProgrammeYear) -> dict[int, Decimal]:
    """{region id: attainment score in %} of the final assessments of the year: the mean of the
    targets' weights (attained 100, partly 50, not attained 0), one decimal. One query."""
    rows = (
        TargetAssessment.objects.filter(
            assessment__status=AssessmentStatus.FINAL,
            assessment__agreement__programme_year=programme_year,
        )
        .values("assessment__agreement__region_id")
        .annotate(total=Sum(_score_case()), count=Count("pk"))
        .order_by()
    )
    scores = {}
    for row in rows:
        score = score_of(row["total"] or 0, row["count"])
        if score is not None:
            scores[row["assessment__agreement__region_id"]] = score
    return scores


class RowStatus:
    """The state of one region × year in the overview (the first two have no assessment)."""

    NO_AGREEMENT = "no_agreement"
    OPEN = "open"
    DRAFT = AssessmentStatus.DRAFT.value
    FINAL = AssessmentStatus.FINAL.value


def row_status_label(status: str) -> str:
    labels = {
        RowStatus.NO_AGREEMENT: _("keine Zielvereinbarung"),
        RowStatus.OPEN: _("noch nicht bewertet"),
        RowStatus.DRAFT: _("Entwurf"),
        RowStatus.FINAL: _("abgeschlossen"),
    }
    return str(labels[status])


@dataclass
class AssessmentRow:
    region: Region
    year: int
    status: str
    status_label: str
    targets: int | None = None  # targets of the assessment (or of the binding version)
    attained: int | None = None
    partly: int | None = None
    not_attained: int | None = None
    score: Decimal | None = None  # final assessments only
    accepted_deviations: int = 0
    summary: str = ""
    agreement_id: int | None = None
    assessment_id: int | None = None


def _binding_target_counts(year_ids: list[int]) -> dict[int, int]:
    """{agreement id: number of targets of its binding version} in one query."""
    rows = (
        Target.objects.filter(
            version__agreement__programme_year_id__in=year_ids,
            version__status__in=selectors.BINDING_STATUSES,
        )
        .values("version__agreement_id", "version__number")
        .annotate(n=Count("pk"))
        .order_by("version__agreement_id", "version__number")
    )
    counts: dict[int, int] = {}
    for row in rows:  # the newest binding number comes last and wins
        counts[row["version__agreement_id"]] = row["n"]
    return counts


def assessment_rows(years: Iterable[int] | None = None) -> list[AssessmentRow]:
    """Every region (valid in the year) × programme year, with its assessment's counts and score
    and the number of accepted deviations. Six queries for any number of regions and years;
    ordered by year (newest first) and region."""
    programme_years = ProgrammeYear.objects.order_by("-year", "pk")
    if years is not None:
        programme_years = programme_years.filter(year__in=list(years))
    year_list = list(programme_years)
    year_ids = [py.pk for py in year_list]
    regions = list(Region.objects.order_by("name", "pk"))
    agreements = {
        (region_id, year_id): pk
        for pk, region_id, year_id in Agreement.objects.filter(
            programme_year_id__in=year_ids
        ).values_list("pk", "region_id", "programme_year_id")
    }
    assessments = {
        row["agreement_id"]: row
        for row in Assessment.objects.filter(agreement__programme_year_id__in=year_ids)
        .values("pk", "agreement_id", "status", "summary")
        .annotate(
            n=Count("items"),
            attained=Count("items", filter=Q(items__result=Attainment.ATTAINED)),
            partly=Count("items", filter=Q(items__result=Attainment.PARTLY)),
            not_attained=Count("items", filter=Q(items__result=Attainment.NOT_ATTAINED)),
        )
        .order_by()
    }
    accepted = dict(
        Deviation.objects.filter(
            agreement__programme_year_id__in=year_ids, status=DeviationStatus.ACCEPTED
        )
        .values("agreement_id")
        .annotate(n=Count("pk"))
        .values_list("agreement_id", "n")
        .order_by()
    )
    target_counts = _binding_target_counts(year_ids)
    rows = []
    for programme_year in year_list:
        first, last = dt.date(programme_year.year, 1, 1), year_end(programme_year)
        for region in regions:
            valid = (region.valid_from is None or region.valid_from <= last) and (
                region.valid_to is None or region.valid_to >= first
            )
            agreement_id = agreements.get((region.pk, programme_year.pk))
            if not valid and agreement_id is None:
                continue
            rows.append(
                _row(
                    region, programme_year.year, agreement_id, assessments, accepted, target_counts
                )
            )
    return rows


def _row(region, year, agreement_id, assessments, accepted, target_counts) -> AssessmentRow:
    if agreement_id is None:
        status = RowStatus.NO_AGREEMENT
        return AssessmentRow(region, year, status, row_status_label(status))
    found = assessments.get(agreement_id)
    if found is None:
        status = RowStatus.OPEN
        return AssessmentRow(
            region,
            year,
            status,
            row_status_label(status),
            targets=target_counts.get(agreement_id),
            accepted_deviations=accepted.get(agreement_id, 0),
            agreement_id=agreement_id,
        )
    weights = (
        found["attained"] * ATTAINMENT_SCORE[Attainment.ATTAINED]
        + found["partly"] * ATTAINMENT_SCORE[Attainment.PARTLY]
        + found["not_attained"] * ATTAINMENT_SCORE[Attainment.NOT_ATTAINED]
    )
    status = found["status"]
    return AssessmentRow(
        region,
        year,
        status,
        row_status_label(status),
        targets=found["n"],
        attained=found["attained"],
        partly=found["partly"],
        not_attained=found["not_attained"],
        score=score_of(weights, found["n"]) if status == RowStatus.FINAL else None,
        accepted_deviations=accepted.get(agreement_id, 0),
        summary=found["summary"],
        agreement_id=agreement_id,
        assessment_id=found["pk"],
    )


@dataclass(frozen=True)
class ItemRow:
    """One target's result for the report, with the accepted deviation's reason."""

    item: TargetAssessment
    reason: str


def items_by_assessment(assessment_ids: Iterable[int]) -> dict[int, list[ItemRow]]:
    """{assessment id: its targets' results in order} in two queries."""
    ids = list(assessment_ids)
    if not ids:
        return {}
    items = list(
        TargetAssessment.objects.filter(assessment_id__in=ids)
        .select_related("target", "deviation")
        .order_by("assessment_id", "target__position", "pk")
    )
    reasons = latest_reasons({i.deviation_id for i in items if i.deviation_id})
    grouped: dict[int, list[ItemRow]] = defaultdict(list)
    for item in items:
        grouped[item.assessment_id].append(ItemRow(item, reasons.get(item.deviation_id or 0, "")))
    return dict(grouped)
