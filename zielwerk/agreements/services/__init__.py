"""Writes on agreements: every function runs in a transaction, checks permission, audits.

creation: new agreements; versions: changes as new versions; workflow: status steps and
amendments; comments; attachments (Anlagen); notify: notifications to the people involved.
Callers import from here.
"""

from .attachments import attachment_add, check_attachment
from .comments import comment_add
from .creation import (
    agreement_create,
    agreement_record_signed,
    agreement_set_status,
    default_signatures,
    ministry_names_on,
)
from .data import KeyFigureData, NewProjectData, SignatureData
from .versions import agreement_version_save
from .workflow import agreement_amend, agreement_transition, check_signed_pdf

__all__ = [
    "KeyFigureData",
    "NewProjectData",
    "SignatureData",
    "agreement_amend",
    "agreement_create",
    "agreement_record_signed",
    "agreement_set_status",
    "agreement_transition",
    "agreement_version_save",
    "attachment_add",
    "check_attachment",
    "check_signed_pdf",
    "comment_add",
    "default_signatures",
    "ministry_names_on",
]
