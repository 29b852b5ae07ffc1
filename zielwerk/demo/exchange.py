"""Demo exchange: two good-practice entries of Wiesbaden (FIB and HIB, linked to the projects
WI-2024-FIB and WI-2024-HIB, so the entry pages show their live figures) and the conference
"Fachtag AQB 2024" (invented) in Wiesbaden with registrations from Wiesbaden and Frankfurt, a
small PDF as documentation and links to the entries. Everything is invented (erfunden) and goes
through the services with the demo's past dates; seeding twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from zielwerk.accounts.models import User
from zielwerk.conferences.choices import ConferenceStatus
from zielwerk.conferences.models import Conference
from zielwerk.conferences.services import (
    ConferenceData,
    conference_save,
    document_add,
    registration_create,
)
from zielwerk.organisations.models import Region
from zielwerk.practice.models import Entry
from zielwerk.practice.services import EntryData, entry_save
from zielwerk.projects.models import Project

CONFERENCE_TITLE = "Fachtag AQB 2024 (erfunden)"
DOCUMENT_TITLE = "Programm und Ergebnisse des Fachtags"
REGISTERED_ON = dt.date(2024, 10, 1)

ENTRIES = (
    {
        "code": "WI-2024-FIB",
        "title": "Fit für den Beruf: Berufsorientierung mit Betriebspraktika (erfunden)",
        "summary": (
            "Junge Menschen ohne Ausbildung erproben in begleiteten Praktika Berufe und finden so "
            "den Weg in eine Ausbildung."
        ),
        "description": (
            "Das Projekt verbindet Bewerbungstraining, Kompetenzfeststellung und zwei begleitete "
            "Praktika in Wiesbadener Betrieben.\n\n"
            "Erfolgsfaktor ist die feste Ansprechperson, die Teilnehmende und Betriebe bis zum "
            "Beginn der Ausbildung begleitet. (Beschreibung erfunden.)"
        ),
    },
    {
        "code": "WI-2024-HIB",
        "title": "Hinein in den Beruf: Coaching bis in die Beschäftigung (erfunden)",
        "summary": (
            "Langzeitarbeitslose Erwachsene werden individuell gecoacht und nach der Aufnahme "
            "einer Beschäftigung weiter begleitet."
        ),
        "description": (
            "Wöchentliche Einzelgespräche, Unterstützung bei Kinderbetreuung und Mobilität sowie "
            "eine Nachbetreuung über sechs Monate.\n\n"
            "Arbeitgeber der Region stellen Probearbeitstage bereit. (Beschreibung erfunden.)"
        ),
    },
)

REGISTRATIONS = (
    ("wiesbaden", "wiesbaden", "Sabine Wolter (erfunden)", "Koordination AQB"),
    ("wiesbaden", "wiesbaden", "Murat Demir (erfunden)", "Sachgebietsleitung"),
    ("frankfurt", "frankfurt", "Lena Hofmann (erfunden)", "Koordination AQB"),
)


def minimal_pdf(lines: list[str]) -> bytes:
    """A small valid PDF 1.4 (one page, Helvetica, ASCII text) with a correct xref table."""
    text = "".join(
        f"BT /F1 12 Tf 72 {770 - 18 * number} Td ({_pdf_escape(line)}) Tj ET\n"
        for number, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _entries(ministry, report: list[str]) -> list[Entry]:
    region = Region.objects.get(slug="wiesbaden")
    entries = []
    for row in ENTRIES:
        entry = Entry.objects.filter(title=row["title"]).first()
        if entry is None:
            project = (
                Project.objects.filter(code=row["code"]).select_related("measure_type").first()
            )
            entry = entry_save(
                actor=ministry,
                data=EntryData(
                    title=row["title"],
                    summary=row["summary"],
                    description=row["description"],
                    region=region,
                    project_ids=(project.pk,) if project else (),
                    measure_type_ids=(project.measure_type_id,) if project else (),
                    published=True,
                ),
            )
            report.append(f"Gute Praxis „{entry.title}“ angelegt")
        entries.append(entry)
    return entries


def seed_exchange(report: list[str]) -> None:
    ministry = User.objects.filter(username="ministerium").first()
    if ministry is None or not Region.objects.filter(slug="wiesbaden").exists():
        return
    entries = _entries(ministry, report)
    conference = Conference.objects.filter(title=CONFERENCE_TITLE).first()
    data = ConferenceData(
        title=CONFERENCE_TITLE,
        starts_on=dt.date(2024, 11, 7),
        starts_at=dt.time(9, 30),
        place="Wiesbaden, Rathaus (Festsaal)",
        description="\n".join(
            [
                "Begrüßung durch das Ministerium",
                "Ergebnisse des Programmjahres 2024 im Überblick",
                "Gute Praxis: Fit für den Beruf (Wiesbaden)",
                "Gute Praxis: Hinein in den Beruf (Wiesbaden)",
                "Arbeitsgruppen: Übergänge in Ausbildung und Beschäftigung",
                "Ausblick auf 2025",
            ]
        ),
        places_per_region=3,
        registration_until=dt.date(2024, 10, 18),
        status=ConferenceStatus.PLANNED,
        practice_entry_ids=tuple(entry.pk for entry in entries),
    )
    if conference is None:
        conference = conference_save(actor=ministry, data=data)
        report.append(f"Konferenz „{conference.title}“ angelegt")
    if conference.status == ConferenceStatus.PLANNED:
        for username, region_slug, name, function in REGISTRATIONS:
            if conference.registrations.filter(name=name).exists():
                continue
            registration_create(
                actor=User.objects.get(username=username),
                conference=conference,
                region=Region.objects.get(slug=region_slug),
                name=name,
                function=function,
                on=REGISTERED_ON,
            )
        conference = conference_save(
            actor=ministry,
            conference=conference,
            data=ConferenceData(**{**data.__dict__, "status": ConferenceStatus.HELD}),
        )
    if not conference.documents.filter(title=DOCUMENT_TITLE).exists():
        pdf = minimal_pdf(
            [
                "Fachtag AQB 2024 (erfunden)",
                "7. November 2024, Wiesbaden",
                "Dokumentation: Programm, Ergebnisse, Beispiele guter Praxis",
            ]
        )
        document_add(
            actor=ministry,
            conference=conference,
            title=DOCUMENT_TITLE,
            upload=ContentFile(pdf, name="fachtag-aqb-2024.pdf"),
        )
        report.append("Dokumentation des Fachtags hochgeladen")
