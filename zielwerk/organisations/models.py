from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zielwerk.core.validity import ValidityMixin, ValidityQuerySet, validity_constraint

from .choices import OrganisationKind, RegionKind
from .querysets import OrganisationQuerySet, RegionQuerySet


class AdministrativeDistrict(ValidityMixin):
    """Regierungsbezirk (Darmstadt, Gießen, Kassel)."""

    key = models.CharField(
        _("Schlüssel"), max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$")]
    )
    name = models.CharField(_("Name"), max_length=100)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")
        ordering = ["key"]
        constraints = [validity_constraint("district_validity_order")]

    def __str__(self) -> str:
        return f"Regierungsbezirk {self.name}"


class Organisation(ValidityMixin):
    """Every body that takes part: the Land, the ministry, the grant authority, the region
    administrations and the providers. Names that change over time live in OrganisationName."""

    kind = models.CharField(_("Art"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(
        _("Name"), max_length=200, help_text=_("Aktueller Name; frühere Namen unter „Namen“.")
    )
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    slug = models.SlugField(_("Kennung"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.CharField(
        _("Organisationseinheit"), max_length=200, blank=True, help_text=_("z. B. „Dezernat 57“")
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    regions: models.ManyToManyField = models.ManyToManyField(
        "Region",
        verbose_name=_("tätig für"),
        blank=True,
        related_name="providers",
        help_text=_("Nur für Träger: die Gebietskörperschaften, für die er Projekte durchführt."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["kind", "name"]
        constraints = [validity_constraint("organisation_validity_order")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation_detail", kwargs={"slug": self.slug})

    def name_on(self, day: dt.date) -> str:
        """The name the organisation carried on that day (falls back to the current name)."""
        for entry in self.names.all():
            if entry.is_valid_on(day):
                return entry.name
        return self.name


class OrganisationName(ValidityMixin):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Abkürzung"), max_length=30, blank=True)
    source = models.CharField(
        _("Quelle / Genauigkeit"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Beginn nur jahresgenau bekannt“"),
    )

    class Meta:
        verbose_name = _("Name im Zeitverlauf")
        verbose_name_plural = _("Namen im Zeitverlauf")
        ordering = ["organisation", "valid_from"]
        constraints = [validity_constraint("organisation_name_validity_order")]

    def __str__(self) -> str:
        return self.name


class Region(ValidityMixin):
    """Gebietskörperschaft: a Landkreis or kreisfreie Stadt, the only eligible applicant."""

    ags = models.CharField(
        _("Kreisschlüssel (AGS)"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^06\d{3}$", _("Hessische Kreisschlüssel beginnen mit 06."))],
        help_text=_("Leer, solange der amtliche Schlüssel nicht bestätigt ist."),
    )
    name = models.CharField(_("Name"), max_length=100)
    official_name = models.CharField(
        _("amtliche Bezeichnung"), max_length=200, help_text=_("z. B. „Landeshauptstadt Wiesbaden“")
    )
    code = models.CharField(
        _("Kürzel"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{1,6}$", _("Nur Großbuchstaben A–Z, höchstens sechs."))],
        help_text=_("Zielwerk-internes Kürzel für Projektnummern, z. B. WI in WI-2024-FIB."),
    )
    slug = models.SlugField(_("Kennung"), max_length=80, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=RegionKind.choices)
    district = models.ForeignKey(
        AdministrativeDistrict,
        verbose_name=_("Regierungsbezirk"),
        on_delete=models.PROTECT,
        related_name="regions",
    )
    administration = models.OneToOneField(
        Organisation,
        verbose_name=_("Verwaltung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="region",
        limit_choices_to={"kind": OrganisationKind.REGION},
    )
    note = models.TextField(_("Hinweis"), blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gebietskörperschaft")
        verbose_name_plural = _("Gebietskörperschaften")
        ordering = ["name"]
        constraints = [
            validity_constraint("region_validity_order"),
            models.UniqueConstraint(
                fields=["ags"], condition=~Q(ags=""), name="region_ags_unique_when_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name
