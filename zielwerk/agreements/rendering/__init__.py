"""The output formats of an agreement: one registry the command, the views and the ZIP export use.

Every format renders the one document structure (zielwerk/agreements/document.py). Plain text is
the Markdown output. The renderers are imported when first used, so loading the URL table does not
load Typst or python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ..document import AgreementDocument


class UnknownFormat(ValueError):
    pass


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    content_type: str
    extension: str
    render: Callable[[AgreementDocument], bytes]


def _html(document: AgreementDocument) -> bytes:
    """A complete, standalone HTML page around the <article> of render_html."""
    from .html import render_html

    page = render_to_string(
        "agreements/documents/standalone.html",
        {"document": document, "article": render_html(document, heading_level=2)},
    )
    return page.encode("utf-8")


def _markdown(document: AgreementDocument) -> bytes:
    from .markdown import render_markdown

    return render_markdown(document).encode("utf-8")


def _pdf(document: AgreementDocument) -> bytes:
    from .pdf import render_pdf

    return render_pdf(document)


def _docx(document: AgreementDocument) -> bytes:
    from .docx import render_docx

    return render_docx(document)


FORMATS: dict[str, Format] = {
    "html": Format("html", "HTML", "text/html; charset=utf-8", "html", _html),
    "md": Format("md", "Text (Markdown)", "text/markdown; charset=utf-8", "md", _markdown),
    "pdf": Format("pdf", "PDF/A", "application/pdf", "pdf", _pdf),
    "docx": Format(
        "docx",
        "Word (Entwurf)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        _docx,
    ),
}


def get_format(fmt: str) -> Format:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise UnknownFormat(
            _("Unbekanntes Format „%(format)s“; möglich sind: %(choices)s.")
            % {"format": fmt, "choices": ", ".join(FORMATS)}
        ) from None


def render(document: AgreementDocument, fmt: str) -> bytes:
    """The document in the format with that key ("html", "md", "pdf", "docx")."""
    return get_format(fmt).render(document)
