"""The open-data catalogue in DCAT-AP.de 2.0, as JSON-LD and as Turtle from one list of nodes.

Written by hand (no RDF library in the project): every node has a URI (no blank nodes), every
value is either a URI (`Ref`) or a literal (`Lit`). Properties follow DCAT-AP.de 2.0
(http://dcat-ap.de/def/dcatde/2.0/spec/): mandatory for the catalogue dct:title, dct:description,
dct:publisher, dcat:dataset; for a dataset dct:title, dct:description and (GovData convention)
dcatde:contributorID; for a distribution dcat:accessURL and – in DCAT-AP.de, unlike DCAT-AP –
dct:license. We add the recommended dct:publisher, dcat:theme, dcat:keyword, dct:format,
dcat:mediaType, dcat:downloadURL, dcatde:licenseAttributionByText and dcatde:politicalGeocoding*.

Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-by-de/2.0), the licence the
dcat-ap.de licence vocabulary offers for German public-sector data; it asks for an attribution
text, given in dcatde:licenseAttributionByText.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zielwerk.agreements.services.creation import ministry_names_on

from . import selectors

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LICENSE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
# TODO(lead): a contributor ID must be requested from GovData (dcat-ap.de/def/contributors/);
# until then this placeholder can be overridden by the setting PORTAL_DCAT_CONTRIBUTOR_ID.
CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/zielwerkAQB"
GEOCODING_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/state"
GEOCODING_HESSEN = "http://dcat-ap.de/def/politicalGeocoding/stateKey/06"
THEMES = (
    "http://publications.europa.eu/resource/authority/data-theme/SOCI",
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
)
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
FORMATS = {  # our format -> (EU file type, IANA media type)
    "json": ("JSON", "application/json"),
    "csv": ("CSV", "text/csv"),
    "pdf": ("PDF", "application/pdf"),
    "html": ("HTML", "text/html"),
}

# Required properties per class (checked by the tests against both serialisations).
REQUIRED = {
    "dcat:Catalog": ("dct:title", "dct:description", "dct:publisher", "dcat:dataset"),
    "dcat:Dataset": (
        "dct:title",
        "dct:description",
        "dct:publisher",
        "dcatde:contributorID",
        "dcat:distribution",
    ),
    "dcat:Distribution": ("dcat:accessURL", "dct:license", "dct:format"),
    "foaf:Organization": ("foaf:name",),
}


@dataclass(frozen=True)
class Ref:
    uri: str


@dataclass(frozen=True)
class Lit:
    text: str
    lang: str = ""
    datatype: str = ""  # a prefixed name, e.g. "xsd:date"


Value = Ref | Lit


@dataclass
class Node:
    uri: str
    type: str
    props: list[tuple[str, Value]] = field(default_factory=list)

    def add(self, prop: str, *values: Value) -> Node:
        self.props.extend((prop, value) for value in values)
        return self


def de(text: str) -> Lit:
    return Lit(text, lang="de")


def day(value) -> Lit:
    return Lit(value.isoformat(), datatype="xsd:date")


def catalogue(absolute: Callable[[str], str]) -> list[Node]:
    """The catalogue's nodes; `absolute(path)` makes a full URL (request.build_absolute_uri)."""
    contributor = getattr(settings, "PORTAL_DCAT_CONTRIBUTOR_ID", CONTRIBUTOR_ID)
    today = timezone.localdate()
    ministry_name, _short = ministry_names_on(today)
    home = absolute(reverse("portal:start"))
    publisher = Node(f"{home}#herausgeber", "foaf:Organization").add(
        "foaf:name", de(f"Land Hessen, {ministry_name}")
    )
    attribution = de(f"Land Hessen, Arbeitswelt Hessen (AQB), {today.year}")
    catalog = Node(absolute(reverse("portal:dcat_jsonld")), "dcat:Catalog").add(
        "dct:title",
        de("Arbeitswelt Hessen – offene Daten zum Ausbildungs- und Qualifizierungsbudget"),
    )
    catalog.add(
        "dct:description",
        de(
            "Veröffentlichte Zielvereinbarungen zum AQB, landesweite Kennzahlen (nur Summen, "
            "kleine "
            "Fallzahlen verdeckt) und die endgültige Mittelverteilung je Programmjahr."
        ),
    )
    catalog.add("dct:publisher", Ref(publisher.uri)).add("foaf:homepage", Ref(home))
    catalog.add(
        "dct:language", Ref("http://publications.europa.eu/resource/authority/language/DEU")
    )
    catalog.add("dct:modified", day(today))
    nodes: list[Node] = [catalog, publisher]

    def dataset(key: str, title: str, description: str, keywords: tuple[str, ...]) -> Node:
        node = Node(f"{home}#datensatz-{key}", "dcat:Dataset")
        node.add("dct:title", de(title)).add("dct:description", de(description))
        node.add("dct:publisher", Ref(publisher.uri)).add("dcatde:contributorID", Ref(contributor))
        node.add("dct:identifier", Lit(f"zielwerk-aqb-{key}"))
        node.add("dcat:theme", *(Ref(theme) for theme in THEMES))
        node.add("dcat:keyword", *(de(word) for word in keywords))
        node.add("dcatde:politicalGeocodingLevelURI", Ref(GEOCODING_LEVEL))
        node.add("dcatde:politicalGeocodingURI", Ref(GEOCODING_HESSEN))
        node.add("dcat:landingPage", Ref(home))
        catalog.add("dcat:dataset", Ref(node.uri))
        nodes.append(node)
        return node

    def distribution(ds: Node, key: str, title: str, url: str, fmt: str, *, download: bool):
        file_type, media_type = FORMATS[fmt]
        node = Node(f"{home}#verteilung-{key}", "dcat:Distribution")
        node.add("dct:title", de(title)).add("dcat:accessURL", Ref(url))
        if download:
            node.add("dcat:downloadURL", Ref(url))
        node.add("dct:format", Ref(FILE_TYPE + file_type))
        node.add("dcat:mediaType", Ref(MEDIA_TYPE + media_type))
        node.add("dct:license", Ref(LICENSE)).add("dcatde:licenseAttributionByText", attribution)
        ds.add("dcat:distribution", Ref(node.uri))
        nodes.append(node)

    versions = selectors.published_versions()
    for year in sorted({v.agreement.programme_year.year for v in versions}, reverse=True):
        ds = dataset(
            f"zielvereinbarungen-{year}",
            f"Zielvereinbarungen AQB {year}",
            f"Die veröffentlichten Zielvereinbarungen des Programmjahres {year} zwischen dem Land "
            "Hessen und den Landkreisen und kreisfreien Städten: Text, Daten (Betrag, Projekte, "
            "Kennzahlen, Zielwerte) und unterzeichnetes Dokument.",
            ("Zielvereinbarung", "AQB", "Ausbildung", "Qualifizierung"),
        )
        of_year = [v for v in versions if v.agreement.programme_year.year == year]
        for version in of_year:
            region = version.agreement.region
            kwargs = {"year": year, "region": region.slug}
            key = f"{year}-{region.slug}"
            distribution(
                ds, f"{key}-json", f"{region.name} {year}: Daten (JSON)",
                absolute(reverse("portal:agreement_data_json", kwargs=kwargs)), "json",
                download=True,
            )  # fmt: skip
            distribution(
                ds, f"{key}-csv", f"{region.name} {year}: Daten (CSV)",
                absolute(reverse("portal:agreement_data_csv", kwargs=kwargs)), "csv",
                download=True,
            )  # fmt: skip
            if version.signed_pdf:
                pdf_url = reverse("portal:agreement_signed_pdf", kwargs=kwargs)
                pdf_title = f"{region.name} {year}: unterzeichnetes Dokument (PDF)"
            else:
                pdf_url = reverse("portal:agreement_document", kwargs={**kwargs, "fmt": "pdf"})
                pdf_title = f"{region.name} {year}: Dokument (PDF/A)"
            distribution(ds, f"{key}-pdf", pdf_title, absolute(pdf_url), "pdf", download=True)
        newest = max(v.published_at for v in of_year if v.published_at)
        ds.add("dct:modified", day(timezone.localtime(newest).date()))
        figures = dataset(
            f"kennzahlen-{year}",
            f"Landesweite Kennzahlen AQB {year}",
            f"Summen des Programmjahres {year}: Zahl der Gebietskörperschaften, vereinbarte "
            "Beträge, Eintritte, Austritte und Übergänge je Gebietskörperschaft und landesweit. "
            "Werte von 1 oder 2 erscheinen als „< 3“.",
            ("Kennzahlen", "AQB", "Teilnehmende"),
        )
        distribution(
            figures, f"kennzahlen-{year}-html", f"Kennzahlen {year} (Webseite)",
            absolute(reverse("portal:key_figures", kwargs={"year": year})), "html",
            download=False,
        )  # fmt: skip
    for year in selectors.programme_years():
        lines, _pending = selectors.final_allocations(year)
        if not lines:
            continue
        allocation = dataset(
            f"mittelverteilung-{year}",
            f"Mittelverteilung AQB {year}",
            f"Die endgültige Zuweisung der Mittel des Programmjahres {year} "
            "je Gebietskörperschaft.",
            ("Mittelverteilung", "AQB", "Haushalt"),
        )
        distribution(
            allocation, f"mittelverteilung-{year}-html", f"Mittelverteilung {year} (Webseite)",
            absolute(reverse("portal:allocation", kwargs={"year": year})), "html",
            download=False,
        )  # fmt: skip
    return nodes


