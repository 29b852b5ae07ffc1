"""Removing invisible characters that break documents or mislead readers.

Control characters (U+0000–U+001F except tab and line feed, U+007F–U+009F) are invalid in XML
(DOCX, XLSX) and meaningless in a PDF; bidi overrides and isolates (U+202A–U+202E,
U+2066–U+2069) reorder what a reader sees ("Trojan source"); zero-width spaces, the word joiner
and a stray byte order mark (U+200B, U+2060, U+FEFF) hide text. Zero-width (non-)joiners and
the left-to-right/right-to-left marks stay: scripts such as Persian and Arabic need them.

Form input is cleaned on the way in (core.forms.KernFormMixin); every document writer cleans
again on the way out, because text also arrives through the API, the imports, the admin and
rows stored before.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)

T = TypeVar("T")


def strip_invisible(text: str) -> str:
    """The text without control characters, bidi overrides and zero-width spaces; a CR LF line
    end becomes LF, tab and LF stay."""
    return INVISIBLE_RE.sub("", text.replace("\r\n", "\n"))


def strip_invisible_tree(value: T) -> T:
    """`strip_invisible` applied to every string inside dataclasses, lists, tuples and dicts
    (e.g. a document structure before it is written); other values are returned unchanged."""
    return _clean(value)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return strip_invisible(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _clean(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value
