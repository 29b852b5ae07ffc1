"""Declared access rules of participant monitoring, merged into DECLARATIONS by
tests/permission_matrix.py.

The rules (zielwerk/participants/permissions.py): record-level data belong to the provider that
runs the project (it records and reads) and to the region's people (they read the pseudonymous
records, 403 on writes with the reason); ministry, grant authority and the administration see
aggregates only, so every record page answers 404 for them, like for another region or another
provider. The indicators (aggregates) are open to everyone signed in, each within their scope;
the access log belongs to the administration.

Demo state used (zielwerk/demo/participants.py): invented participants in WI-2024-FIB and
WI-2024-HIB, run by demo-traeger-wiesbaden; WI-2024-DIK is run by another (invented) provider
without records.
"""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import API, LOGIN, Case, Expected, roles, signed_in

FIB = {"code": "WI-2024-FIB"}
DIK = {"code": "WI-2024-DIK"}


def records(*, provider: Expected, region: Expected) -> dict[str, Expected]:
    """A record page of FIB: the provider and the region answer; everyone else 404."""
    return roles(
        anonymous=LOGIN,
        admin=404,
        ministerium=404,
        rp_kassel=404,
        wiesbaden=region,
        frankfurt=404,
        traeger_wiesbaden=provider,
    )


def _fib_participant() -> dict[str, Any]:
    from zielwerk.participants.models import Participant

    participant = Participant.objects.filter(project__code="WI-2024-FIB").order_by("pk").first()
    assert participant is not None, "the demo records participants in WI-2024-FIB"
    return {"pk": participant.pk}


def _fib_participant_id() -> dict[str, Any]:
    return {"participant_id": _fib_participant()["pk"]}


def _import_job() -> dict[str, Any]:
    """A refused import of FIB (its state as the upload leaves it), for the status pages."""
    from zielwerk.participants.tasks import job_write
    from zielwerk.projects.models import Project

    job_write(
        "matrix0",
        {
            "state": "rejected",
            "project_id": Project.objects.get(code="WI-2024-FIB").pk,
            "user_id": None,
            "filename": "x.csv",
            "suffix": ".csv",
            "counts": {},
            "preview": [],
            "problems": [],
        },
    )
    return {**FIB, "token": "matrix0"}


READ = records(provider=200, region=200)
# Without a project filter: a provider lists its own records, a region its region's (Frankfurt:
# an empty list); programme-wide roles see aggregates only and are refused.
PARTICIPANT_LIST = roles(
    anonymous=API,
    admin=403,
    ministerium=403,
    rp_kassel=403,
    wiesbaden=200,
    frankfurt=200,
    traeger_wiesbaden=200,
)
WRITE = records(provider=200, region=403)

PARTICIPANT_DECLARATIONS: dict[str, tuple[Case, ...]] = {
    "participants:project_records": (
        Case("fib", READ, kwargs=FIB),
        # The other provider's project: the demo provider does not see it.
        Case("dik", records(provider=404, region=200), kwargs=DIK),
    ),
    "participants:record_create": (Case("fib", WRITE, kwargs=FIB),),
    # The import belongs to the provider; the region reads the records but imports nothing.
    "participants:import_upload": (
        Case("fib", WRITE, kwargs=FIB),
        Case("dik", records(provider=404, region=403), kwargs=DIK),
    ),
    "participants:import_template": (Case("fib", WRITE, kwargs=FIB),),
    "participants:import_status": (Case("fib", WRITE, kwargs=_import_job),),
    "participants:import_errors": (Case("fib", WRITE, kwargs=_import_job),),
    "participants:record_detail": (Case("fib", READ, kwargs=_fib_participant),),
    "participants:record_edit": (Case("fib", WRITE, kwargs=_fib_participant),),
    "participants:record_exit": (Case("fib", WRITE, kwargs=_fib_participant),),
    "participants:record_followup": (Case("fib", WRITE, kwargs=_fib_participant),),
    # Aggregates: everyone signed in, each within their scope (filters narrow, never widen).
    "participants:indicators": (Case("2024", signed_in(200), kwargs={"year": 2024}),),
    "participants:access_log": (
        Case(
            "list",
            roles(
                anonymous=LOGIN,
                admin=200,
                ministerium=403,
                rp_kassel=403,
                wiesbaden=403,
                frankfurt=403,
                traeger_wiesbaden=403,
            ),
        ),
    ),
    "api:indicators_get": (Case("current-year", signed_in(200, anonymous=API)),),
    # API. Several operations share a path (GET lists, POST records; GET reads, PATCH changes):
    # the matrix's GET shows who may read there; writes are tested in test_api_records.py.
    "api:participant_list": (Case("all", PARTICIPANT_LIST),),
    "api:participant_create": (Case("get-lists", PARTICIPANT_LIST),),
    "api:participant_detail": (
        Case("fib", {**READ, "anonymous": API}, kwargs=_fib_participant_id),
    ),
    "api:participant_change": (
        Case("get-reads", {**READ, "anonymous": API}, kwargs=_fib_participant_id),
    ),
    "api:participant_exit_record": (
        Case("get", signed_in(405, anonymous=405), kwargs=_fib_participant_id),
    ),
    "api:participant_followup_record": (
        Case("get", signed_in(405, anonymous=405), kwargs=_fib_participant_id),
    ),
}
