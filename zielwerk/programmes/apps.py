from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "zielwerk.programmes"
    label = "programmes"
    verbose_name = "Förderprogramm und Kataloge"
