"""Clause templates: reading the template files and filling their placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zielwerk.core.audit import audit_record

from .choices import BlockKind
from .models import ClauseBlock, ClauseTemplate

CLAUSE_DIR = Path(__file__).resolve().parent / "clause_texts"

# Placeholder -> what it stands for (shown to the people who edit templates).
PLACEHOLDERS = {
    "jahr": "Programmjahr, z. B. 2024",
    "betrag": "Haushaltsmittel aus § 4, z. B. 2.508.300 Euro",
    "ministerium": "Name des Ministeriums (Nominativ ohne Artikel)",
    "ministerium_kurz": "Abkürzung des Ministeriums, z. B. HMSI",
    "ministerium_nom": "das Hessische Ministerium …",
    "Ministerium_nom": "Das Hessische Ministerium … (Satzanfang)",
    "ministerium_gen": "des Hessischen Ministeriums …",
    "ministerium_dat": "dem Hessischen Ministerium …",
    "gk": "amtliche Bezeichnung der Gebietskörperschaft, z. B. Landeshauptstadt Wiesbaden",
    "gk_nom": "die Landeshauptstadt Wiesbaden / der Wetteraukreis",
    "Gk_nom": "Die Landeshauptstadt Wiesbaden / Der Wetteraukreis (Satzanfang)",
    "gk_gen": "der Landeshauptstadt Wiesbaden / des Wetteraukreises",
    "gk_dat": "der Landeshauptstadt Wiesbaden / dem Wetteraukreis",
    "gk_akk": "die Landeshauptstadt Wiesbaden / den Wetteraukreis",
    "projekte": "(eigene Zeile) die Projekte nach Maßnahmenarten",
    "eckdaten": "(eigene Zeile) die vereinbarten Eckdaten, falls vorhanden",
}
BLOCK_PLACEHOLDERS = {"projekte", "eckdaten"}
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_]+)\}")


def check_placeholders(text: str) -> None:
    """Refuse unknown placeholders, naming them, so a typo never reaches a document."""
    unknown = sorted({name for name in PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unbekannte Platzhalter: %(names)s. Erlaubt sind: %(allowed)s.")
            % {
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        )


BLOCK_FIELDS = ("position", "kind", "number", "title", "body")


def block_fields(block) -> dict[str, object]:
    """The fields a template block and a version's clause share: copying goes through this."""
    return {name: getattr(block, name) for name in BLOCK_FIELDS}


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), text)


@dataclass(frozen=True)
class BlockSpec:
    kind: str
    number: str
    title: str
    body: str


def parse_template_file(path: Path) -> list[BlockSpec]:
    """'=== title' or '=== section | § 4 | Überschrift' starts a block; '#' lines before the
    first block are comments."""
    blocks: list[BlockSpec] = []
    header: list[str] | None = None
    lines: list[str] = []

    def close() -> None:
        if header is not None:
            kind = header[0]
            number = header[1] if len(header) > 1 else ""
            title = header[2] if len(header) > 2 else ""
            blocks.append(BlockSpec(kind, number, title, "\n".join(lines).strip()))

    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("=== "):
            close()
            header = [part.strip() for part in line[4:].split("|")]
            if header[0] not in BlockKind.values:
                raise ValueError(f"{path.name}, Zeile {line_number}: unbekannte Bausteinart")
            lines = []
        elif header is None:
            continue
        else:
            lines.append(line)
    close()
    for block in blocks:
        check_placeholders(f"{block.title}\n{block.body}")
    return blocks


@transaction.atomic
def load_template(*, programme, name: str, valid_from_year: int, path: Path) -> ClauseTemplate:
    """Create the template from its file unless that year's first version exists (idempotent)."""
    existing = ClauseTemplate.objects.filter(
        programme=programme, valid_from_year=valid_from_year
    ).first()
    if existing:
        return existing
    template = ClauseTemplate.objects.create(
        programme=programme, name=name, valid_from_year=valid_from_year
    )
    ClauseBlock.objects.bulk_create(
        ClauseBlock(
            template=template,
            position=position,
            kind=spec.kind,
            number=spec.number,
            title=spec.title,
            body=spec.body,
        )
        for position, spec in enumerate(parse_template_file(path), start=1)
    )
    return template


def load_reference_templates(programme) -> ClauseTemplate:
    return load_template(
        programme=programme,
        name="AQB-Zielvereinbarung",
        valid_from_year=2024,
        path=CLAUSE_DIR / "aqb-ab-2024.txt",
    )


@transaction.atomic
def clause_template_copy(*, actor, template: ClauseTemplate, year: int, version: int):
    """A new template (year, version) with the blocks of `template`, for editing in the admin."""
    copy = ClauseTemplate.objects.create(
        programme=template.programme,
        name=template.name,
        valid_from_year=year,
        version=version,
        note=_("Kopie von %(source)s") % {"source": template},
    )
    ClauseBlock.objects.bulk_create(
        ClauseBlock(template=copy, **block_fields(block)) for block in template.blocks.all()
    )
    audit_record(
        actor=actor,
        action="clause_template.copy",
        obj=copy,
        changes={"source": [None, str(template)]},
    )
    return copy
