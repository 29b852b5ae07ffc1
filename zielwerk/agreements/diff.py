"""A readable comparison of two versions: difflib over the Markdown of both documents, line by
line, and inside a changed line word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from .document import build_document
from .rendering.markdown import render_markdown

TOKEN_RE = re.compile(r"\s+|\S+")
HEADING_RE = re.compile(r"^(#{1,6})\s+")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: Literal["same", "removed", "added"]


@dataclass(frozen=True)
class DiffRow:
    """One changed line: where it is, what it said before and what it says now (None if the line
    was added or removed as a whole)."""

    section: str
    old: list[Segment] | None
    new: list[Segment] | None


def readable(text: str) -> str:
    """Markdown marks out, words in: '## **§ 4**' -> '§ 4'."""
    return HEADING_RE.sub("", text).replace("**", "").rstrip()


def _lines(markdown: str) -> list[str]:
    return [line.rstrip() for line in markdown.splitlines() if line.strip()]


def _sections(lines: list[str]) -> list[str]:
    """For every line, the heading it stands under ('§ 4 Haushaltsmittel')."""
    number = title = ""
    result = []
    for line in lines:
        match = HEADING_RE.match(line)
        if match and len(match.group(1)) == 2:
            number, title = readable(line), ""
        elif match and len(match.group(1)) == 3:
            title = readable(line)
        result.append(" ".join(part for part in (number, title) if part))
    return result


def _words(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    a, b = TOKEN_RE.findall(readable(old)), TOKEN_RE.findall(readable(new))
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_segments.append(Segment("".join(a[i1:i2]), "same"))
            new_segments.append(Segment("".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            old_segments.append(Segment("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            new_segments.append(Segment("".join(b[j1:j2]), "added"))
    return old_segments, new_segments


def diff_markdown(old_markdown: str, new_markdown: str) -> list[DiffRow]:
    old_lines, new_lines = _lines(old_markdown), _lines(new_markdown)
    old_sections, new_sections = _sections(old_lines), _sections(new_lines)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(pairs):
            old, new = _words(old_lines[i1 + offset], new_lines[j1 + offset])
            rows.append(DiffRow(new_sections[j1 + offset], old, new))
        for i in range(i1 + pairs, i2):
            rows.append(
                DiffRow(old_sections[i], [Segment(readable(old_lines[i]), "removed")], None)
            )
        for j in range(j1 + pairs, j2):
            rows.append(DiffRow(new_sections[j], None, [Segment(readable(new_lines[j]), "added")]))
    return rows


def diff_versions(old_version, new_version) -> list[DiffRow]:
    return diff_markdown(
        render_markdown(build_document(old_version)),
        render_markdown(build_document(new_version)),
    )
