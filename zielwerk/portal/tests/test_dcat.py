"""The open-data catalogue against the DCAT-AP.de 2.0 properties we rely on as required.

The required list is written out here from the specification (http://dcat-ap.de/def/dcatde/2.0/
spec/ and the GovData Konventionenhandbuch), not imported from the code: catalogue dct:title,
dct:description, dct:publisher, dcat:dataset; dataset dct:title, dct:description, dct:publisher,
dcatde:contributorID, dcat:distribution; distribution dcat:accessURL, dct:license (mandatory in
DCAT-AP.de), dct:format; agent foaf:name. No RDF library is installed, so the Turtle is read by a
small parser for the subset of Turtle 1.1 it uses (prefixes, IRIs, prefixed names, `a`, strings
with escapes, language tags, datatypes, `;` and `.`); anything else fails the test."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from zielwerk.budgets.services import allocation_finalize
from zielwerk.demo.portal import seed_portal
from zielwerk.programmes.models import ProgrammeYear

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DCATDE = "http://dcat-ap.de/def/dcatde/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REQUIRED = {
    DCAT + "Catalog": [DCT + "title", DCT + "description", DCT + "publisher", DCAT + "dataset"],
    DCAT + "Dataset": [
        DCT + "title",
        DCT + "description",
        DCT + "publisher",
        DCATDE + "contributorID",
        DCAT + "distribution",
    ],
    DCAT + "Distribution": [DCAT + "accessURL", DCT + "license", DCT + "format"],
    FOAF + "Organization": [FOAF + "name"],
}
LICENCES = {
    "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "http://dcat-ap.de/def/licenses/cc-by/4.0",
}

TOKEN = re.compile(
    r"""\s*(?:
      (?P<prefix>@prefix)
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<string>"(?:[^"\\\n\r]|\\[tbnrf"'\\])*")
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<dtype>\^\^)
    | (?P<punct>[;.,])
    | (?P<pname>[A-Za-z][\w-]*:[\w\-.]*[\w-]|[A-Za-z][\w-]*:)
    | (?P<a>a(?=\s))
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = TOKEN.match(text, position)
        assert match, f"Turtle: unexpected text at {position}: {text[position : position + 40]!r}"
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def parse_turtle(text: str) -> set[tuple[str, str, str]]:
    tokens = _tokens(text)
    prefixes: dict[str, str] = {}
    triples = set()
    i = 0

    def term(index: int) -> tuple[str, int]:
        kind, value = tokens[index]
        if kind == "iri":
            return value[1:-1], index + 1
        if kind == "pname":
            prefix, local = value.split(":", 1)
            assert prefix in prefixes, f"undeclared prefix {prefix}"
            return prefixes[prefix] + local, index + 1
        if kind == "a":
            return RDF_TYPE, index + 1
        if kind == "string":
            literal = json.loads(value)  # the escapes used are JSON's too
            if index + 1 < len(tokens) and tokens[index + 1][0] == "lang":
                return f"{literal}{tokens[index + 1][1]}", index + 2
            if index + 1 < len(tokens) and tokens[index + 1][0] == "dtype":
                datatype, after = term(index + 2)
                return f"{literal}^^{datatype}", after
            return literal, index + 1
        raise AssertionError(f"Turtle: unexpected token {value!r}")

    while i < len(tokens):
        if tokens[i][0] == "prefix":
            name, iri, dot = tokens[i + 1], tokens[i + 2], tokens[i + 3]
            assert name[0] == "pname" and iri[0] == "iri" and dot == ("punct", "."), tokens[
                i : i + 4
            ]
            prefixes[name[1][:-1]] = iri[1][1:-1]
            i += 4
            continue
        subject, i = term(i)
        while True:
            predicate, i = term(i)
            while True:
                obj, i = term(i)
                triples.add((subject, predicate, obj))
                if tokens[i] != ("punct", ","):
                    break
                i += 1
            separator = tokens[i]
            i += 1
            if separator == ("punct", "."):
                break
            assert separator == ("punct", ";"), separator
    return triples


