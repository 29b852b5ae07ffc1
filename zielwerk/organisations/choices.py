from django.db import models


class OrganisationKind(models.TextChoices):
    STATE = "state", "Land"
    MINISTRY = "ministry", "Ministerium"
    AUTHORITY = "authority", "Bewilligungsbehörde"
    REGION = "region", "Gebietskörperschaft"
    PROVIDER = "provider", "Träger"


# Kinds whose existence and name are public facts; providers are visible only where they work.
PUBLIC_SECTOR_KINDS = (
    OrganisationKind.STATE,
    OrganisationKind.MINISTRY,
    OrganisationKind.AUTHORITY,
    OrganisationKind.REGION,
)


class RegionKind(models.TextChoices):
    DISTRICT = "landkreis", "Landkreis"
    CITY = "kreisfreie_stadt", "Kreisfreie Stadt"
