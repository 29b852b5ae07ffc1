from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "zielwerk.home"
    label = "home"
    verbose_name = "Arbeitsbereich"