def jsonld_triples(document: dict) -> set[tuple[str, str, str]]:
    context = document["@context"]

    def expand(name: str) -> str:
        prefix, _, local = name.partition(":")
        return context[prefix] + local if prefix in context else name

    triples = set()
    for node in document["@graph"]:
        subject = node["@id"]
        triples.add((subject, RDF_TYPE, expand(node["@type"])))
        for key, values in node.items():
            if key.startswith("@"):
                continue
            for value in values:
                if "@id" in value:
                    obj = value["@id"]
                elif "@language" in value:
                    obj = f"{value['@value']}@{value['@language']}"
                elif "@type" in value:
                    obj = f"{value['@value']}^^{expand(value['@type'])}"
                else:
                    obj = value["@value"]
                triples.add((subject, expand(key), obj))
    return triples


def check_required(triples: set[tuple[str, str, str]]) -> dict[str, list[str]]:
    by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    typed: dict[str, list[str]] = defaultdict(list)
    for subject, props in by_subject.items():
        for rdf_type in props[RDF_TYPE]:
            typed[rdf_type].append(subject)
            for required in REQUIRED.get(rdf_type, []):
                assert props.get(required), f"{subject} ({rdf_type}) lacks {required}"
    for distribution in typed[DCAT + "Distribution"]:
        assert set(by_subject[distribution][DCT + "license"]) <= LICENCES
    # Every reference from the catalogue and its datasets points at a described node.
    for catalog in typed[DCAT + "Catalog"]:
        assert set(by_subject[catalog][DCAT + "dataset"]) == set(typed[DCAT + "Dataset"])
    for dataset in typed[DCAT + "Dataset"]:
        for distribution in by_subject[dataset][DCAT + "distribution"]:
            assert distribution in typed[DCAT + "Distribution"]
        for publisher in by_subject[dataset][DCT + "publisher"]:
            assert publisher in typed[FOAF + "Organization"]
    return {key: sorted(value) for key, value in typed.items()}


@pytest.fixture
def catalogue(demo, users):
    seed_portal([])
    allocation_finalize(
        actor=users["ministerium"], programme_year=ProgrammeYear.objects.get(year=2024)
    )


def test_jsonld_and_turtle_have_the_required_properties(catalogue, client_for):
    anonymous = client_for(None)
    jsonld = anonymous.get(reverse("portal:dcat_jsonld"))
    turtle = anonymous.get(reverse("portal:dcat_ttl"))
    assert jsonld["Content-Type"].startswith("application/ld+json")
    assert turtle["Content-Type"].startswith("text/turtle")
    from_json = jsonld_triples(json.loads(jsonld.content))
    from_turtle = parse_turtle(turtle.content.decode())
    assert from_json == from_turtle  # one catalogue, two serialisations
    typed = check_required(from_turtle)
    # Wiesbaden 2024 is published (signed PDF stored), the 2024 allocation final: datasets for
    # the agreements, the key figures and the allocation of 2024; nothing for Frankfurt's draft.
    datasets = typed[DCAT + "Dataset"]
    assert [d.rsplit("#", 1)[1] for d in datasets] == [
        "datensatz-kennzahlen-2024",
        "datensatz-mittelverteilung-2024",
        "datensatz-zielvereinbarungen-2024",
    ]
    urls = {o for s, p, o in from_turtle if p == DCAT + "accessURL"}
    assert "http://testserver/portal/zielvereinbarungen/2024/wiesbaden/daten.json" in urls
    assert "http://testserver/portal/zielvereinbarungen/2024/wiesbaden/daten.csv" in urls
    assert "http://testserver/portal/zielvereinbarungen/2024/wiesbaden/unterzeichnet.pdf" in urls
    assert not any("frankfurt" in url for url in urls)
    formats = {o.rsplit("/", 1)[1] for s, p, o in from_turtle if p == DCT + "format"}
    assert formats == {"JSON", "CSV", "PDF", "HTML"}


def test_turtle_escapes_quotes_and_line_breaks():
    from zielwerk.portal.dcat import Lit, Node, to_turtle

    node = Node("http://example.org/x", "dcat:Dataset").add(
        "dct:title", Lit('Der "AQB"\nzweite Zeile \\ Ende', lang="de")
    )
    triples = parse_turtle(to_turtle([node]))
    assert (
        "http://example.org/x",
        DCT + "title",
        'Der "AQB"\nzweite Zeile \\ Ende@de',
    ) in triples


def test_unpublished_allocation_is_not_in_the_catalogue(demo, client_for):
    body = client_for(None).get(reverse("portal:dcat_ttl")).content.decode()
    assert "mittelverteilung" not in body
