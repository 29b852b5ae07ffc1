"""HTML for the screen: the same document structure as every other format."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..document import AgreementDocument, BulletList, Paragraph, Subheading

BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def inline(text: str) -> SafeString:
    """Escape, then turn **…** into <strong>."""
    return mark_safe(BOLD_RE.sub(r"<strong>\1</strong>", escape(text)))  # noqa: S308


def render_html(document: AgreementDocument, *, heading_level: int = 2) -> SafeString:
    """The agreement as an <article>; headings start at heading_level so the page keeps one h1."""
    sections = []
    for section in document.sections:
        blocks: list[dict[str, object]] = []
        for block in section.blocks:
            if isinstance(block, Subheading):
                blocks.append({"kind": "subheading", "text": inline(block.text)})
            elif isinstance(block, Paragraph):
                blocks.append({"kind": "paragraph", "text": inline(block.text)})
            elif isinstance(block, BulletList):
                blocks.append({"kind": "list", "items": [inline(item) for item in block.items]})
        sections.append({"number": section.number, "title": section.title, "blocks": blocks})
    return mark_safe(  # noqa: S308 - the template escapes; inline() escapes before marking
        render_to_string(
            "agreements/partials/_document.html",
            {
                "document": document,
                "sections": sections,
                "h": heading_level,
                "h_sub": heading_level + 1,
            },
        )
    )
