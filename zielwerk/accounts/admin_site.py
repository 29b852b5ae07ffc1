from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .permissions import is_admin


class ZielwerkAdminSite(admin.AdminSite):
    """The Django admin is the Fachadministration's tool for reference data and accounts:
    open to the admin role (and superusers), not to every `is_staff` account."""

    site_header = _("Zielwerk – Stammdaten")
    site_title = _("Zielwerk Admin")
    index_title = _("Referenzdaten und Konten")

    def has_permission(self, request):
        return request.user.is_active and is_admin(request.user)
