"""`{{ proof.narrative|narrative_html }}`: the plain-text narrative report (Sachbericht) as HTML.

The drafted report underlines each project's title with "=" (plain text, also for the documents);
on the page such a title becomes an h3 heading instead of a line of equals signs. Every other
block (separated by a blank line) is a paragraph with its line breaks kept. Text is escaped."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_UNDERLINE = re.compile(r"^\s*[=-]{3,}\s*$")


@register.filter
def narrative_html(text: str | None) -> SafeString:
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        if len(lines) >= 2 and _UNDERLINE.match(lines[1]):
            html.append(f'<h3 class="kern-heading-small">{escape(lines[0].strip())}</h3>')
            lines = lines[2:]
        if lines and any(line.strip() for line in lines):
            body = "<br>".join(escape(line) for line in lines)
            html.append(f'<p class="kern-body">{body}</p>')
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text is escaped above
