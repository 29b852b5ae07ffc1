from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zielwerk.notifications"
    label = "notifications"
    verbose_name = "Benachrichtigungen"
