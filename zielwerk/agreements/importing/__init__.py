"""Import of existing agreements from text or PDF: parse, show as JSON, later save.

`parse_agreement` (parser.py) is pure Python without database access; `extract_text` (pdf.py)
reads a PDF's text layer for it.
"""

from .parser import (
    DEFAULT_MEASURE_TYPES,
    DEFAULT_MINISTRIES,
    DEFAULT_REGIONS,
    AgreementParseError,
    MeasureType,
    RegionName,
    parse_agreement,
)

__all__ = [
    "DEFAULT_MEASURE_TYPES",
    "DEFAULT_MINISTRIES",
    "DEFAULT_REGIONS",
    "AgreementParseError",
    "MeasureType",
    "RegionName",
    "parse_agreement",
]
