from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    NEGOTIATION = "negotiation", _("in Verhandlung")
    AGREED = "agreed", _("abgestimmt")
    SIGNED = "signed", _("unterzeichnet")
    PUBLISHED = "published", _("veröffentlicht")


class VersionKind(models.TextChoices):
    ORIGINAL = "original", _("Zielvereinbarung")
    AMENDMENT = "amendment", _("Änderungsvereinbarung")


class Party(models.TextChoices):
    MINISTRY = "ministry", _("Ministerium")
    REGION = "region", _("Gebietskörperschaft")


class BlockKind(models.TextChoices):
    TITLE = "title", _("Titelblock")
    SECTION = "section", _("Abschnitt")
