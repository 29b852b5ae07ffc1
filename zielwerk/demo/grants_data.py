"""The invented financial plans of Wiesbaden's six 2024 projects. The agreement fixes only the
total (2,508,300.00 €); how it splits across the projects, the other funds, the cost plans and
everything that follows (approval, payments, proof of use) are Zielwerk's invention for the demo.

Per short name: (costs per category, funding per source), amounts in euros as strings.
"""

from __future__ import annotations

WIESBADEN_2024_PLANS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "FIB": (
        {"staff": "520000.00", "fees": "60000.00", "material": "92400.00"},
        {"aqb": "612400.00", "own": "60000.00"},
    ),
    "HIB": (
        {"staff": "430000.00", "fees": "50000.00", "material": "93700.00"},
        {"aqb": "498700.00", "own": "45000.00", "sgb2": "30000.00"},
    ),
    "DIK": (
        {"staff": "300000.00", "fees": "26200.00", "material": "50000.00"},
        {"aqb": "356200.00", "own": "20000.00"},
    ),
    "STM": (
        {"staff": "250000.00", "fees": "150000.00", "material": "40000.00"},
        {"aqb": "402000.00", "own": "38000.00"},
    ),
    "CBG": (
        {"staff": "450000.00", "fees": "20000.00", "material": "74000.00"},
        {"aqb": "489000.00", "sgb2": "55000.00"},
    ),
    "AAB": (
        {"fees": "120000.00", "material": "30000.00"},
        {"aqb": "150000.00"},
    ),
}

# One partial approval: CBG's equipment (25,000 € of the material costs) is not eligible.
WIESBADEN_2024_PARTIAL = {
    "CBG": (
        "464000.00",
        "Die Anschaffung von Ausstattung (25.000,00 €) ist nicht zuwendungsfähig, da sie über das "
        "Programmjahr hinaus genutzt wird.",
    )
}
