from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("benachrichtigungen/", views.NotificationListView.as_view(), name="notification_list"),
    path(
        "benachrichtigungen/<int:pk>/gelesen/",
        views.NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "benachrichtigungen/alle-gelesen/",
        views.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
]
