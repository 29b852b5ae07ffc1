"""Downloads of rendered agreements (kept apart from the agreement pages in views.py)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views import View

from zielwerk.core.audit import audit_record
from zielwerk.programmes.models import ProgrammeYear

from .exports import agreements_zip, zip_file_count
from .permissions import is_ministry
from .rendering import FORMATS


class AgreementYearZipView(LoginRequiredMixin, View):
    """All agreements of a programme year as one ZIP, for the ministry (and the administration).

    ?format=pdf (default), docx, md or html; ?programm=<code> only where a year exists in several
    programmes. The export is logged in the audit trail."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_ministry(request.user):
            raise PermissionDenied(
                _("Alle Zielvereinbarungen eines Jahres lädt nur das Ministerium herunter.")
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, year: int):
        fmt = request.GET.get("format", "pdf")
        if fmt not in FORMATS:
            raise Http404(_("Dieses Format gibt es nicht."))
        years = ProgrammeYear.objects.filter(year=year).select_related("programme")
        if programme := request.GET.get("programm"):
            years = years.filter(programme__code=programme)
        found = list(years[:2])
        if len(found) != 1:
            raise Http404(_("Dieses Programmjahr gibt es nicht."))
        programme_year = found[0]
        data = agreements_zip(programme_year, fmt)
        count = zip_file_count(data)
        if not count:
            raise Http404(_("Für dieses Programmjahr gibt es noch keine Zielvereinbarungen."))
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="agreement.export_zip",
                obj=programme_year,
                changes={"format": [None, fmt], "count": [None, count]},
            )
        response = HttpResponse(data, content_type="application/zip")
        name = f"Zielvereinbarungen_{programme_year.programme.code.upper()}_{year}_{fmt}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
