"""The browser import runs as a task (django-tasks), so a large file neither blocks the request
nor hits a proxy timeout: first a check (nothing stored; counts, preview or problems), then,
after the provider confirmed, the import itself.

Each import is a folder `participant-imports/<token>/` in the private default storage with the
uploaded file and `state.json` (what the status page shows). The uploaded file is deleted as soon
as the import is done: after storing, or after a check that found problems (the problem list
stays in state.json for the page and its XLSX download). Imports older than a day are deleted
altogether when the next one starts (jobs_clean)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from zielwerk.core.formats import format_date
from zielwerk.projects.models import Project

from .choices import Entitlement, Gender
from .importing import ImportFileError, ImportOutcome, participants_import, read_table

FOLDER = "participant-imports"
WAITING = ("queued", "checking", "confirmed", "storing")  # the status page refreshes
KEEP = dt.timedelta(days=1)


def _path(token: str, name: str) -> str:
    if not token.isalnum():
        raise ValueError(token)
    return f"{FOLDER}/{token}/{name}"


def job_read(token: str) -> dict[str, Any] | None:
    """The state of an import; None when there is none. A second attempt covers the moment in
    which the task replaces the file."""
    for attempt in range(2):
        try:
            with default_storage.open(_path(token, "state.json"), "rb") as handle:
                return json.loads(handle.read().decode("utf-8"))
        except (FileNotFoundError, ValueError):
            if attempt == 0:
                time.sleep(0.2)
    return None


def job_write(token: str, state: dict[str, Any]) -> None:
    path = _path(token, "state.json")
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(state).encode("utf-8")))


def _upload_path(state: dict[str, Any], token: str) -> str:
    return _path(token, "upload" + state["suffix"])


def jobs_clean(*, older_than: dt.timedelta = KEEP) -> int:
    """Delete imports (their state with the problem list, any file left) older than a day:
    problem lists quote values of the file. Returns how many were deleted."""
    if not default_storage.exists(FOLDER):
        return 0
    limit = timezone.now() - older_than
    deleted = 0
    for token in default_storage.listdir(FOLDER)[0]:
        folder = f"{FOLDER}/{token}"
        names = default_storage.listdir(folder)[1]
        try:
            state_time = default_storage.get_modified_time(f"{folder}/state.json")
        except (FileNotFoundError, NotImplementedError):
            continue
        if state_time < limit:
            for name in names:
                default_storage.delete(f"{folder}/{name}")
            deleted += 1
    return deleted


def job_start(*, project, user, upload) -> str:
    """Keep the uploaded file and queue its check; returns the import's token."""
    jobs_clean()
    token = secrets.token_hex(16)
    suffix = Path(upload.name).suffix.lower()
    default_storage.save(_path(token, "upload" + suffix), upload)
    state = {
        "state": "queued",
        "project_id": project.pk,
        "user_id": user.pk,
        "filename": Path(upload.name).name,
        "suffix": suffix,
        "counts": {},
        "preview": [],
        "problems": [],
    }
    job_write(token, state)
    participants_import_run.enqueue(token, store=False)
    return token


def job_confirm(token: str, state: dict[str, Any]) -> None:
    state["state"] = "confirmed"
    job_write(token, state)
    participants_import_run.enqueue(token, store=True)


def _preview(outcome: ImportOutcome) -> list[dict[str, Any]]:
    genders, entitlements = dict(Gender.choices), dict(Entitlement.choices)
    return [
        {
            "row": row["row"],
            "pseudonym": row["pseudonym"],
            "status": str(row["status"]),
            "entered_on": format_date(row["entered_on"]),
            "gender": str(genders[row["gender"]]),
            "birth_year": row["birth_year"],
            "entitlement": str(entitlements[row["entitlement"]]),
            "exited_on": format_date(row["exited_on"]) if row["exited_on"] else "",
        }
        for row in outcome.preview
    ]


@task()
def participants_import_run(token: str, store: bool) -> dict[str, int]:
    """Check (store=False) or import (store=True) the uploaded file of one import."""
    state = job_read(token)
    if state is None:
        return {}
    state["state"] = "storing" if store else "checking"
    job_write(token, state)
    project = Project.objects.select_related("programme_year").get(pk=state["project_id"])
    user = get_user_model().objects.get(pk=state["user_id"])
    upload = _upload_path(state, token)
    try:
        with default_storage.open(upload, "rb") as handle:
            table = read_table(handle.read(), state["filename"])
        outcome = participants_import(
            actor=user, project=project, table=table, filename=state["filename"], dry_run=not store
        )
    except (ImportFileError, PermissionDenied) as error:
        problem = {"row": None, "column": "", "field": "", "value": "", "message": str(error)}
        state.update(state="rejected", problems=[problem])
        state["counts"] = {"created": 0, "updated": 0, "unchanged": 0, "errors": 1}
    except Exception:
        state.update(state="failed")
        default_storage.delete(upload)
        job_write(token, state)
        raise
    else:
        state["counts"] = outcome.counts()
        state["problems"] = [problem.as_dict() for problem in outcome.problems]
        state["preview"] = _preview(outcome)
        if outcome.problems:
            state["state"] = "rejected"
        else:
            state["state"] = "done" if store else "checked"
    if state["state"] in ("rejected", "done"):
        default_storage.delete(upload)
    job_write(token, state)
    return state["counts"]
