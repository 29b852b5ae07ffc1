from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zielwerk.core.validity import ValidityMixin, ValidityQuerySet, validity_constraint

from .choices import Role


class User(AbstractUser):
    """A person with a login. What they may do follows from their memberships."""

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    def active_memberships(self, day: dt.date | None = None) -> list[Membership]:
        day = day or timezone.localdate()
        return list(self.memberships.valid_on(day).select_related("organisation").order_by("pk"))

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        return frozenset(m.role for m in self.active_memberships())

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        return frozenset(m.organisation_id for m in self.active_memberships())

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_programme_wide(self) -> bool:
        """Ministry, grant authority and administrators see every region."""
        return self.is_superuser or self.has_role(
            Role.MINISTRY_STAFF, Role.AUTHORITY_STAFF, Role.ADMIN
        )

    @property
    def primary_membership(self) -> Membership | None:
        memberships = self.active_memberships()
        return memberships[0] if memberships else None


class MembershipQuerySet(ValidityQuerySet):
    pass


class Membership(ValidityMixin):
    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("Rolle"), max_length=32, choices=Role.choices)
    function = models.CharField(
        _("Funktion"), max_length=200, blank=True, help_text=_("z. B. „Referentin AQB“")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            validity_constraint("membership_validity_order"),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "valid_from"],
                name="membership_unique_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_username()} – {self.get_role_display()}, {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for machine access. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Bezeichnung"), max_length=100, default="API-Zugang")
    prefix = models.CharField(_("Anfang des Tokens"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    expires_at = models.DateTimeField(_("läuft ab"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
