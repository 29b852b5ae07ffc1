"""Funding sources, earmarks and indicators are maintained here; keys and allocations change only
through their services (pages under /haushalt/), so the admin shows them read-only."""

from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import AllocationVersion, DistributionKey, Earmark, FundingSource, Indicator


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedModelAdmin):
    list_display = ["programme_year", "kind", "amount", "note"]
    list_filter = ["programme_year", "kind"]


@admin.register(Earmark)
class EarmarkAdmin(AuditedModelAdmin):
    list_display = ["name", "programme_year", "amount", "mode"]
    list_filter = ["programme_year", "mode"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "unit", "source"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(AuditedModelAdmin):
    """Viewable by whoever may enter the admin; never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DistributionKey)
class DistributionKeyAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme_year", "total", "is_manual", "published_at"]
    list_filter = ["programme_year", "is_manual"]


@admin.register(AllocationVersion)
class AllocationVersionAdmin(ReadOnlyAdmin):
    list_display = ["allocation", "number", "status", "amount", "effective_on", "invented"]
    list_filter = ["status", "invented"]
