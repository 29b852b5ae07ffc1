"""A minimal PDF writer for the tests: text lines in Helvetica, WinAnsi encoding, one text layer.

No layout engine is a dependency of the project, and pypdf cannot set text, so the few PDF
objects are written by hand. `reflow` turns an agreement text into what a PDF's text layer
gives back: no Markdown, paragraphs broken into lines, no blank lines.

`python -m zielwerk.agreements.importing.tests.pdfmaker SOURCE.txt TARGET.pdf` writes a test PDF.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LINES_PER_PAGE = 48


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")  # WinAnsiEncoding is cp1252 for every character used here
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(lines: list[str], footer: list[str], header: str | None) -> bytes:
    parts = [b"BT /F1 8 Tf 56 815 Td " + _literal(header) + b" Tj ET"] if header else []
    parts.append(b"BT /F1 10 Tf 13 TL 56 790 Td")
    for line in lines:
        parts.append(_literal(line) + b" Tj T*")
    parts.append(b"ET")
    for offset, line in enumerate(footer):
        parts.append(b"BT /F1 8 Tf 56 %d Td " % (40 - 11 * offset) + _literal(line) + b" Tj ET")
    return b"\n".join(parts)


def make_pdf(pages: list[list[str]], footer: str | None = None, header: str | None = None) -> bytes:
    """A PDF with one page per entry; each page gets `header` at the top, `footer` and
    "Seite i von n" at the foot."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for number, lines in enumerate(pages, start=1):
        foot = ([footer] if footer else []) + [f"Seite {number} von {count}"]
        stream = _content(lines, foot, header)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, content_id)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def reflow(text: str, width: int = 88) -> list[str]:
    """Markdown removed, paragraphs and list items wrapped at `width`, blank lines dropped."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"^#+\s*", "", raw.strip()).replace("**", "")
        if not line:
            continue
        bullet = re.match(r"([-•*]|\d+\.)\s+", line)
        if bullet:
            marker = "• " if bullet.group(1) in "-*" else bullet.group(0)
            wrapped = textwrap.wrap(line[bullet.end() :], width - len(marker))
            lines.append(marker + wrapped[0])
            lines.extend(wrapped[1:])  # continuation lines come back without indentation
        else:
            lines.extend(textwrap.wrap(line, width))
    return lines


def paginate(lines: list[str], per_page: int = LINES_PER_PAGE) -> list[list[str]]:
    return [lines[start : start + per_page] for start in range(0, len(lines), per_page)]


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    title = sys.argv[3] if len(sys.argv) > 3 else None
    target.write_bytes(make_pdf(paginate(reflow(source.read_text(encoding="utf-8"))), title))
