"""The default wording of the four kinds of decision (Bescheid) of the grant authority.

Zielwerk's own wording, written for the programme: it follows the usual structure of a German
grant decision (Tenor, Nebenbestimmungen, Begründung, Rechtsbehelfsbelehrung, Schlussformel) but
is not copied from any authority's letter. The authority edits it on the template pages
(`grants:template_list`); a data migration loads it once (valid from programme year 2011).

Placeholders in curly braces are filled when a decision is drafted (grants/templating.py lists
them). Amounts already carry their unit ("2.483.300,00 €"), dates are written "15.05.2024".
The paragraphs of a text are separated by blank lines; the documents keep them as paragraphs.
"""

from __future__ import annotations

from typing import Any

from .choices import DecisionKind

VALID_FROM_YEAR = 2011

_REMEDY = (
    "Gegen diesen Bescheid können Sie innerhalb eines Monats, nachdem er Ihnen bekannt gegeben "
    "worden ist, Klage beim Verwaltungsgericht Kassel erheben. Die Klage kann schriftlich oder "
    "zur Niederschrift bei der Urkundsbeamtin oder dem Urkundsbeamten der Geschäftsstelle des "
    "Gerichts erhoben oder als elektronisches Dokument nach Maßgabe des § 55a der "
    "Verwaltungsgerichtsordnung eingereicht werden.\n\n"
    "Die Klage muss die Klägerin oder den Kläger, die Beklagte und den Gegenstand des "
    "Klagebegehrens bezeichnen; sie soll einen bestimmten Antrag enthalten. Die zur Begründung "
    "dienenden Tatsachen und Beweismittel sollen angegeben und der angefochtene Bescheid soll in "
    "Abschrift beigefügt werden."
)

_CLOSING_GRANT = (
    "Bitte bestätigen Sie den Eingang dieses Bescheids. Für Rückfragen steht Ihnen das "
    "Dezernat 57 unter Angabe des Aktenzeichens {reference} gern zur Verfügung."
)

GRANT: dict[str, str] = {
    "title": "Zuwendungsbescheid – Ausbildungs- und Qualifizierungsbudget {year}",
    "intro": (
        "auf Ihren Antrag vom {application_date} bewillige ich Ihnen für das Programmjahr {year} "
        "aus Mitteln des Landes Hessen im Rahmen des Förderprogramms {programme} eine Zuwendung "
        "als Zuschuss in Form einer Fehlbedarfsfinanzierung in Höhe von bis zu\n\n"
        "{total}.\n\n"
        "Die Zuwendung wird zur Projektförderung der in der nachstehenden Übersicht genannten "
        "Projekte bewilligt; für jedes Projekt gilt der dort genannte Höchstbetrag. Grundlage "
        "sind Ihr Antrag mit den Kosten- und Finanzierungsplänen der Projekte sowie die "
        "Zielvereinbarung {year} zwischen dem Land Hessen und der Gebietskörperschaft {region}."
    ),
    "conditions": (
        "1. Die Allgemeinen Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden "
        "und Gemeindeverbände (ANBest-GK) in der bei Erlass dieses Bescheids geltenden Fassung "
        "sind Bestandteil dieses Bescheids, soweit im Folgenden nichts Abweichendes bestimmt "
        "ist.\n\n"
        "2. Die Zuwendung ist ausschließlich für die bewilligten Projekte und nur für Ausgaben "
        "im Programmjahr {year} zu verwenden. Die Kosten- und Finanzierungspläne der Projekte "
        "sind verbindlich; Einzelansätze dürfen nur im Rahmen der ANBest-GK überschritten "
        "werden.\n\n"
        "3. Die Mittel werden auf Anforderung ausgezahlt (Mittelabruf). Abgerufene Beträge sind "
        "innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen zu verwenden; "
        "nicht fristgerecht verwendete Beträge können verzinst zurückgefordert werden.\n\n"
        "4. Sie sorgen dafür, dass die beauftragten Träger die Teilnehmenden der Projekte im "
        "Teilnehmendenmonitoring des Programms vollständig und zeitnah erfassen. Die "
        "Auswertungen sind Grundlage der Zielsteuerung nach der Zielvereinbarung.\n\n"
        "5. Der Verwendungsnachweis (Sachbericht und zahlenmäßiger Nachweis je Projekt) ist bis "
        "zum {proof_deadline} vorzulegen.\n\n"
        "6. Ergeben sich Änderungen in der Finanzierung, insbesondere geringere Ausgaben oder "
        "zusätzliche Einnahmen, oder wird ein Projekt nicht oder nicht vollständig "
        "durchgeführt, teilen Sie dies unverzüglich mit."
    ),
    "reasons": (
        "Mit Ihrem Antrag vom {application_date} haben Sie als Gebietskörperschaft {region} "
        "eine Zuwendung aus dem Förderprogramm {programme} für das Programmjahr {year} "
        "beantragt. Die Prüfung des Antrags in inhaltlicher und finanzieller Hinsicht hat "
        "ergeben, dass die Projekte den Zielen des Programms und der mit dem Land "
        "geschlossenen Zielvereinbarung entsprechen.\n\n"
        "Die Zuwendung wird nach § 44 der Landeshaushaltsordnung (LHO) und den dazu erlassenen "
        "Verwaltungsvorschriften gewährt. Die Bewilligung erfolgt im Rahmen der verfügbaren "
        "Haushaltsmittel und der Ihnen für das Programmjahr zugewiesenen Mittel. Soweit für ein "
        "Projekt weniger als beantragt bewilligt wird, ist der Grund in der Übersicht beim "
        "jeweiligen Projekt angegeben."
    ),
    "remedy": _REMEDY,
    "closing": _CLOSING_GRANT,
}

