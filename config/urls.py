from django.contrib import admin
from django.urls import include, path

from zielwerk.api import api

urlpatterns = [
    path("", include("zielwerk.home.urls")),
    path("", include("zielwerk.accounts.urls")),
    path("", include("zielwerk.organisations.urls")),
    path("", include("zielwerk.programmes.urls")),
    path("", include("zielwerk.agreements.urls")),
    path("", include("zielwerk.budgets.urls")),
    path("", include("zielwerk.projects.urls")),
    path("", include("zielwerk.grants.urls")),
    path("", include("zielwerk.participants.urls")),
    path("", include("zielwerk.steering.urls")),
    path("", include("zielwerk.surveys.urls")),
    path("", include("zielwerk.conferences.urls")),
    path("", include("zielwerk.practice.urls")),
    path("", include("zielwerk.portal.urls")),
    path("", include("zielwerk.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
