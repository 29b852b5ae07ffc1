"""The monitoring vocabulary: stable English codes, German labels. The import format's German
values (the labels of IMPORT_VALUES in importing.py) map onto these codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("weiblich")
    MALE = "male", _("männlich")
    NON_BINARY = "non_binary", _("nicht-binär")
    DIVERSE = "diverse", _("divers")


class Entitlement(models.TextChoices):
    """Rechtskreis; the codes are those of programmes.Entitlement."""

    SGB2 = "sgb2", _("SGB II")
    SGB3 = "sgb3", _("SGB III")
    SGB8 = "sgb8", _("SGB VIII")
    SGB12 = "sgb12", _("SGB XII")
    ASYLBLG = "asylblg", _("AsylbLG")


class EmploymentStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("arbeitslos")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("langzeitarbeitslos")
    INACTIVE = "inactive", _("nicht erwerbstätig")
    EMPLOYED = "employed", _("erwerbstätig")


class EducationLevel(models.TextChoices):
    ISCED_0_2 = "isced_0_2", _("ISCED 0-2")
    ISCED_3_4 = "isced_3_4", _("ISCED 3-4")
    ISCED_5_8 = "isced_5_8", _("ISCED 5-8")


class YesNoNotStated(models.TextChoices):
    """Voluntary special-category data (Art. 9 GDPR): 'not stated' is a full answer."""

    YES = "yes", _("ja")
    NO = "no", _("nein")
    NOT_STATED = "not_stated", _("keine Angabe")


class ExitReason(models.TextChoices):
    REGULAR = "regular", _("regulär")
    EARLY = "early", _("vorzeitig")


class SituationAfterExit(models.TextChoices):
    """Verbleib within four weeks of leaving (ESF+ EECR01–EECR04)."""

    JOB_SEARCH = "job_search", _("Arbeitssuche")
    EDUCATION = "education", _("Schule oder Ausbildung")
    QUALIFICATION = "qualification", _("Qualifikation erworben")
    EMPLOYMENT = "employment", _("Beschäftigung")
    OTHER = "other", _("Sonstiges")


class FollowUpSituation(models.TextChoices):
    """Six months after leaving, with consent (ESF+ EECR05–EECR06)."""

    EMPLOYED = "employed", _("beschäftigt, auch selbständig")
    IMPROVED = "improved", _("bessere Situation auf dem Arbeitsmarkt")
    EDUCATION = "education", _("in Schule oder Ausbildung")
    UNEMPLOYED = "unemployed", _("arbeitslos oder nicht erwerbstätig")
    UNKNOWN = "unknown", _("nicht erreicht")


class AccessKind(models.TextChoices):
    VIEW = "view", _("Datensatz angesehen")
    LIST = "list", _("Liste von Datensätzen angesehen")
    EXPORT = "export", _("exportiert")
    IMPORT = "import", _("importiert")
    API = "api", _("über die API gelesen")
