"""Reads an existing Zielvereinbarung (AQB target agreement) from its text into a plain dict.

Pure Python on purpose: no Django, no database. The import command shows the result as JSON
before anything is saved, and the parser can be tested without a database. Reference data
(regions, ministry names, measure types) comes from module-level defaults that a caller can
replace with rows from the database.

The input is the published agreement as Markdown-ish text (like the seed document) or the text
layer of a PDF (no Markup, hard line breaks inside paragraphs, page numbers). Every required
piece either is found or the parser raises `AgreementParseError` naming the line where it was
expected: a partial result would be saved as if it were complete.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "DEFAULT_MEASURE_TYPES",
    "DEFAULT_MINISTRIES",
    "DEFAULT_REGIONS",
    "AgreementParseError",
    "MeasureType",
    "RegionName",
    "parse_agreement",
]


class AgreementParseError(ValueError):
    """The text is not a readable agreement. `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.detail = message
        self.message = f"Zeile {line}: {message}" if line is not None else message
        super().__init__(self.message)


# --- reference data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionName:
    """A Gebietskörperschaft as the agreements name it.

    `name` is the official name without article (nominative), `aliases` are further spellings
    that identify it unambiguously (never a bare "Kassel" or "Offenbach": city and Landkreis share
    those). `ags` is None where no key is confirmed.
    """

    ags: str | None
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureType:
    """A Maßnahmenart and the wordings under which § 5 lists it (short and long official forms)."""

    number: int
    wordings: tuple[str, ...]


DEFAULT_REGIONS: tuple[RegionName, ...] = (
    RegionName("06411", "Wissenschaftsstadt Darmstadt", ("Stadt Darmstadt", "Darmstadt")),
    RegionName("06412", "Stadt Frankfurt am Main", ("Frankfurt am Main", "Stadt Frankfurt")),
    RegionName("06413", "Stadt Offenbach am Main", ("Offenbach am Main", "Stadt Offenbach")),
    RegionName("06414", "Landeshauptstadt Wiesbaden", ("Stadt Wiesbaden", "Wiesbaden")),
    RegionName("06431", "Kreis Bergstraße", ("Landkreis Bergstraße",)),
    RegionName("06432", "Landkreis Darmstadt-Dieburg", ("Kreis Darmstadt-Dieburg",)),
    RegionName("06433", "Kreis Groß-Gerau", ("Landkreis Groß-Gerau",)),
    RegionName("06434", "Hochtaunuskreis"),
    RegionName("06435", "Main-Kinzig-Kreis"),
    RegionName("06436", "Main-Taunus-Kreis"),
    RegionName("06437", "Odenwaldkreis"),
    RegionName("06438", "Kreis Offenbach", ("Landkreis Offenbach",)),
    RegionName("06439", "Rheingau-Taunus-Kreis"),
    RegionName("06440", "Wetteraukreis"),
    RegionName("06531", "Landkreis Gießen", ("Kreis Gießen",)),
    RegionName("06532", "Lahn-Dill-Kreis"),
    RegionName("06533", "Landkreis Limburg-Weilburg", ("Kreis Limburg-Weilburg",)),
    RegionName("06534", "Landkreis Marburg-Biedenkopf", ("Kreis Marburg-Biedenkopf",)),
    RegionName("06535", "Vogelsbergkreis"),
    RegionName("06611", "Stadt Kassel", ("documenta-Stadt Kassel", "Documenta-Stadt Kassel")),
    RegionName("06631", "Landkreis Fulda", ("Kreis Fulda",)),
    RegionName("06632", "Landkreis Hersfeld-Rotenburg", ("Kreis Hersfeld-Rotenburg",)),
    RegionName("06633", "Landkreis Kassel", ("Kreis Kassel",)),
    RegionName("06634", "Schwalm-Eder-Kreis"),
    RegionName("06635", "Landkreis Waldeck-Frankenberg", ("Kreis Waldeck-Frankenberg",)),
    RegionName("06636", "Werra-Meißner-Kreis"),
    # Kreisfrei from 1 January 2026; its key is not confirmed, so none is guessed.
    RegionName(None, "Brüder-Grimm-Stadt Hanau", ("Stadt Hanau", "Hanau")),
)

# Nominative forms; the declined forms in titles ("dem Hessischen Sozialministerium") are derived.
DEFAULT_MINISTRIES: tuple[str, ...] = (
    "Hessisches Sozialministerium",  # to 2013
    "Hessisches Ministerium für Soziales und Integration",  # 2014–2023
    "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",  # from 2024
)

DEFAULT_MEASURE_TYPES: tuple[MeasureType, ...] = (
    MeasureType(
        1,
        (
            "Ausbildungsvorbereitung",
            "Ausbildungs- und Qualifizierungsvorbereitung",
            "Ausbildungs- und Qualifizierungsvorbereitung, einschließlich gesundheitsfördernder "
            "Maßnahmen",
        ),
    ),
    MeasureType(
        2,
        (
            "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
            "Ausbildung und Ausbildungscoaching",
        ),
    ),
    MeasureType(3, ("Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",)),
    MeasureType(
        4,
        (
            "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der "
            "fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
        ),
    ),
)


# --- lines -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based line number in the input
    text: str  # Markdown removed, whitespace collapsed
    marked: bool  # a Markdown heading or a wholly bold line: a heading in any case
    indent: int
    width: int  # length as written, for telling hard-wrapped (PDF) text from Markdown


# A line that is only a page number ("3", "- 3 -", "Seite 3 von 5"); pdf.py uses it too.
PAGE_NUMBER_LINE = re.compile(
    r"(?:Seite\s+\d{1,3}(?:\s*(?:von|/)\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–]|\d{1,3}(?:\s*/\s*\d{1,3})?)",
    re.IGNORECASE,
)
_HEADING_MARK = re.compile(r"#{1,6}\s+")
_BOLD_LINE = re.compile(r"\*\*(?:(?!\*\*).)+\*\*")
_ITALIC_LINE = re.compile(r"\*(?=[^\s*])(?P<inner>[^*]+)(?<=\S)\*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
# No-break and thin spaces become spaces; soft hyphens and zero-width characters go (PDF output).
_SPACES = str.maketrans(
    {"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u00ad": None, "\u200b": None}
)


def _clean(raw: str) -> tuple[str, bool]:
    text = raw.strip()
    marked = False
    if heading := _HEADING_MARK.match(text):
        text = re.sub(r"\s+#+$", "", text[heading.end() :])
        marked = True
    if _BOLD_LINE.fullmatch(text):
        marked = True
    text = text.replace("**", "")
    if italic := _ITALIC_LINE.fullmatch(text):
        text, marked = italic["inner"], True
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split()), marked


def _lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES).translate(_SPACES))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip()
        if raw.endswith("\\") and not raw.endswith("\\\\"):  # Markdown hard line break
            raw = raw[:-1].rstrip()
        if PAGE_NUMBER_LINE.fullmatch(raw.strip()):
            # Dropped, not blanked: a page break inside a paragraph must not split it.
            continue
        clean, marked = _clean(raw)
        indent = len(raw) - len(raw.lstrip())
        lines.append(_Line(number, clean, marked, indent, len(raw)))
    return lines


@dataclass
class _Joined:
    """Non-empty lines joined by spaces, so phrases broken across lines still match."""

    text: str
    starts: list[int]
    numbers: list[int]

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(index, 0)]


def _join(lines: Iterable[_Line]) -> _Joined:
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    position = 0
    for line in lines:
        if not line.text:
            continue
        starts.append(position)
        numbers.append(line.number)
        parts.append(line.text)
        position += len(line.text) + 1
    return _Joined(" ".join(parts), starts, numbers)


def _quote(text: str, limit: int = 70) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- sections ----------------------------------------------------------------------------------

_SECTION = re.compile(r"§\s*(?P<n>\d{1,2})(?!\d)\s*[.:]?(?:\s*[–—-]?\s*(?P<title>\S.*))?")


@dataclass(frozen=True)
class _Section:
    number: int
    index: int  # position of the heading in the line list


def _sections(lines: Sequence[_Line]) -> list[_Section]:
    """§ headings in ascending order.

    The order requirement keeps a line that starts with a reference ("§ 4 genannten Mittel",
    hard-wrapped PDF text) from being taken for a heading; a heading with its title on the same
    line must, when unmarked, be the next number and read like a title.
    """
    found: list[_Section] = []
    last = 0
    for index, line in enumerate(lines):
        match = _SECTION.fullmatch(line.text)
        if not match:
            continue
        number = int(match["n"])
        if number <= last or number > 30:
            continue
        title = match["title"]
        if title and not line.marked:
            title_like = title[0].isupper() and len(title) <= 100 and title[-1] not in ".,;"
            if number != last + 1 or not title_like:
                continue
        found.append(_Section(number, index))
        last = number
    return found


def _section_lines(
    lines: Sequence[_Line],
    sections: Sequence[_Section],
    number: int,
    what: str,
    end: int,
) -> tuple[_Line, list[_Line]]:
    """The heading line and body of § `number`; the body ends at the next § or at `end`."""
    for position, section in enumerate(sections):
        if section.number == number:
            stop = sections[position + 1].index if position + 1 < len(sections) else end
            return lines[section.index], list(lines[section.index + 1 : max(stop, section.index)])
    later = [section for section in sections if section.number > number]
    if later:
        raise AgreementParseError(
            f"Der Abschnitt § {number} ({what}) fehlt; erwartet vor § {later[0].number}.",
            lines[later[0].index].number,
        )
    where = lines[end].number if end < len(lines) else _last_number(lines)
    raise AgreementParseError(f"Der Abschnitt § {number} ({what}) fehlt.", where)


def _last_number(lines: Sequence[_Line]) -> int:
    return next((line.number for line in reversed(lines) if line.text), 1)


# --- title block: year, ministry, region -------------------------------------------------------

_TITLE_WORD = re.compile(r"zielvereinbarung", re.IGNORECASE)
_YEAR_AFTER_TITLE = re.compile(
    r"zielvereinbarung(?:en)?\s*(?:(?:für|über)\s+(?:das\s+)?(?:haushalts)?jahr\s+|"
    r"(?:haushalts)?jahr\s+)?(?P<year>20\d\d)(?!\d)",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


def _title_block(lines: Sequence[_Line], sections: Sequence[_Section]) -> list[_Line]:
    limit = sections[0].index if sections else len(lines)
    for index in range(limit):
        if lines[index].text.casefold() == "präambel":
            limit = index
            break
    start = next((i for i in range(limit) if _TITLE_WORD.search(lines[i].text)), None)
    if start is None:
        first = next((line.number for line in lines if line.text), 1)
        raise AgreementParseError("Die Überschrift „Zielvereinbarung“ fehlt.", first)
    # Without a § 1 or Präambel the title still ends somewhere; 20 lines hold any real one.
    return list(lines[start : min(limit, start + 20) if not sections else limit])


def _year(title: _Joined) -> int:
    match = _YEAR_AFTER_TITLE.search(title.text)
    if match is not None:
        return int(match["year"])
    # "Zielvereinbarung über das Ausbildungs- und Qualifizierungsbudget 2019 zwischen …"
    head = re.split(r"\bzwischen\b", title.text, maxsplit=1)[0]
    match = _ANY_YEAR.search(head)
    if match is None:
        raise AgreementParseError(
            "Im Titel fehlt das Jahr der Zielvereinbarung (erwartet z. B. „Zielvereinbarung "
            "2024“).",
            title.line_at(0),
        )
    return int(match[0])


def _name_pattern(name: str, *, ministry: bool = False) -> re.Pattern[str]:
    """A name as a pattern that also matches its declined forms and line-broken spellings.

    Regions: "des Wetteraukreises" (genitive -es). Ministries: "Hessisches" → "Hessische",
    "Hessischen"; "Sozialministerium" → "Sozialministeriums". The boundaries keep "Kreis Kassel"
    from matching inside "Landkreis Kassel" and "Darmstadt" inside "Darmstadt-Dieburg".
    """
    parts = []
    for word in name.split():
        pattern = re.escape(word).replace(r"\-", r"-\s?")
        if ministry and word.endswith("isches"):
            pattern = re.escape(word[:-1]) + "[ns]?"
        elif ministry and word.casefold().endswith("ministerium"):
            pattern += "s?"
        elif not ministry and word.casefold().endswith("kreis"):
            pattern += "(?:es)?"
        parts.append(pattern)
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])")


def _earliest(
    text: str, candidates: Iterable[tuple[re.Pattern[str], Any]], skip: tuple[int, int]
) -> tuple[re.Match[str], Any] | None:
    """The earliest match outside `skip`; at equal starts the longest (most specific) one."""
    best: tuple[re.Match[str], Any] | None = None
    for pattern, value in candidates:
        for match in pattern.finditer(text):
            if match.start() < skip[1] and match.end() > skip[0]:
                continue
            if best is None or (match.start(), -len(match[0])) < (
                best[0].start(),
                -len(best[0][0]),
            ):
                best = (match, value)
            break
    return best


def _ministry(
    title: _Joined, signature_text: str, ministries: Sequence[str]
) -> tuple[str, tuple[int, int]]:
    candidates = [(_name_pattern(name, ministry=True), name) for name in ministries]
    found = _earliest(title.text, candidates, (0, 0))
    if found is not None:
        return found[1], found[0].span()
    # A title that says only "dem Land Hessen": the signature block still names the ministry.
    # A title naming some other ministry is an error, not a case for this fallback.
    if "ministerium" not in title.text.casefold():
        found = _earliest(signature_text, candidates, (0, 0))
        if found is not None:
            return found[1], (0, 0)
    between = re.search(
        r"\bzwischen\b\s*(?P<party>.+?)(?=\s+und\s+(?:der|dem|den|die)\b|\s+zur\b|$)",
        title.text,
    )
    offset = between.start("party") if between else 0
    text = between["party"] if between else title.text
    raise AgreementParseError(
        f"Das Ministerium ist nicht erkannt („{_quote(text, 60)}“); erwartet ist eine der "
        "Bezeichnungen " + ", ".join(f"„{name}“" for name in ministries) + ".",
        title.line_at(offset),
    )


def _region(
    title: _Joined, ministry_span: tuple[int, int], regions: Sequence[RegionName]
) -> dict[str, str | None]:
    candidates = [
        (_name_pattern(spelling), region)
        for region in regions
        for spelling in (region.name, *region.aliases)
    ]
    found = _earliest(title.text, candidates, ministry_span)
    if found is not None:
        region = found[1]
        return {"ags": region.ags, "name": region.name}
    # Name what stands where the partner was expected: after the ministry ("und der …") or,
    # when the region comes first, between "zwischen" and the ministry.
    after = re.match(
        r"\s*,?\s*und\s+(?>(?:(?:der|dem|den|des|die)\s+)?)"
        r"(?P<party>(?!(?:zur|über|für|im|vertreten)\b)\S.*?)"
        r"(?=\s*,|\s+(?:zur|über|für|im|vertreten)\b|$)",
        title.text[ministry_span[1] :],
    )
    ministry_in_title = ministry_span != (0, 0)
    # Before the ministry, without the ministry's own article ("zwischen … und dem Hessischen").
    head = re.sub(r"\s*\b(?:der|dem|den|des|die|das)\s*$", "", title.text[: ministry_span[0]])
    before = re.search(
        r"\bzwischen\s+(?:der|dem|den|des|die)?\s*(?P<party>.+?)\s+und\b",
        head + " und" if ministry_in_title else title.text,
    )
    if after is not None and ministry_in_title:
        offset = ministry_span[1] + after.start("party")
        party = after["party"]
    elif before is not None and before["party"].strip(" ,"):
        offset, party = before.start("party"), before["party"]
    else:
        # Expected right after the ministry, where now the next line of the title stands.
        raise AgreementParseError(
            "Im Titel fehlt der Landkreis bzw. die kreisfreie Stadt (erwartet z. B. „und der "
            "Landeshauptstadt Wiesbaden“).",
            title.line_at(min(ministry_span[1] + 1, len(title.text) - 1)),
        )
    raise AgreementParseError(
        f"Die Gebietskörperschaft „{_quote(party, 60)}“ ist nicht bekannt; erwartet ist ein "
        "hessischer Landkreis oder eine kreisfreie Stadt.",
        title.line_at(offset),
    )


# --- § 4: amount -------------------------------------------------------------------------------

_NUMBER = (
    r"(?<![\d.,])(?P<{g}>\d{{1,3}}(?P<{g}sep>[. ])\d{{3}}(?:(?P={g}sep)\d{{3}})*|\d+)"
    r"(?:,(?P<{g}cents>\d{{2}})|,\s?[-–]{{1,2}})?(?![\d]|[.,]\d)"
)
# "Euro" only as a word: "2019 Europäischer Sozialfonds" is no amount.
_CURRENCY_WORD = r"(?:(?:Euro|EUR)(?!\w)|€)"
_AMOUNT = re.compile(
    _NUMBER.format(g="a")
    + rf"\s*{_CURRENCY_WORD}"
    + "|"
    + rf"{_CURRENCY_WORD}\s*"
    + _NUMBER.format(g="b")
)
_CURRENCY = re.compile(_CURRENCY_WORD)


def _amount(heading: _Line, body: Sequence[_Line]) -> str:
    joined = _join(body)
    # The total follows "insgesamt" when the section also names partial amounts before it.
    total = re.search(r"\binsgesamt\b", joined.text)
    match = (_AMOUNT.search(joined.text, total.end()) if total else None) or _AMOUNT.search(
        joined.text
    )
    if match is not None:
        group = "a" if match["a"] is not None else "b"
        digits = match[group].replace(".", "").replace(" ", "")
        value = Decimal(digits) + Decimal(match[f"{group}cents"] or 0) / 100
        if value <= 0:
            raise AgreementParseError(
                "Der Betrag in § 4 muss größer als 0 Euro sein.", joined.line_at(match.start())
            )
        return str(value.quantize(Decimal("0.01")))
    currency = _CURRENCY.search(joined.text)
    if currency is None:
        raise AgreementParseError(
            "In § 4 steht kein Betrag in Euro (erwartet z. B. „2.508.300 Euro“).", heading.number
        )
    line_number = joined.line_at(currency.start())
    line_text = next(line.text for line in body if line.number == line_number)
    wording = re.split(r"Höhe von(?: insgesamt)?", line_text)[-1]
    wording = _CURRENCY.sub("", wording).strip(" .,:;") or line_text
    raise AgreementParseError(
        f"Der Betrag in § 4 ist nicht lesbar („{_quote(wording, 50)}“).", line_number
    )


# --- § 5: measure types and projects ------------------------------------------------------------

_LIST_ITEM = re.compile(
    r"(?:[-•*·▪●◦‣\uf0b7]|\d{1,2}[.)])\s+(?P<item>\S.*)"
    # An en dash opens an item only before a capital: in wrapped PDF prose "– nach Antrag…"
    # starts lines too.
    r"|[–—]\s+(?P<dash_item>[^\s\da-zäöüß].*)"
)
_CLOSING = re.compile(r"bescheid|^die förderung der (?:aufgeführten|genannten)", re.IGNORECASE)
_NUMBER_PREFIX = re.compile(r"^(?:Maßnahmenart|Maßnahmeart|MA)?\s*\d{1,2}\s*[.:)–-]?\s+")
# A line that ends in one of these words goes on in the next line.
_CONTINUING_WORDS = frozenset(
    {"und", "oder", "für", "der", "die", "das", "des", "dem", "den", "mit", "von", "zur", "zum"}
    | {"im", "in", "an", "auf", "bei", "aus", "nach"}
)


def _measure_key(text: str) -> str:
    """Wording without case, punctuation, numbering or "und": "Arbeitsmarktintegration,
    Fachkräftesicherung" and "… und Fachkräftesicherung" are the same measure type."""
    text = _NUMBER_PREFIX.sub("", text)
    return " ".join(word for word in re.findall(r"\w+", text.casefold()) if word != "und")


def _list_item(text: str) -> str | None:
    match = _LIST_ITEM.fullmatch(text)
    if match is None:
        return None
    return (match["item"] or match["dash_item"]).rstrip(" ,;")


@dataclass
class _Block:
    lines: list[_Line]
    item: str | None = None  # the project name when the block is a list item

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class _Measure:
    number: int
    title: str
    line: int
    projects: list[str] = field(default_factory=list)


def _starts_heading(body: Sequence[_Line], index: int, keys: dict[str, int]) -> bool:
    """Whether a known measure type starts here (also wrapped over up to three lines)."""
    parts: list[str] = []
    for line in body[index : index + 3]:
        if not line.text or _list_item(line.text) is not None:
            break
        parts.append(line.text)
        if _measure_key(" ".join(parts)) in keys:
            return True
    return False


def _continues_item(item_line: _Line, line: _Line, wrap_width: int) -> bool:
    """Whether `line` carries on the list item above it (an item wrapped in the PDF)."""
    if line.indent > 0 or line.text[0].islower() or line.text[0] in "(/&":
        return True
    words = item_line.text.split()
    if item_line.text.endswith(("-", ",", "/", "(", "&", "+")) or (
        words and words[-1].casefold() in _CONTINUING_WORDS
    ):
        return True
    # Hard-wrapped text (short lines everywhere): a long item line was probably broken.
    return wrap_width <= 160 and item_line.width >= 0.75 * wrap_width


def _blocks(body: Sequence[_Line], keys: dict[str, int], wrap_width: int) -> list[_Block]:
    """List items, and text blocks: runs of lines not broken by a blank line, a sentence end or
    a Markdown heading."""
    blocks: list[_Block] = []
    previous: _Line | None = None  # the line just above, None after a blank line
    for index, line in enumerate(body):
        if not line.text:
            previous = None
            continue
        item = None if line.marked else _list_item(line.text)
        last = blocks[-1] if blocks else None
        if item is not None:
            blocks.append(_Block([line], item))
        elif (
            previous is not None
            and last is not None
            and last.item is not None
            and not line.marked
            and _continues_item(previous, line, wrap_width)
            and not _starts_heading(body, index, keys)
            and not _CLOSING.search(line.text)
        ):
            last.lines.append(line)
            last.item = f"{last.item} {line.text}".rstrip(" ,;")
        elif (
            previous is not None
            and last is not None
            and last.item is None
            and not line.marked
            and not previous.marked
            and not previous.text.endswith((".", ":", ";", "!", "?"))
        ):
            last.lines.append(line)
        else:
            blocks.append(_Block([line]))
        previous = line
    return blocks


def _recognise(block: _Block, keys: dict[str, int]) -> tuple[list[_Line], int] | None:
    """The measure type a heading block names. When the intro sentence ran into the heading
    (PDF text, no colon), the heading is the block's last lines."""
    for start in range(len(block.lines)):
        tail = block.lines[start:]
        number = keys.get(_measure_key(" ".join(line.text for line in tail)))
        if number is not None:
            return tail, number
    return None


def _orphan_project(block: _Block) -> AgreementParseError:
    return AgreementParseError(
        f"Das Projekt „{_quote(block.item or '')}“ steht unter keiner Maßnahmenart; erwartet ist "
        "davor eine Überschrift wie „Ausbildungsvorbereitung“.",
        block.lines[0].number,
    )


def _measures(
    heading: _Line, body: Sequence[_Line], types: Sequence[MeasureType], wrap_width: int
) -> list[dict]:
    keys = {_measure_key(wording): t.number for t in types for wording in t.wordings}
    blocks = _blocks(body, keys, wrap_width)
    measures: list[_Measure] = []
    current: _Measure | None = None
    for index, block in enumerate(blocks):
        if block.item is not None:
            if current is None:
                raise _orphan_project(block)
            current.projects.append(block.item)
            continue
        marked = block.lines[0].marked
        text = block.text
        if measures and not marked and _CLOSING.search(text):
            break  # "Die Förderung … erfolgt … des Bescheides.": the lists end here
        followed = index + 1 < len(blocks) and blocks[index + 1].item is not None
        sentence = text.endswith((".", ":", ";", "!", "?"))
        recognised = _recognise(block, keys)
        # A marked line is a heading, except the § title (first block) and bold sentences.
        is_heading = followed or (marked and not sentence and (index > 0 or recognised is not None))
        if not is_heading:
            # Prose: the § title, the intro, or text after a list. It ends the measure type
            # above it, so that list items further down cannot be filed under it unnoticed.
            current = None
            continue
        if recognised is None and followed and sentence:
            # A sentence ("… folgende Projekte:") right above a list: the heading is missing.
            raise _orphan_project(blocks[index + 1])
        if recognised is None:
            line = block.lines[-1]
            raise AgreementParseError(
                f"„{_quote(line.text)}“ ist keine bekannte Maßnahmenart; erwartet ist eine von "
                + ", ".join(f"„{t.wordings[0]}“" for t in types)
                + ".",
                line.number,
            )
        heading_lines, number = recognised
        for earlier in measures:
            if earlier.number == number:
                raise AgreementParseError(
                    f"Die Maßnahmenart {number} steht in § 5 zweimal (zuerst in Zeile "
                    f"{earlier.line}).",
                    heading_lines[0].number,
                )
        title = " ".join(line.text for line in heading_lines).rstrip(" :")
        if not followed:
            raise AgreementParseError(
                f"Unter der Maßnahmenart „{_quote(title)}“ ist kein Projekt aufgeführt.",
                heading_lines[0].number,
            )
        current = _Measure(number, title, heading_lines[0].number)
        measures.append(current)
    if not measures:
        raise AgreementParseError(
            "In § 5 sind keine Projekte aufgeführt (erwartet: Überschrift der Maßnahmenart, "
            "darunter die Projekte als Liste).",
            heading.number,
        )
    return [{"number": m.number, "title": m.title, "projects": m.projects} for m in measures]


# --- signatures --------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_DATE = (
    r"\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?!\d)|\d{1,2}\.\s*(?:"
    + "|".join(month.capitalize() for month in _MONTHS)
    + r")\s+\d{4}"
)
_PLACE = re.compile(
    rf"(?P<place>[A-ZÄÖÜ][^\d,;:()]{{0,60}}?)\s*,\s*"
    rf"(?:den\b\s*(?P<date>{_DATE})?|(?P<bare>{_DATE}))[\s_.…]*"
)
_PLACE_START = re.compile(r"[A-ZÄÖÜ][^\d,;:()]{0,60}?\s*,\s*den\b")
_FUNCTION_WORDS = (
    "minister",
    "staatssekretär",
    "landrat",
    "landrät",
    "bürgermeister",
    "stadtrat",
    "stadträt",
    "beigeordnet",
    "dezernent",
    "kreis",
    "stadt",
    "hessen",
    "hessisch",
    "soziales",
    "integration",
    "arbeit",
    "jugend",
    "magistrat",
    "ausschuss",
    "präsident",
    "leiter",
    "vorsitz",
    "vertret",
    "landes",
    "verwaltung",
)
_NAME_TOKEN = re.compile(
    r"Dr\.|Prof\.|Dipl\.-[\wäöü]+\.?|[A-ZÄÖÜ][\w'’.-]*|von|van|vom|zu|de|di|da|le|la"
)


def _place_entries(text: str) -> list[tuple[str, str | None]] | None:
    """ "Wiesbaden, den 12.7.2024" → [("Wiesbaden", "12.7.2024")]; two on one line (a two-column
    layout flattened by the PDF reader) give two entries; anything else None."""
    entries: list[tuple[str, str | None]] = []
    position = 0
    while position < len(text):
        match = _PLACE.match(text, position)
        if match is None or match.end() == position:
            return None
        entries.append((match["place"].strip(), match["date"] or match["bare"]))
        position = match.end()
    return entries or None


def _date(text: str | None, line: int) -> str | None:
    if not text:
        return None
    numeric = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})", text)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
    else:
        named = re.fullmatch(r"(\d{1,2})\.\s*(\w+)\s+(\d{4})", text)
        assert named is not None  # _DATE admits nothing else
        day, month, year = int(named[1]), _MONTHS[named[2].casefold()], int(named[3])
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise AgreementParseError(f"Das Datum „{text}“ gibt es nicht.", line) from None


def _looks_like_name(text: str) -> bool:
    """A person's name ("Dr. Patricia Becher"), not a function ("Stadträtin der")."""
    if any(char.isdigit() or char in ",:;()" for char in text):
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 6 or not all(_NAME_TOKEN.fullmatch(token) for token in tokens):
        return False
    folded = text.casefold()
    return not any(word in folded for word in _FUNCTION_WORDS)


def _signature_start(lines: Sequence[_Line], after: int) -> int:
    for index in range(after, len(lines)):
        if lines[index].text and _place_entries(lines[index].text) is not None:
            return index
    return len(lines)


def _signatures(lines: Sequence[_Line], start: int) -> list[dict]:
    if start >= len(lines):
        raise AgreementParseError(
            "Am Ende fehlt der Unterschriftenblock (erwartet „Ort, den Datum“ und darunter die "
            "Namen der Unterzeichnenden).",
            _last_number(lines),
        )
    places: list[tuple[int, str, str | None]] = []
    blocks: list[list[_Line]] = []
    current: list[_Line] | None = None
    for line in lines[start:]:
        entries = _place_entries(line.text) if line.text else None
        if entries is not None:
            places.extend((line.number, place, _date(date, line.number)) for place, date in entries)
            current = None
        elif _PLACE_START.match(line.text):
            raise AgreementParseError(
                f"Das Datum in „{_quote(line.text)}“ ist nicht lesbar (erwartet z. B. "
                "„Wiesbaden, den 12.7.2024“ oder ohne Datum „Wiesbaden, den“).",
                line.number,
            )
        elif not line.text:
            current = None
        else:
            if current is None:
                current = []
                blocks.append(current)
            current.append(line)
    # One "Ort, den" line may stand for both parties; an agreement has two at least.
    wanted = max(len(places), 2)
    if len(blocks) < wanted:
        blocks = _split_at_names(blocks, wanted)
    if len(blocks) < wanted:
        raise AgreementParseError(
            f"Im Unterschriftenblock stehen {len(blocks)} statt {wanted} Unterzeichnende "
            "(je ein Name, darunter die Funktion; die Blöcke durch eine Leerzeile getrennt).",
            blocks[-1][0].number if blocks else places[-1][0],
        )
    if len(blocks) > wanted:
        extra = blocks[wanted][0]
        raise AgreementParseError(
            f"Nach den Unterschriften steht weiterer Text („{_quote(extra.text)}“); erwartet "
            f"sind {wanted} Namensblöcke, einer je „Ort, den“-Zeile.",
            extra.number,
        )
    signatures = []
    for position, block in enumerate(blocks):
        _, place, date = places[position] if len(places) > 1 else places[0]
        signatures.append(
            {
                "name": block[0].text,
                "function": [line.text for line in block[1:]],
                "place": place,
                "date": date,
            }
        )
    return signatures


def _split_at_names(blocks: list[list[_Line]], wanted: int) -> list[list[_Line]]:
    """Name blocks without blank lines between them (PDF text): a new one starts at a line that
    reads as a person's name, until there are as many blocks as signatures."""
    missing = wanted - len(blocks)
    result: list[list[_Line]] = []
    for block in blocks:
        current = [block[0]]
        result.append(current)
        for line in block[1:]:
            if missing > 0 and _looks_like_name(line.text):
                current = [line]
                result.append(current)
                missing -= 1
            else:
                current.append(line)
    return result


# --- entry point -------------------------------------------------------------------------------


def parse_agreement(
    text: str,
    *,
    regions: Iterable[RegionName] | None = None,
    ministries: Iterable[str] | None = None,
    measure_types: Iterable[MeasureType] | None = None,
) -> dict[str, Any]:
    """The agreement in `text` as a JSON-serialisable dict, or AgreementParseError.

    `regions`, `ministries` and `measure_types` replace the module defaults, so that the import
    can use the reference data the ministry keeps in the database.
    """
    region_table = tuple(regions) if regions is not None else DEFAULT_REGIONS
    ministry_names = tuple(ministries) if ministries is not None else DEFAULT_MINISTRIES
    types = tuple(measure_types) if measure_types is not None else DEFAULT_MEASURE_TYPES

    lines = _lines(text)
    if not any(line.text for line in lines):
        raise AgreementParseError("Der Text ist leer.")
    sections = _sections(lines)
    signature_start = _signature_start(lines, sections[-1].index + 1 if sections else 0)
    wrap_width = max(line.width for line in lines)

    title = _join(_title_block(lines, sections))
    year = _year(title)
    ministry, ministry_span = _ministry(title, _join(lines[signature_start:]).text, ministry_names)
    region = _region(title, ministry_span, region_table)

    amount_heading, amount_body = _section_lines(
        lines, sections, 4, "Haushaltsmittel", signature_start
    )
    amount = _amount(amount_heading, amount_body)

    projects_heading, projects_body = _section_lines(
        lines, sections, 5, "Projekte je Maßnahmenart", signature_start
    )
    measures = _measures(projects_heading, projects_body, types, wrap_width)

    signatures = _signatures(lines, signature_start)
    return {
        "year": year,
        "ministry": ministry,
        "region": region,
        "amount": amount,
        "measure_types": measures,
        "signatures": signatures,
    }