AMENDMENT: dict[str, str] = {
    "title": "Änderungsbescheid – Ausbildungs- und Qualifizierungsbudget {year}",
    "intro": (
        "mein Zuwendungsbescheid vom {previous_date} über eine Zuwendung von bis zu "
        "{previous_total} für das Programmjahr {year} wird wie folgt geändert:\n\n"
        "Die Zuwendung beträgt nunmehr bis zu {total}.\n\n"
        "Die Beträge je Projekt ergeben sich aus der nachstehenden Gegenüberstellung. Im "
        "Übrigen bleibt der Bescheid vom {previous_date} mit allen Nebenbestimmungen "
        "unverändert."
    ),
    "conditions": (
        "Die Nebenbestimmungen des Bescheids vom {previous_date} einschließlich der ANBest-GK "
        "gelten unverändert fort. Der Verwendungsnachweis ist bis zum {proof_deadline} "
        "vorzulegen."
    ),
    "reasons": (
        "Die Änderung beruht auf den veränderten Verhältnissen der geförderten Projekte, die "
        "Sie mitgeteilt haben. Nach Prüfung ist die Zuwendung in der nunmehr festgesetzten Höhe "
        "zur Erreichung des Zuwendungszwecks erforderlich und angemessen."
    ),
    "remedy": _REMEDY,
    "closing": _CLOSING_GRANT,
}

REVOCATION: dict[str, str] = {
    "title": "Widerrufsbescheid – Ausbildungs- und Qualifizierungsbudget {year}",
    "intro": (
        "mein Zuwendungsbescheid vom {previous_date} über eine Zuwendung von bis zu "
        "{previous_total} für das Programmjahr {year} wird gemäß § 49 Abs. 3 des Hessischen "
        "Verwaltungsverfahrensgesetzes (HVwVfG) teilweise mit Wirkung für die Vergangenheit "
        "widerrufen. Die Zuwendung beträgt nunmehr bis zu {total}.\n\n"
        "Die widerrufenen Beträge je Projekt ergeben sich aus der nachstehenden "
        "Gegenüberstellung."
    ),
    "conditions": (
        "Soweit bereits ausgezahlte Mittel den nunmehr bewilligten Betrag übersteigen, sind sie "
        "nach § 49a HVwVfG zu erstatten; hierüber ergeht ein gesonderter Bescheid. Die übrigen "
        "Nebenbestimmungen des Bescheids vom {previous_date} gelten fort."
    ),
    "reasons": (
        "Nach § 49 Abs. 3 Satz 1 Nr. 1 HVwVfG kann ein Zuwendungsbescheid widerrufen werden, "
        "wenn die Zuwendung nicht oder nicht mehr für den im Bescheid bestimmten Zweck verwendet "
        "wird. Die in der Gegenüberstellung genannten Beträge werden für den Zuwendungszweck "
        "nicht mehr benötigt. Bei der Ausübung des Ermessens habe ich das öffentliche Interesse "
        "an der wirtschaftlichen und sparsamen Verwendung von Haushaltsmitteln gegen Ihr "
        "Interesse am Fortbestand des Bescheids abgewogen; Gründe, die einen Verzicht auf den "
        "Widerruf rechtfertigen würden, sind nicht ersichtlich."
    ),
    "remedy": _REMEDY,
    "closing": _CLOSING_GRANT,
}

