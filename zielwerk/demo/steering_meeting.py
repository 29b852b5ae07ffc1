"""Demo steering: the autumn implementation meeting Wiesbaden 2024 (see steering.py).

The meeting on 17.10.2024 in Wiesbaden: attendees, agenda, the briefing pack as of 30.09.2024,
two tasks (one of the city, still open – it shows as a reminder on the start page of
`wiesbaden` – and one of the ministry, done on 09.12.2024), one note and the closed minutes.
Everything goes through the services, with the demo's past dates; seeding twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from zielwerk.accounts.models import User
from zielwerk.organisations.models import Region
from zielwerk.programmes.models import ProgrammeYear
from zielwerk.steering.choices import MeetingStatus, ResolutionKind, TaskStatus
from zielwerk.steering.models import Meeting
from zielwerk.steering.services.meetings import (
    briefing_generate,
    meeting_save,
    meeting_set_minutes,
    resolution_save,
    task_update,
)

HELD_ON = dt.date(2024, 10, 17)
BRIEFING_AS_OF = dt.date(2024, 9, 30)
BRIEFING_AT = dt.datetime(2024, 10, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))

# Invented people (erfunden): no real person of the ministry or the city is named here.
ATTENDEES = "\n".join(
    [
        "Dr. Katrin Albers (erfunden), Referatsleitung Arbeitsmarkt, Hessisches Ministerium "
        "für Arbeit, Integration, Jugend und Soziales",
        "Jonas Reuter (erfunden), Fachreferent AQB, Hessisches Ministerium für Arbeit, "
        "Integration, Jugend und Soziales",
        "Sabine Wolter (erfunden), Koordination AQB, Landeshauptstadt Wiesbaden, Amt für "
        "Soziale Arbeit",
        "Murat Demir (erfunden), Sachgebietsleitung Beschäftigungsförderung, Landeshauptstadt "
        "Wiesbaden",
    ]
)
AGENDA = "\n".join(
    [
        "Begrüßung und Stand der Mittel 2024",
        "Zielwerte: Plan, Ist und Prognose zum 30.09.2024",
        "Abweichungen, Begründungen und Gegensteuerung",
        "Teilnehmende und Verbleib in den Projekten",
        "Verabredungen bis zum Jahresende",
    ]
)
MINUTES = "\n".join(
    [
        "Das Ministerium stellt die Sitzungsunterlage mit Stand 30.09.2024 vor. Die Mittel sind "
        "bewilligt und in zwei Tranchen ausgezahlt.",
        "Die Stadt erläutert die Abweichung bei den Eintritten und die geplante Gegensteuerung; "
        "das Ministerium nimmt die Begründung zur Kenntnis.",
        "Verabredet werden die beiden Aufgaben unten; die Zielwerte bleiben unverändert.",
    ]
)
TASK_CITY = (
    "Die Stadt legt einen Plan vor, wie die Eintritte in den Projekten bis zum Jahresende "
    "an den Plan herangeführt werden (Zugang über Jobcenter und Schulen)."
)
TASK_MINISTRY = (
    "Das Ministerium prüft, ob nicht verausgabte Mittel innerhalb der Maßnahmenarten "
    "umgeschichtet werden können, und teilt das Ergebnis der Stadt mit."
)
NOTE = (
    "Die nächste Umsetzungsbesprechung findet im Herbst 2025 statt; die Zielwerte 2025 werden "
    "in den Verhandlungen zur Zielvereinbarung abgestimmt."
)


def seed(report: list[str]) -> None:
    programme_year = ProgrammeYear.objects.filter(programme__code="aqb", year=2024).first()
    region = Region.objects.filter(slug="wiesbaden").first()
    if programme_year is None or region is None:
        return
    ministry = User.objects.get(username="ministerium")
    city = User.objects.get(username="wiesbaden")

    meeting = Meeting.objects.filter(programme_year=programme_year, region=region).first()
    if meeting is None:
        meeting = meeting_save(
            actor=ministry,
            programme_year=programme_year,
            region=region,
            held_on=HELD_ON,
            place="Wiesbaden",
            attendees=ATTENDEES,
            agenda=AGENDA,
        )
        report.append("Umsetzungsbesprechung Wiesbaden 2024 angelegt")
    if meeting.status == MeetingStatus.CLOSED:
        return
    if not meeting.briefing_pdf:
        meeting = briefing_generate(
            actor=ministry, meeting=meeting, as_of=BRIEFING_AS_OF, at=BRIEFING_AT
        )
        report.append("Sitzungsunterlage Wiesbaden 2024 (Stand 30.09.2024) erzeugt")
    if not meeting.resolutions.exists():
        resolution_save(
            actor=ministry,
            meeting=meeting,
            kind=ResolutionKind.TASK,
            text=TASK_CITY,
            owner=city,
            due_on=dt.date(2024, 11, 29),
        )
        ministry_task = resolution_save(
            actor=ministry,
            meeting=meeting,
            kind=ResolutionKind.TASK,
            text=TASK_MINISTRY,
            owner=ministry,
            due_on=dt.date(2024, 12, 13),
        )
        resolution_save(actor=ministry, meeting=meeting, kind=ResolutionKind.NOTE, text=NOTE)
        task_update(
            actor=ministry,
            resolution=ministry_task,
            status=TaskStatus.DONE,
            note="Ergebnis der Stadt am 09.12.2024 mitgeteilt.",
            on=dt.date(2024, 12, 9),
        )
        report.append("Beschlüsse der Umsetzungsbesprechung Wiesbaden 2024 angelegt")
    meeting_set_minutes(
        actor=ministry, meeting=meeting, minutes=MINUTES, status=MeetingStatus.CLOSED
    )
    report.append("Protokoll der Umsetzungsbesprechung Wiesbaden 2024 abgeschlossen")
