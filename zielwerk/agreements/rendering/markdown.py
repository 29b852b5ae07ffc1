"""Markdown (and so plain text) in the layout of the published agreements."""

from __future__ import annotations

from zielwerk.core.formats import format_date

from ..document import AgreementDocument, BulletList, Paragraph, Subheading


def place_and_date(place: str, date) -> str:
    return f"{place}, den {format_date(date, padded=False)}" if date else f"{place}, den"


def render_markdown(document: AgreementDocument) -> str:
    out: list[str] = []
    if document.title_lines:
        out.append(f"## **{document.title_lines[0]}**")
        out.extend(f"**{line}**" for line in document.title_lines[1:])
    for section in document.sections:
        if section.number:
            out.append(f"## **{section.number}**")
        if section.title:
            out.append(f"### **{section.title}**")
        for block in section.blocks:
            if isinstance(block, Subheading):
                out.append(f"#### **{block.text}**")
            elif isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, BulletList):
                out.append("\n".join(f"- {item}" for item in block.items))
    out.extend(place_and_date(s.place, s.date) for s in document.signatures)
    for signature in document.signatures:
        out.append("  \n".join([signature.name, *signature.functions]))
    return "\n\n".join(out) + "\n"
