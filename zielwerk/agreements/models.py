"""Zielvereinbarung: one agreement per region and programme year, in versions.

A version keeps its own text (clauses copied from the programme's clause template when it is
created), its amount, projects, key figures and signatures, so that a signed version never changes
when the template is edited for a later year.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import AgreementStatus, BlockKind, Party, VersionKind


class ClauseTemplateQuerySet(models.QuerySet):
    def for_year(self, programme, year: int):
        """The newest template version that applies to the year."""
        return (
            self.filter(programme=programme, valid_from_year__lte=year)
            .order_by("-valid_from_year", "-version")
            .first()
        )


class ClauseTemplate(models.Model):
    """The programme's wording of the agreement (Vertragsmuster), versioned per year."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("Förderprogramm"),
        on_delete=models.PROTECT,
        related_name="clause_templates",
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    valid_from_year = models.PositiveIntegerField(_("gilt ab Programmjahr"))
    version = models.PositiveIntegerField(_("Fassung"), default=1)
    note = models.TextField(_("Hinweis"), blank=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    objects = ClauseTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vertragsmuster")
        verbose_name_plural = _("Vertragsmuster")
        ordering = ["programme", "-valid_from_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "valid_from_year", "version"], name="clause_template_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (ab {self.valid_from_year}, Fassung {self.version})"


class ClauseBlock(models.Model):
    """One block of the template: the title block or a section (preamble, §§ 1–7).

    The body is plain text: blank lines separate paragraphs, '#### ' starts a sub-heading,
    '- ' a list item, **…** marks bold; {placeholders} are filled per region and year
    (see zielwerk/agreements/clauses.py for the list)."""

    template = models.ForeignKey(
        ClauseTemplate,
        verbose_name=_("Vertragsmuster"),
        on_delete=models.CASCADE,
        related_name="blocks",
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    kind = models.CharField(_("Art"), max_length=20, choices=BlockKind.choices)
    number = models.CharField(_("Nummer"), max_length=20, blank=True, help_text=_("z. B. § 4"))
    title = models.CharField(_("Überschrift"), max_length=300, blank=True)
    body = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Textbaustein")
        verbose_name_plural = _("Textbausteine")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="clause_block_unique")
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.number, self.title) if part) or str(self.kind)


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_wide:
            return self.all()
        return self.filter(region__administration_id__in=user.organisation_ids)

    def published(self):
        return self.filter(versions__published_at__isnull=False).distinct()

    def with_current(self):
        """Annotate number, status and amount of the newest version (one query for a list)."""
        newest = AgreementVersion.objects.filter(agreement=models.OuterRef("pk")).order_by(
            "-number"
        )
        return self.annotate(
            current_number=models.Subquery(newest.values("number")[:1]),
            current_status=models.Subquery(newest.values("status")[:1]),
            current_amount=models.Subquery(newest.values("amount")[:1]),
            current_kind=models.Subquery(newest.values("kind")[:1]),
        )


class Agreement(models.Model):
    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zielvereinbarung")
        verbose_name_plural = _("Zielvereinbarungen")
        ordering = ["-programme_year__year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "region"], name="agreement_unique")
        ]

    def __str__(self) -> str:
        return f"Zielvereinbarung {self.programme_year.year} – {self.region}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", kwargs={"pk": self.pk})

    @property
    def current(self) -> AgreementVersion | None:
        return self.versions.order_by("-number").first()

    @property
    def published_version(self) -> AgreementVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class AgreementVersion(models.Model):
    """Fassung. Saving a change in draft or negotiation creates the next version; an amendment
    (Änderungsvereinbarung) is a version that `amends` a signed one."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("Zielvereinbarung"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("Fassung"), validators=[MinValueValidator(1)])
    kind = models.CharField(
        _("Art"), max_length=20, choices=VersionKind.choices, default=VersionKind.ORIGINAL
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("ändert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    clause_template = models.ForeignKey(
        ClauseTemplate,
        verbose_name=_("Vertragsmuster"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ministry_name = models.CharField(
        _("Name des Ministeriums"),
        max_length=200,
        help_text=_("Der am Vereinbarungsdatum gültige Name."),
    )
    ministry_short_name = models.CharField(_("Abkürzung des Ministeriums"), max_length=30)
    region_name = models.CharField(
        _("amtliche Bezeichnung der Gebietskörperschaft"), max_length=200
    )
    amount = models.DecimalField(
        _("Haushaltsmittel (§ 4)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    change_note = models.CharField(_("Änderungsvermerk"), max_length=500, blank=True)
    signed_pdf = models.FileField(
        _("unterzeichnetes PDF"), upload_to="agreements/signed/", blank=True
    )
    signed_pdf_sha256 = models.CharField(_("SHA-256 des PDF"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erstellt von"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="agreement_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · Fassung {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:version_detail",
            kwargs={"pk": self.agreement_id, "number": self.number},
        )


class VersionClause(models.Model):
    """The version's own copy of a template block (placeholders not yet filled)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    kind = models.CharField(_("Art"), max_length=20, choices=BlockKind.choices)
    number = models.CharField(_("Nummer"), max_length=20, blank=True)
    title = models.CharField(_("Überschrift"), max_length=300, blank=True)
    body = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="version_clause_unique")
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.number, self.title) if part) or str(self.kind)


class VersionProject(models.Model):
    """A project named in § 5 of a version, in the agreed order."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="version_projects"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("Projekt"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))

    class Meta:
        verbose_name = _("Projekt der Fassung")
        verbose_name_plural = _("Projekte der Fassung")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "project"], name="version_project_unique")
        ]

    def __str__(self) -> str:
        return str(self.project)


class KeyFigure(models.Model):
    """Eckdaten: figures agreed beside the amount (e.g. planned participants)."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="key_figures"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    label = models.CharField(_("Bezeichnung"), max_length=200)
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Eckdatum")
        verbose_name_plural = _("Eckdaten")
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class Signature(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("Vertragspartei"), max_length=20, choices=Party.choices)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    name = models.CharField(_("Name"), max_length=200)
    function_lines = models.TextField(
        _("Funktion"), help_text=_("Eine Zeile je Zeile des Unterschriftenblocks.")
    )
    place = models.CharField(_("Ort"), max_length=100)
    signed_on = models.DateField(_("Datum"), null=True, blank=True)

    class Meta:
        verbose_name = _("Unterschrift")
        verbose_name_plural = _("Unterschriften")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="signature_one_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_party_display()})"

    @property
    def functions(self) -> list[str]:
        return [line.strip() for line in self.function_lines.splitlines() if line.strip()]


class Comment(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class Attachment(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="agreements/attachments/")
    original_name = models.CharField(
        _("ursprünglicher Dateiname"),
        max_length=255,
        blank=True,
        help_text=_("So heißt die Datei beim Herunterladen."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("hochgeladen"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["version", "uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The name the file had when it was uploaded (the stored name is Zielwerk's own)."""
        return self.original_name or PurePosixPath(self.file.name).name
