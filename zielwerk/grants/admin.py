"""The decision templates can also be maintained in the admin (audited); decisions change only
through their services (pages under /bescheide/), so the admin shows them read-only."""

from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import Decision, DecisionItem, DecisionTemplate


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(AuditedModelAdmin):
    list_display = ["kind", "valid_from_year", "title", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["updated_at", "updated_by"]


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    extra = 0
    fields = ("project", "applied", "approved", "reason")
    readonly_fields = ("project", "applied", "approved", "reason")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(AuditedModelAdmin):
    list_display = ["reference", "kind", "number", "status", "total", "issued_on"]
    list_filter = ["kind", "status"]
    search_fields = ["reference"]
    inlines = [DecisionItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
