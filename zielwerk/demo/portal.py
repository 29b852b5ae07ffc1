"""The demo's public portal: Wiesbaden 2024 (published in data.py) gets its signed PDF, so the
portal offers PDF, JSON and CSV; plus one invented feedback entry for the ministry's list.

The real signed scan of Wiesbaden 2024 is not part of the demo: the agreement's own PDF/A
rendering stands in for it and is stored as the signed document, dated as the signing
(12.07.2024). Idempotent: nothing is stored twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEMO_FEEDBACK = (
    "(Demo, erfunden) Die Tabelle mit den Kennzahlen lässt sich auf meinem Telefon nur seitlich "
    "verschieben. Gibt es die Zahlen auch als Liste?"
)


def _store_signed_pdf(report: list[str]) -> None:
    import hashlib

    from django.core.files.base import ContentFile
    from django.db import transaction

    from zielwerk.accounts.models import User
    from zielwerk.agreements.choices import Party
    from zielwerk.agreements.exports import render_version
    from zielwerk.agreements.selectors import published_version_get
    from zielwerk.agreements.services import check_signed_pdf
    from zielwerk.core.audit import audit_record

    version = published_version_get(year=2024, region_slug="wiesbaden")
    if version is None or version.signed_pdf:
        return
    signed_on = (
        version.signatures.filter(party=Party.REGION).values_list("signed_on", flat=True).first()
    ) or dt.date(2024, 7, 12)
    content = render_version(version, "pdf")
    upload = ContentFile(content, name="unterzeichnet.pdf")
    sha256 = check_signed_pdf(upload)
    assert sha256 == hashlib.sha256(content).hexdigest()
    # No service stores a scan on an already published version (signing does it in the
    # workflow); the demo records it the same way, audited, in one transaction.
    with transaction.atomic():
        version.signed_pdf.save(
            f"zielvereinbarung-2024-wiesbaden-fassung-{version.number}-unterzeichnet-"
            f"{signed_on:%Y-%m-%d}.pdf",
            upload,
            save=False,
        )
        version.signed_pdf_sha256 = sha256
        version.save(update_fields=["signed_pdf", "signed_pdf_sha256"])
        audit_record(
            actor=User.objects.get(username="admin"),
            action="agreement.signed_pdf_demo",
            obj=version,
            changes={
                "signed_pdf": [None, version.signed_pdf.name],
                "signed_pdf_sha256": [None, sha256],
            },
            reason=(
                "Demo: das eigene PDF/A der Fassung steht für den unterschriebenen Scan vom "
                f"{signed_on:%d.%m.%Y}."
            ),
        )
    report.append("Portal: unterzeichnetes PDF der Zielvereinbarung Wiesbaden 2024 hinterlegt")


def _feedback(report: list[str]) -> None:
    from zielwerk.portal.models import Feedback
    from zielwerk.portal.services import feedback_submit

    if Feedback.objects.filter(message=DEMO_FEEDBACK).exists():
        return
    feedback_submit(
        actor=None,
        message=DEMO_FEEDBACK,
        page_url="/portal/kennzahlen/2024/",
        received_at=timezone.now() - dt.timedelta(days=10),
    )
    report.append("Portal: eine Rückmeldung (erfunden) angelegt")


def seed_portal(report: list[str]) -> None:
    _store_signed_pdf(report)
    _feedback(report)
