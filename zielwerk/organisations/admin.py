from django.contrib import admin

from zielwerk.core.admin import AuditedModelAdmin

from .models import AdministrativeDistrict, Organisation, OrganisationName, Region


class OrganisationNameInline(admin.TabularInline):
    model = OrganisationName
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "short_name", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions"]
    inlines = [OrganisationNameInline]


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "ags", "code", "district", "valid_from", "valid_to"]
    list_filter = ["kind", "district"]
    search_fields = ["name", "official_name", "ags", "code"]


@admin.register(AdministrativeDistrict)
class AdministrativeDistrictAdmin(AuditedModelAdmin):
    list_display = ["name", "key", "valid_from", "valid_to"]
