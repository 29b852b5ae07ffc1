from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zielwerk.core"
    label = "core"
    verbose_name = "Kern"
