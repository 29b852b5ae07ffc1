from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import CostItem, FundingItem, Project


class CostItemInline(admin.TabularInline):
    model = CostItem
    extra = 0


class FundingItemInline(admin.TabularInline):
    model = FundingItem
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "region", "programme_year", "measure_type", "provider"]
    list_filter = ["programme_year", "measure_type"]
    search_fields = ["code", "name"]
    inlines = [CostItemInline, FundingItemInline]
