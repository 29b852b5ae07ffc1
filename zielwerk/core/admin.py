"""Admin helpers: reference-data edits through the Django admin are audited like any service."""

from __future__ import annotations

from django.contrib import admin
from django.db import models, transaction

from .audit import _plain, audit_record
from .models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Whoever may enter the admin site may edit reference data (the site decides who that is);
    every save and delete writes an audit entry, inline rows included."""

    def _site_allows(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self._site_allows(request)

    def has_view_permission(self, request, obj=None):
        return self._site_allows(request)

    def has_add_permission(self, request):
        return self._site_allows(request)

    def has_change_permission(self, request, obj=None):
        return self._site_allows(request)

    def has_delete_permission(self, request, obj=None):
        return self._site_allows(request)

    def _field_changes(self, obj, form, change):
        concrete = {f.name for f in obj._meta.concrete_fields}
        fields = [name for name in form.changed_data if name in concrete]
        if not change:
            return {name: [None, _plain(getattr(obj, name))] for name in fields}
        old = type(obj)._default_manager.get(pk=obj.pk)
        return {name: [_plain(getattr(old, name)), _plain(getattr(obj, name))] for name in fields}

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            changes = self._field_changes(obj, form, change)
            super().save_model(request, obj, form, change)
            verb = "update" if change else "create"
            audit_record(
                actor=request.user,
                action=f"admin.{obj._meta.model_name}.{verb}",
                obj=obj,
                changes=changes,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, action=f"admin.{obj._meta.model_name}.delete", obj=obj)
            super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                audit_record(
                    actor=request.user, action=f"admin.{obj._meta.model_name}.delete", obj=obj
                )
                obj.delete()
            for obj in instances:
                old = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
                fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
                changes = {
                    name: [_plain(getattr(old, name)) if old else None, _plain(getattr(obj, name))]
                    for name in fields
                    if old is None or getattr(old, name) != getattr(obj, name)
                }
                obj.save()
                audit_record(
                    actor=request.user,
                    action=f"admin.{obj._meta.model_name}.{'update' if old else 'create'}",
                    obj=obj,
                    changes=changes,
                )
            formset.save_m2m()

    def delete_queryset(self, request, queryset: models.QuerySet):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "object_repr", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_label", "action", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
