"""The text layer of a PDF agreement, for `parse_agreement`.

Only the text layer: a scanned agreement would need OCR, whose errors in amounts and names nobody
would notice before saving. Running headers and footers repeated on every page are removed here,
where the page boundaries are still known.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .parser import PAGE_NUMBER_LINE, AgreementParseError

_EDGE = 2  # lines at the top and bottom of a page where headers and footers stand


def extract_text(path: str | os.PathLike[str]) -> str:
    """All pages' text, joined by line breaks. OSError for a missing or unreadable file."""
    try:
        reader = PdfReader(Path(path))
        encrypted = reader.is_encrypted and not reader.decrypt("")
        pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        # pypdf reports broken files with its own errors and, deeper down, with built-in ones.
        raise AgreementParseError(
            "Die Datei ist keine lesbare PDF-Datei (die Datei ist beschädigt oder kein PDF)."
        ) from error
    if encrypted:
        raise AgreementParseError(
            "Die PDF-Datei ist mit einem Kennwort geschützt; bitte eine ungeschützte Fassung "
            "einlesen."
        )
    if not "".join(pages).strip():
        raise AgreementParseError(
            "Die PDF-Datei enthält keine Textebene (vermutlich ein eingescanntes Dokument). Bitte "
            "eine PDF-Datei mit Text oder die Zielvereinbarung als Textdatei einlesen."
        )
    return "\n".join(_without_running_lines([page.splitlines() for page in pages]))


def _without_running_lines(pages: list[list[str]]) -> list[str]:
    """Lines of all pages without page numbers and without running headers and footers: lines
    that stand, identically, at the top (or the bottom) of more than one page.

    The top of the first page is left alone: there the title stands, and a running header that
    repeats it ("Zielvereinbarung 2024") must not take it away.
    """
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in pages:
        top, bottom = _edges(lines)
        tops.update({lines[index].strip() for index in top})
        bottoms.update({lines[index].strip() for index in bottom})
    headers = {line for line, count in tops.items() if line and count > 1}
    footers = {line for line, count in bottoms.items() if line and count > 1}
    result: list[str] = []
    for number, lines in enumerate(pages):
        top, bottom = _edges(lines)
        for index, line in enumerate(lines):
            stripped = line.strip()
            at_edge = index in top or index in bottom
            if (
                (at_edge and PAGE_NUMBER_LINE.fullmatch(stripped))
                or (index in top and number > 0 and stripped in headers)
                or (index in bottom and stripped in footers)
            ):
                continue
            result.append(line)
    return result


def _edges(lines: list[str]) -> tuple[set[int], set[int]]:
    """Indexes of the lines where a header (top) or a footer (bottom) can stand."""
    top = set(range(min(_EDGE, len(lines))))
    bottom = set(range(max(len(lines) - _EDGE, 0), len(lines)))
    return top, bottom
