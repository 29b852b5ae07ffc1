from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zielwerk.demo"
    label = "demo"
    verbose_name = "Demodaten"
