"""Rendered agreements as files: file names and the ZIP of a programme year.

Read-only (no audit here): the caller that hands the file to a person logs the export.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .document import build_document
from .models import Agreement, AgreementVersion, Attachment
from .rendering import UnknownFormat, get_format
from .services.data import ATTACHMENT_TYPES

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def file_name_part(text: str) -> str:
    """ASCII for a file name that every unzip tool shows alike: 'Groß-Gerau' -> 'Gross-Gerau',
    'Frankfurt am Main' -> 'Frankfurt-am-Main'."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_GERMAN))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def export_filename(version: AgreementVersion, fmt: str) -> str:
    """'2024_06414_Wiesbaden_Fassung-1.pdf'; the region code stands in for a missing AGS key."""
    agreement = version.agreement
    region = agreement.region
    key = region.ags or region.code
    extension = get_format(fmt).extension
    return (
        f"{agreement.programme_year.year}_{key}_{file_name_part(region.name)}"
        f"_Fassung-{version.number}.{extension}"
    )


def render_version(version: AgreementVersion, fmt: str) -> bytes:
    return get_format(fmt).render(build_document(version))


def year_agreements(programme_year):
    return (
        Agreement.objects.filter(programme_year=programme_year)
        .select_related("region", "programme_year")
        .order_by("region__name")
    )


def agreements_zip(programme_year, fmt: str = "pdf") -> bytes:
    """All agreements of the programme year, each in its current version, one file per region."""
    get_format(fmt)  # an unknown format fails before any work is done
    stamp = timezone.localtime().timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for agreement in year_agreements(programme_year):
            version = agreement.current
            if version is None:
                continue
            version.agreement = agreement  # keep the loaded region and year
            info = zipfile.ZipInfo(export_filename(version, fmt), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, render_version(version, fmt))
    return buffer.getvalue()


def zip_file_count(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return len(archive.namelist())


def _allow_own_style_elements(response: HttpResponse, page: bytes) -> None:
    """The standalone HTML document carries its stylesheet inline (it must stay readable when
    saved); the Content Security Policy of this one response allows exactly that stylesheet by
    its hash, nothing else inline."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(css).digest()).decode("ascii") + "'"
        for css in re.findall(rb"<style>(.*?)</style>", page, flags=re.DOTALL)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]


def document_response(version: AgreementVersion, fmt: str) -> HttpResponse:
    """A rendered version as a download; unknown formats answer 404."""
    try:
        spec = get_format(fmt)
    except UnknownFormat as error:
        raise Http404(str(error)) from error
    content = render_version(version, fmt)
    response = HttpResponse(content, content_type=spec.content_type)
    if fmt == "html":
        _allow_own_style_elements(response, content)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export_filename(version, fmt)}"'
    return response


def signed_pdf_response(version: AgreementVersion) -> FileResponse:
    """The uploaded signed PDF, byte for byte; from private storage, served only through views."""
    if not version.signed_pdf:
        raise Http404(_("Zu dieser Fassung ist kein unterzeichnetes PDF hinterlegt."))
    try:
        handle = version.signed_pdf.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Die Datei des unterzeichneten PDF ist nicht mehr vorhanden.")) from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=PurePosixPath(version.signed_pdf.name).name,
        content_type="application/pdf",
    )


def attachment_response(attachment: Attachment) -> FileResponse:
    """An Anlage, byte for byte as uploaded and under its original file name; from private
    storage, served only through views."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("Die Datei dieser Anlage ist nicht mehr vorhanden.")) from error
    name = attachment.download_name
    kind = ATTACHMENT_TYPES.get(PurePosixPath(name).suffix.lower().removeprefix("."))
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
