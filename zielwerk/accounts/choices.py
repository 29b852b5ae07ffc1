from django.db import models


class Role(models.TextChoices):
    """Roles are stable English codes with German labels; never match on the label."""

    MINISTRY_STAFF = "ministry_staff", "Ministerium (Fachreferat)"
    AUTHORITY_STAFF = "authority_staff", "Bewilligungsbehörde"
    REGION_COORDINATOR = "region_coordinator", "Koordination Gebietskörperschaft"
    PROVIDER_STAFF = "provider_staff", "Träger"
    ADMIN = "admin", "Fachadministration"
