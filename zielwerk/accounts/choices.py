from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are stable English codes with German labels; never match on the label."""

    MINISTRY_STAFF = "ministry_staff", _("Ministerium (Fachreferat)")
    AUTHORITY_STAFF = "authority_staff", _("Bewilligungsbehörde")
    REGION_COORDINATOR = "region_coordinator", _("Koordination Gebietskörperschaft")
    PROVIDER_STAFF = "provider_staff", _("Träger")
    ADMIN = "admin", _("Fachadministration")
