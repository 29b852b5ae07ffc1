from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zielwerk.accounts"
    label = "accounts"
    verbose_name = "Konten und Rollen"
