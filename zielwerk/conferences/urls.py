"""Conference pages under /konferenzen/."""

from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("konferenzen/", views.ConferenceListView.as_view(), name="conference_list"),
    path("konferenzen/neu/", views.ConferenceCreateView.as_view(), name="conference_create"),
    path("konferenzen/<int:pk>/", views.ConferenceDetailView.as_view(), name="conference_detail"),
    path(
        "konferenzen/<int:pk>/bearbeiten/",
        views.ConferenceEditView.as_view(),
        name="conference_edit",
    ),
    path(
        "konferenzen/<int:pk>/anmelden/",
        views.RegistrationCreateView.as_view(),
        name="registration_create",
    ),
    path(
        "konferenzen/<int:pk>/anmeldungen/<int:registration_pk>/stornieren/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "konferenzen/<int:pk>/dokumente/neu/",
        views.DocumentUploadView.as_view(),
        name="document_upload",
    ),
    path(
        "konferenzen/<int:pk>/dokumente/<int:document_pk>/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
]
