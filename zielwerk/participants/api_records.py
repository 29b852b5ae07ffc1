"""Participant records in the provider API (/api/v1/participants): list, read, create or update,
change, exit and follow-up.

* Token or session auth. The provider that runs a project writes and reads its records; the
  region's people read their projects' records (pseudonymous); ministry and grant authority see
  aggregates only (403 on the list; records of others answer 404).
* Bodies use the field names of records.COLUMNS and the values of the import format ("weiblich",
  "SGB II", "01.03.2024" or "2024-03-01"); they are checked by the import's validator, so a
  refused record answers 422 with exactly the import's messages.
* Writes accept the header `Idempotency-Key`: the same key with the same body answers with the
  stored first response without writing again; the same key with another body answers 409.
* Every read of records is written to the access log (kind "api").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from zielwerk.core.api_errors import MessageOut, ValidationErrorOut
from zielwerk.core.permissions import deny
from zielwerk.projects.models import Project

from .access import log_access
from .choices import AccessKind
from .models import IdempotencyKey, Participant
from .permissions import can_record_participants, can_view_records, runs_project
from .services import (
    RecordInvalid,
    participant_exit,
    participant_followup,
    participant_record,
    participant_update,
    participant_values,
)

router = Router(tags=["Teilnehmende"])

MAX_LIMIT = 1000
MAX_KEY = 100  # IdempotencyKey.key
Value = str | int | None


# --- schemas ------------------------------------------------------------------------------------


def _field(description: str, **extra: Any) -> Any:
    return Field(None, description=description, **extra)


class RecordFields(Schema):
    """The record's values as in the import format (column in brackets)."""

    entered_on: Value = _field(
        "Eintrittsdatum: TT.MM.JJJJ oder JJJJ-MM-TT", examples=["01.03.2024"]
    )
    gender: Value = _field(
        "Geschlecht: weiblich / männlich / nicht-binär / divers", examples=["weiblich"]
    )
    birth_year: Value = _field("Geburtsjahr (vierstellig)", examples=[2006])
    residence: Value = _field(
        "Wohnort Landkreis/kreisfreie Stadt: amtlicher Kreisschlüssel (AGS) oder Name",
        examples=["06414"],
    )
    first_residence_hessen: Value = _field(
        "Erstwohnsitz in Hessen: ja / nein (nein ist nicht förderfähig)", examples=["ja"]
    )
    entitlement: Value = _field(
        "Rechtskreis: SGB II / SGB III / SGB VIII / SGB XII / AsylbLG", examples=["SGB II"]
    )
    via_household: Value = _field("Anspruch über Bedarfsgemeinschaft: ja / nein", examples=["ja"])
    employment_status: Value = _field(
        "Erwerbsstatus: arbeitslos / langzeitarbeitslos / nicht erwerbstätig / erwerbstätig",
        examples=["arbeitslos"],
    )
    education_level: Value = _field(
        "Bildungsniveau: ISCED 0-2 / ISCED 3-4 / ISCED 5-8", examples=["ISCED 0-2"]
    )
    target_group: Value = _field(
        "Zielgruppe (optional): Name aus dem Zielgruppenkatalog des Programms", examples=[""]
    )
    disability: Value = _field("Behinderung: ja / nein / keine Angabe", examples=["keine Angabe"])
    foreign_background: Value = _field(
        "Ausländische Herkunft: ja / nein / keine Angabe", examples=["nein"]
    )
    third_country_national: Value = _field(
        "Drittstaatsangehörigkeit: ja / nein / keine Angabe", examples=["nein"]
    )
    followup_consent: Value = _field("Einwilligung Nachbefragung: ja / nein", examples=["ja"])
    exited_on: Value = _field("Austrittsdatum (leer, solange die Person teilnimmt)")
    exit_reason: Value = _field("Austrittsgrund: regulär / vorzeitig (leer ohne Austritt)")
    situation_after_exit: Value = _field(
        "Verbleib nach 4 Wochen: Arbeitssuche / Schule oder Ausbildung / Qualifikation "
        "erworben / Beschäftigung / Sonstiges (leer ohne Austritt)"
    )


