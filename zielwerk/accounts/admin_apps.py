from django.contrib.admin.apps import AdminConfig


class ZielwerkAdminConfig(AdminConfig):
    default_site = "zielwerk.accounts.admin_site.ZielwerkAdminSite"
