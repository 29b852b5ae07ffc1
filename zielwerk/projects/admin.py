from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import Project


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "region", "programme_year", "measure_type"]
    list_filter = ["programme_year", "measure_type"]
    search_fields = ["code", "name"]
