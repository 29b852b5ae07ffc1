from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "zielwerk.organisations"
    label = "organisations"
    verbose_name = "Organisationen und Gebietskörperschaften"
