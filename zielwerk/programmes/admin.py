from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import Entitlement, MeasureType, Participation, Programme, ProgrammeYear, TargetGroup


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "first_year"]


@admin.register(ProgrammeYear)
class ProgrammeYearAdmin(AuditedModelAdmin):
    list_display = ["__str__", "status", "budget_total", "application_deadline"]
    list_filter = ["programme", "status"]
    inlines = [ParticipationInline]


@admin.register(MeasureType)
class MeasureTypeAdmin(AuditedModelAdmin):
    list_display = ["number", "name", "programme", "valid_from_year", "valid_to_year"]


@admin.register(TargetGroup)
class TargetGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "programme", "confirmed", "valid_from_year", "valid_to_year"]
    list_filter = ["confirmed"]


@admin.register(Entitlement)
class EntitlementAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "description", "valid_from", "valid_to"]
