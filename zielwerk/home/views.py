from __future__ import annotations

import csv

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from zielwerk.accounts.permissions import can_view_audit
from zielwerk.core.audit import audit_record
from zielwerk.core.formats import format_datetime
from zielwerk.core.models import AuditEntry
from zielwerk.core.spreadsheets import safe_row

from .forms import AuditFilterForm
from .selectors import start_page_for


class StartView(LoginRequiredMixin, TemplateView):
    template_name = "home/start.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=start_page_for(self.request.user), **kwargs)


class AuditAccessMixin(LoginRequiredMixin):
    request: HttpRequest

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            can_view_audit(request.user).enforce()
        return super().dispatch(request, *args, **kwargs)

    def filtered_entries(self):
        self.filter_form = AuditFilterForm(self.request.GET or None)
        return self.filter_form.filter(AuditEntry.objects.select_related("content_type"))


class AuditListView(AuditAccessMixin, ListView):
    template_name = "home/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return self.filtered_entries()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class _Echo:
    def write(self, value):
        return value


class AuditExportView(AuditAccessMixin, View):
    """CSV export of the filtered audit trail; the export itself is logged."""

    def get(self, request):
        entries = self.filtered_entries()
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="audit.export",
                obj=request.user,
                changes={"filter": [None, request.GET.urlencode()]},
            )
        writer = csv.writer(_Echo(), delimiter=";")
        header = [
            _("Zeitpunkt"),
            _("Person"),
            _("Aktion"),
            _("Objekttyp"),
            _("Objekt-ID"),
            _("Objekt"),
            _("Änderungen"),
            _("Begründung"),
        ]

        def rows():
            yield "\ufeff" + writer.writerow(safe_row(header))
            for entry in entries.iterator(chunk_size=2000):
                yield writer.writerow(
                    safe_row(
                        [
                            format_datetime(entry.created_at),
                            entry.actor_label,
                            entry.action,
                            entry.content_type.model,
                            entry.object_id,
                            entry.object_repr,
                            "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in entry.changes.items()),
                            entry.reason,
                        ]
                    )
                )

        stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="zielwerk-protokoll-{stamp}.csv"'
        return response