# ---- serialisation ----------------------------------------------------------------------------


def _jsonld_value(value: Value) -> dict[str, str]:
    if isinstance(value, Ref):
        return {"@id": value.uri}
    if value.lang:
        return {"@value": value.text, "@language": value.lang}
    if value.datatype:
        return {"@value": value.text, "@type": value.datatype}
    return {"@value": value.text}


def to_jsonld(nodes: list[Node]) -> str:
    graph = []
    for node in nodes:
        item: dict[str, Any] = {"@id": node.uri, "@type": node.type}
        for prop, value in node.props:
            item.setdefault(prop, []).append(_jsonld_value(value))
        graph.append(item)
    return json.dumps({"@context": PREFIXES, "@graph": graph}, ensure_ascii=False, indent=2)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _turtle_string(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def _turtle_uri(uri: str) -> str:
    if any(char in uri for char in '<>"{}|^`\\ '):
        raise ValueError(f"IRI not allowed in Turtle: {uri!r}")
    return f"<{uri}>"


def _turtle_value(value: Value) -> str:
    if isinstance(value, Ref):
        return _turtle_uri(value.uri)
    literal = _turtle_string(value.text)
    if value.lang:
        return f"{literal}@{value.lang}"
    if value.datatype:
        return f"{literal}^^{value.datatype}"
    return literal


def to_turtle(nodes: list[Node]) -> str:
    lines = [f"@prefix {prefix}: <{uri}> ." for prefix, uri in PREFIXES.items()]
    for node in nodes:
        lines.append("")
        lines.append(f"{_turtle_uri(node.uri)} a {node.type}")
        for prop, value in node.props:
            lines[-1] += " ;"
            lines.append(f"    {prop} {_turtle_value(value)}")
        lines[-1] += " ."
    return "\n".join(lines) + "\n"
