from django.urls import path

from . import views_import

urlpatterns: list = [
    path(
        "projekte/<str:code>/teilnehmende/import/",
        views_import.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path(
        "projekte/<str:code>/teilnehmende/import/vorlage.xlsx",
        views_import.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "projekte/<str:code>/teilnehmende/import/<str:token>/",
        views_import.ImportStatusView.as_view(),
        name="import_status",
    ),
    path(
        "projekte/<str:code>/teilnehmende/import/<str:token>/probleme.xlsx",
        views_import.ImportErrorsView.as_view(),
        name="import_errors",
    ),
]
