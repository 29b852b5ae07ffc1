from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    STATE = "state", _("Land")
    MINISTRY = "ministry", _("Ministerium")
    AUTHORITY = "authority", _("Bewilligungsbehörde")
    REGION = "region", pgettext_lazy("organisation kind", "Gebietskörperschaft")
    PROVIDER = "provider", _("Träger")


# Kinds whose existence and name are public facts; providers are visible only where they work.
PUBLIC_SECTOR_KINDS = (
    OrganisationKind.STATE,
    OrganisationKind.MINISTRY,
    OrganisationKind.AUTHORITY,
    OrganisationKind.REGION,
)


class RegionKind(models.TextChoices):
    DISTRICT = "landkreis", _("Landkreis")
    CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")