class ParticipantIn(RecordFields):
    project: str = Field(
        ..., description="Projektcode, z. B. WI-2024-FIB", examples=["WI-2024-FIB"]
    )
    reference: Value = _field(
        "Teilnehmenden-Kennung des Trägers (höchstens 100 Zeichen). Zielwerk speichert nur "
        "einen verschlüsselten Abgleichwert; dieselbe Kennung im selben Projekt aktualisiert "
        "den vorhandenen Datensatz.",
        examples=["A-0001"],
    )


class ParticipantPatch(RecordFields):
    """Only the fields sent are changed; the merged record is checked as a whole."""

    dropout_reason: str | None = _field("Grund des vorzeitigen Austritts (nur bei vorzeitig)")


class ExitIn(Schema):
    exited_on: Value = Field(..., description="Austrittsdatum", examples=["30.06.2024"])
    exit_reason: str = Field(..., description="regulär / vorzeitig", examples=["regulär"])
    situation_after_exit: str = Field(
        "",
        description="Verbleib nach 4 Wochen: Arbeitssuche / Schule oder Ausbildung / "
        "Qualifikation erworben / Beschäftigung / Sonstiges",
    )
    dropout_reason: str = Field("", description="Grund des vorzeitigen Austritts")


class FollowupIn(Schema):
    followup_on: Value = Field(
        ...,
        description="Tag der Nachbefragung, frühestens fünf Monate nach dem Austritt",
        examples=["30.09.2024"],
    )
    followup_situation: str = Field(
        ...,
        description="Situation nach 6 Monaten: Code (employed, improved, education, "
        "unemployed, unknown) oder deutsche Bezeichnung",
        examples=["employed"],
    )


class ParticipantOut(Schema):
    id: int
    project: str = Field(..., description="Projektcode")
    pseudonym: str = Field(..., description="Pseudonym (aus dem Abgleichwert abgeleitet)")
    entered_on: dt.date
    gender: str
    birth_year: int
    residence: str = Field(..., description="Kreisschlüssel (AGS) oder Name")
    first_residence_hessen: str
    entitlement: str
    via_household: str
    employment_status: str
    education_level: str
    target_group: str
    disability: str
    foreign_background: str
    third_country_national: str
    followup_consent: str
    followup_consent_on: dt.date | None
    exited_on: dt.date | None
    exit_reason: str
    dropout_reason: str
    situation_after_exit: str
    followup_on: dt.date | None
    followup_situation: str = Field(..., description="Code der Situation nach 6 Monaten")
    created_at: dt.datetime
    updated_at: dt.datetime


class ParticipantPage(Schema):
    count: int = Field(..., description="Anzahl aller passenden Datensätze")
    items: list[ParticipantOut]


class ProblemOut(Schema):
    field: str = Field(..., description="Feldname wie im Anfragekörper")
    column: str = Field(..., description="Spaltenüberschrift des Importformats")
    value: str = Field(..., description="der abgelehnte Wert")
    message: str = Field(..., description="Meldung, wie sie auch der Import zeigt")


class ProblemsOut(Schema):
    detail: list[ProblemOut]


# --- helpers ------------------------------------------------------------------------------------


def _out(participant: Participant) -> dict[str, Any]:
    values = participant_values(participant)
    values["birth_year"] = participant.birth_year
    values["exited_on"] = participant.exited_on
    return ParticipantOut.model_validate(
        values
        | {
            "id": participant.pk,
            "project": participant.project.code,
            "pseudonym": participant.pseudonym,
            "followup_consent_on": participant.followup_consent_on,
            "dropout_reason": participant.dropout_reason,
            "followup_on": participant.followup_on,
            "followup_situation": participant.followup_situation,
            "created_at": participant.created_at,
            "updated_at": participant.updated_at,
        }
    ).model_dump(mode="json")