RECLAIM: dict[str, str] = {
    "title": "Rückforderungsbescheid – Ausbildungs- und Qualifizierungsbudget {year}",
    "intro": (
        "nach Prüfung Ihres Verwendungsnachweises widerrufe ich meinen Zuwendungsbescheid vom "
        "{previous_date} nach § 49 Abs. 3 Satz 1 Nr. 1 des Hessischen "
        "Verwaltungsverfahrensgesetzes (HVwVfG) mit Wirkung für die Vergangenheit, soweit die "
        "Zuwendung nicht zweckentsprechend verwendet worden ist, und setze den von Ihnen zu "
        "erstattenden Betrag nach § 49a Abs. 1 HVwVfG fest. Der Erstattungsbetrag ist nach "
        "§ 49a Abs. 3 HVwVfG vom Tag der Auszahlung an zu verzinsen.\n\n"
        "Erstattungsbetrag, Zinsen und Fälligkeit ergeben sich aus der nachstehenden "
        "Aufstellung."
    ),
    "conditions": (
        "Bitte überweisen Sie den Gesamtbetrag bis zur angegebenen Fälligkeit unter Angabe des "
        "Aktenzeichens {reference}. Wird der Betrag nicht rechtzeitig gezahlt, werden für die "
        "weitere Zeit Zinsen in gleicher Höhe erhoben."
    ),
    "reasons": (
        "Die Prüfung des Verwendungsnachweises hat ergeben, dass ein Teil der ausgezahlten "
        "Zuwendung nicht für zuwendungsfähige Ausgaben verwendet worden ist. Insoweit liegen "
        "die Voraussetzungen für einen Widerruf nach § 49 Abs. 3 Satz 1 Nr. 1 HVwVfG vor; "
        "Gründe, die ein Absehen vom Widerruf rechtfertigen könnten, sind nicht ersichtlich. "
        "Der überzahlte Betrag ist nach § 49a Abs. 1 HVwVfG zu erstatten und nach § 49a Abs. 3 "
        "HVwVfG zu verzinsen. Die Zinsen sind je Auszahlung tagegenau berechnet."
    ),
    "remedy": _REMEDY,
    "closing": (
        "Für Rückfragen steht Ihnen das Dezernat 57 unter Angabe des Aktenzeichens {reference} "
        "gern zur Verfügung."
    ),
}

TEMPLATES: dict[str, dict[str, str]] = {
    DecisionKind.GRANT.value: GRANT,
    DecisionKind.AMENDMENT.value: AMENDMENT,
    DecisionKind.REVOCATION.value: REVOCATION,
    DecisionKind.RECLAIM.value: RECLAIM,
}

TEXT_FIELDS = ("title", "intro", "conditions", "reasons", "remedy", "closing")


def load(model: Any = None) -> int:
    """Create the reference templates that are missing (valid from 2011). `model` is the
    DecisionTemplate model, or its historical version in a data migration. Returns how many
    were created."""
    if model is None:
        from .models import DecisionTemplate

        model = DecisionTemplate
    created = 0
    for kind, texts in TEMPLATES.items():
        _template, was_created = model.objects.get_or_create(
            kind=kind, valid_from_year=VALID_FROM_YEAR, defaults=dict(texts)
        )
        created += int(was_created)
    return created
