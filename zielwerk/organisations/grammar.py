"""German case forms of organisation names, as the agreements use them.

"und der Landeshauptstadt Wiesbaden" (dative), "des Wetteraukreises" (genitive), "dem Hessischen
Ministerium …" (dative). The rules cover the names of Hessen's regions and ministries; a name
they do not fit can be handled by editing the clause text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cases:
    nominative: str  # with article: "die Landeshauptstadt Wiesbaden"
    genitive: str
    dative: str
    accusative: str


def _is_district(name: str) -> bool:
    return any(word.lower().endswith("kreis") for word in name.split())


def region_cases(official_name: str) -> Cases:
    """Feminine for cities (die/der/der/die), masculine for Kreise (der/des/dem/den + -es)."""
    if not _is_district(official_name):
        return Cases(
            f"die {official_name}",
            f"der {official_name}",
            f"der {official_name}",
            f"die {official_name}",
        )
    words = official_name.split()
    head = next(i for i, word in enumerate(words) if word.lower().endswith("kreis"))
    genitive_words = [*words[:head], words[head] + "es", *words[head + 1 :]]
    return Cases(
        f"der {official_name}",
        f"des {' '.join(genitive_words)}",
        f"dem {official_name}",
        f"den {official_name}",
    )


def ministry_cases(name: str) -> Cases:
    """'Hessisches Ministerium für …' (neuter, adjective + noun): das Hessische Ministerium,
    des Hessischen Ministeriums, dem Hessischen Ministerium."""
    words = name.split()
    if len(words) >= 2 and words[0].endswith("es"):
        stem = words[0][:-2]
        rest = words[2:]
        weak = " ".join([f"{stem}en", words[1], *rest])
        return Cases(
            "das " + " ".join([f"{stem}e", words[1], *rest]),
            "des " + " ".join([f"{stem}en", words[1] + "s", *rest]),
            f"dem {weak}",
            "das " + " ".join([f"{stem}e", words[1], *rest]),
        )
    return Cases(f"das {name}", f"des {name}", f"dem {name}", f"das {name}")