def _problems(error: RecordInvalid) -> dict[str, Any]:
    return {
        "detail": [
            {
                "field": problem.field,
                "column": problem.column,
                "value": problem.value,
                "message": problem.message,
            }
            for problem in error.problems
        ]
    }


def _visible():
    return Participant.objects.select_related(
        "project", "residence_region", "target_group", "project__programme_year"
    )


def _readable(request, pk: int) -> Participant:
    participant = _visible().filter(pk=pk).first()
    if participant is None or not can_view_records(request.user, participant.project):
        raise Http404(_("Diesen Datensatz gibt es nicht oder er ist nicht sichtbar."))
    return participant


def _writable(request, pk: int) -> Participant:
    participant = _readable(request, pk)
    can_record_participants(request.user, participant.project).enforce()
    return participant


Write = Callable[[], tuple[int, dict[str, Any]]]


def _idempotent(request, organisation_id: int | None, write: Write) -> tuple[int, dict[str, Any]]:
    """Run `write` once per Idempotency-Key of the organisation; repeat its answer for the same
    request, refuse (409) another request under the same key. Refusals (422) are not stored."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or organisation_id is None:
        return write()
    if len(key) > MAX_KEY:
        return 422, {"detail": _("Der Idempotency-Key ist zu lang (höchstens 100 Zeichen).")}
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    request_hash = hashlib.sha256(
        json.dumps(
            [request.method, request.path, body], sort_keys=True, ensure_ascii=False
        ).encode()
    ).hexdigest()

    def stored() -> tuple[int, dict[str, Any]] | None:
        entry = IdempotencyKey.objects.filter(organisation_id=organisation_id, key=key).first()
        if entry is None:
            return None
        if entry.request_hash != request_hash:
            return 409, {
                "detail": _(
                    "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet. "
                    "Bitte verwenden Sie für jede neue Anfrage einen neuen Schlüssel."
                )
            }
        return entry.status_code, entry.response

    earlier = stored()
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            status, response = write()
            if status >= 300:
                transaction.set_rollback(True)
                return status, response
            IdempotencyKey.objects.create(
                organisation_id=organisation_id,
                key=key,
                request_hash=request_hash,
                status_code=status,
                response=response,
            )
    except IntegrityError:
        # The same key arrived concurrently; the other request's write stands.
        earlier = stored()
        if earlier is None:
            raise
        return earlier
    return status, response


def _guarded(action: Callable[[], tuple[int, dict[str, Any]]]) -> Write:
    def write() -> tuple[int, dict[str, Any]]:
        try:
            return action()
        except RecordInvalid as error:
            return 422, _problems(error)

    return write


WRITE_RESPONSES = {
    200: ParticipantOut,
    201: ParticipantOut,
    403: MessageOut,
    404: MessageOut,
    409: MessageOut,
    422: ProblemsOut | MessageOut | ValidationErrorOut,
}


# --- endpoints ----------------------------------------------------------------------------------


class ListFilter(Schema):
    project: str = Field("", description="Projektcode; ohne Angabe alle sichtbaren Projekte")
    exited: bool | None = Field(
        None, description="true: nur ausgetretene, false: nur noch teilnehmende"
    )
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="höchstens 1000")
    offset: int = Field(0, ge=0, le=2**31 - 1)


@router.get(
    "/participants",
    response={200: ParticipantPage, 403: MessageOut, 404: MessageOut},
    summary="Teilnehmende (eigene Projekte; Gebietskörperschaft: pseudonym, nur lesen)",
)
def participant_list(request, filters: Query[ListFilter]):
    user = request.user
    records = Participant.objects.visible_to(user).select_related(
        "project", "residence_region", "target_group"
    )
    project = None
    if filters.project:
        project = Project.objects.filter(code=filters.project).first()
        if project is None:
            return Status(404, {"detail": _("Dieses Projekt gibt es nicht.")})
        can_view_records(user, project).enforce()
        records = records.filter(project=project)
    elif user.is_programme_wide:
        deny(
            _(
                "Einzeldatensätze sehen nur der Träger des Projekts und die "
                "Gebietskörperschaft; alle anderen sehen zusammengefasste Kennzahlen."
            )
        ).enforce()
    if filters.exited is not None:
        records = records.filter(exited_on__isnull=not filters.exited)
    count = records.count()
    page = list(
        records.order_by("project__code", "entered_on", "pk")[
            filters.offset : filters.offset + filters.limit
        ]
    )
    log_access(
        user,
        AccessKind.API,
        f"GET /participants project={filters.project or '*'} exited={filters.exited}",
        project=project,
        record_count=len(page),
    )
    return Status(200, {"count": count, "items": [_out(participant) for participant in page]})


@router.get(
    "/participants/{participant_id}",
    response={200: ParticipantOut, 404: MessageOut},
    summary="Ein Datensatz",
)
def participant_detail(request, participant_id: int):
    participant = _readable(request, participant_id)
    log_access(
        request.user,
        AccessKind.API,
        f"GET /participants/{participant.pk} {participant.pseudonym}",
        project=participant.project,
        record_count=1,
    )
    return Status(200, _out(participant))


@router.post(
    "/participants",
    response=WRITE_RESPONSES,
    summary="Datensatz anlegen oder (gleiche Kennung im Projekt) aktualisieren",
    description=(
        "201 beim Anlegen, 200 beim Aktualisieren oder wenn sich nichts ändert. Prüfung und "
        "Meldungen wie beim Import; 422 mit allen Meldungen. Header `Idempotency-Key` optional."
    ),
)
def participant_create(request, payload: ParticipantIn):
    user = request.user
    project = (
        Project.objects.select_related("programme_year", "region")
        .filter(code=payload.project)
        .first()
    )
    if project is None or not (runs_project(user, project) or can_view_records(user, project)):
        return Status(
            404, {"detail": _("Dieses Projekt gibt es nicht oder es ist nicht sichtbar.")}
        )
    can_record_participants(user, project).enforce()
    values = payload.model_dump(exclude={"project"})

    def action() -> tuple[int, dict[str, Any]]:
        participant, created = participant_record(actor=user, project=project, values=values)
        return (201 if created else 200), _out(participant)

    return Status(*_idempotent(request, project.provider_id, _guarded(action)))


@router.patch(
    "/participants/{participant_id}",
    response=WRITE_RESPONSES,
    summary="Datensatz ändern (nur die gesendeten Felder)",
)
def participant_change(request, participant_id: int, payload: ParticipantPatch):
    participant = _writable(request, participant_id)
    values = payload.model_dump(exclude_unset=True)

    def action() -> tuple[int, dict[str, Any]]:
        changed = participant_update(actor=request.user, participant=participant, values=values)
        return 200, _out(changed)

    return Status(*_idempotent(request, participant.project.provider_id, _guarded(action)))


@router.post(
    "/participants/{participant_id}/exit",
    response=WRITE_RESPONSES,
    summary="Austritt erfassen",
)
def participant_exit_record(request, participant_id: int, payload: ExitIn):
    participant = _writable(request, participant_id)

    def action() -> tuple[int, dict[str, Any]]:
        changed = participant_exit(
            actor=request.user, participant=participant, **payload.model_dump()
        )
        return 200, _out(changed)

    return Status(*_idempotent(request, participant.project.provider_id, _guarded(action)))


@router.post(
    "/participants/{participant_id}/followup",
    response=WRITE_RESPONSES,
    summary="Nachbefragung nach sechs Monaten erfassen (nur mit Einwilligung)",
)
def participant_followup_record(request, participant_id: int, payload: FollowupIn):
    participant = _writable(request, participant_id)

    def action() -> tuple[int, dict[str, Any]]:
        changed = participant_followup(
            actor=request.user, participant=participant, **payload.model_dump()
        )
        return 200, _out(changed)

    return Status(*_idempotent(request, participant.project.provider_id, _guarded(action)))
