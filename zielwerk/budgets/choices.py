from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingKind(models.TextChoices):
    LAND = "land", _("Landesmittel")
    ESF_PLUS = "esf_plus", _("ESF+")


class EarmarkMode(models.TextChoices):
    POT = "pot", _("landesweiter Topf (auf Antrag)")
    DISTRIBUTED = "distributed", _("verteilt auf die Gebietskörperschaften")


class AllocationStatus(models.TextChoices):
    ANNOUNCED = "announced", _("mitgeteilt")
    REVISED = "revised", _("geändert")
    FINAL = "final", _("endgültig")
