"""A small agreement template for generated test documents (property tests, variants)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zielwerk.agreements.importing.parser import RegionName


def ministry_dative(name: str) -> str:
    """'Hessisches Ministerium …' → 'dem Hessischen Ministerium …'."""
    first, _, rest = name.partition(" ")
    return f"dem {first[:-1]}n {rest}"


def region_dative(region: RegionName) -> str:
    is_district = any(word.casefold().endswith("kreis") for word in region.name.split())
    return f"{'dem' if is_district else 'der'} {region.name}"


@dataclass
class Agreement:
    year: int
    ministry: str
    region: RegionName
    amount_text: str  # as written in § 4, e.g. "2.508.300 Euro"
    measures: list[tuple[str, list[str]]]  # (heading as written, projects)
    heading_style: str = "markdown"  # markdown (####), bold, plain
    section_style: str = "markdown"  # markdown (## **§ 4**), bold (**§ 4**), plain (§ 4)
    marker: str = "- "
    compact: bool = False  # no blank lines inside § 5 (like PDF text)
    amount_on_own_line: bool = False
    places: list[tuple[str, str]] = field(
        default_factory=lambda: [("Wiesbaden", "12.7.2024"), ("Wiesbaden", "")]
    )
    signers: list[tuple[str, list[str]]] = field(
        default_factory=lambda: [
            ("Maria Beispiel", ["Staatsministerin"]),
            ("Dr. Max Muster", ["Landrat"]),
        ]
    )


def _section(number: int, style: str) -> str:
    return {"markdown": f"## **§ {number}**", "bold": f"**§ {number}**"}.get(style, f"§ {number}")


def _heading(text: str, style: str) -> str:
    return {"markdown": f"#### {text}", "bold": f"**{text}**"}.get(style, text)


def _item(marker: str, position: int, text: str) -> str:
    return f"{position}. {text}" if marker == "1. " else f"{marker}{text}"


def render(agreement: Agreement) -> str:
    region = agreement.region.name
    amount = agreement.amount_text
    if agreement.amount_on_own_line:
        budget = f"Haushaltsmittel in Höhe von insgesamt\n\n**{amount}**\n\naus dem Budget."
    else:
        budget = f"Haushaltsmittel in Höhe von insgesamt {amount} aus dem Budget zur Verfügung."
    projects: list[str] = []
    for heading, items in agreement.measures:
        projects.append(_heading(heading, agreement.heading_style))
        if not agreement.compact:
            projects.append("")
        projects.extend(
            _item(agreement.marker, position, item) for position, item in enumerate(items, 1)
        )
        if not agreement.compact:
            projects.append("")
    parts = [
        "## **Zielvereinbarung**",
        f"**{agreement.year}**",
        "**zwischen**",
        f"**{ministry_dative(agreement.ministry)}**",
        f"**und {region_dative(agreement.region)}**",
        "**zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets**",
        "### **Präambel**",
        f"Das Ministerium vereinbart Ziele mit der Gebietskörperschaft {region}.",
    ]
    for number in range(1, 8):
        parts.append(_section(number, agreement.section_style))
        if number == 4:
            parts.append(f"Das Ministerium stellt im Jahr {agreement.year} {budget}")
        elif number == 5:
            parts.append("### Ziele für die Umsetzung")
            parts.append(
                "Die Mittel finanzieren in den jeweiligen Maßnahmenarten folgende Projekte:"
            )
            parts.append("\n".join(projects).strip("\n"))
            parts.append(
                "Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des "
                "vom Regierungspräsidium Kassel erlassenen Bescheides."
            )
        else:
            parts.append(f"Text des Abschnitts {number}, der in § 5 vereinbarten Ziele wegen.")
    parts.extend(f"{place}, den {date}".rstrip() for place, date in agreement.places)
    parts.extend("  \n".join([name, *functions]) for name, functions in agreement.signers)
    return "\n\n".join(parts) + "\n"
