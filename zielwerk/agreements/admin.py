"""The ministry edits the clause template (Vertragsmuster) here, without code."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zielwerk.core.admin import AuditedModelAdmin

from .clauses import PLACEHOLDERS, check_placeholders, clause_template_copy
from .models import ClauseBlock, ClauseTemplate


class ClauseBlockForm(forms.ModelForm):
    class Meta:
        model = ClauseBlock
        fields = ["position", "kind", "number", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "cols": 100})}

    def clean(self):
        cleaned = super().clean() or {}
        check_placeholders(f"{cleaned.get('title', '')}\n{cleaned.get('body', '')}")
        return cleaned


class ClauseBlockInline(admin.StackedInline):
    model = ClauseBlock
    form = ClauseBlockForm
    extra = 0


@admin.register(ClauseTemplate)
class ClauseTemplateAdmin(AuditedModelAdmin):
    list_display = ["name", "programme", "valid_from_year", "version", "created_at"]
    list_filter = ["programme"]
    inlines = [ClauseBlockInline]
    actions = ["copy_as_next_version", "copy_for_next_year"]
    readonly_fields = ["placeholder_help"]
    fields = ["programme", "name", "valid_from_year", "version", "note", "placeholder_help"]

    @admin.display(description=gettext_lazy("Platzhalter"))
    def placeholder_help(self, obj=None) -> str:
        return "; ".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items())

    def _copy(self, request, template: ClauseTemplate, *, year: int, version: int):
        return clause_template_copy(
            actor=request.user, template=template, year=year, version=version
        )

    @admin.action(description=gettext_lazy("Als neue Fassung kopieren (gleiches Jahr)"))
    def copy_as_next_version(self, request, queryset):
        for template in queryset:
            newest = (
                ClauseTemplate.objects.filter(
                    programme=template.programme, valid_from_year=template.valid_from_year
                )
                .order_by("-version")
                .first()
            )
            assert newest is not None
            copy = self._copy(
                request, template, year=template.valid_from_year, version=newest.version + 1
            )
            messages.success(request, _("Angelegt: %(copy)s") % {"copy": copy})

    @admin.action(description=gettext_lazy("Für das Folgejahr kopieren"))
    def copy_for_next_year(self, request, queryset):
        for template in queryset:
            year = template.valid_from_year + 1
            if ClauseTemplate.objects.filter(
                programme=template.programme, valid_from_year=year
            ).exists():
                messages.error(
                    request,
                    _("Für %(year)s gibt es schon ein Vertragsmuster.") % {"year": year},
                )
                continue
            copy = self._copy(request, template, year=year, version=1)
            messages.success(request, _("Angelegt: %(copy)s") % {"copy": copy})
