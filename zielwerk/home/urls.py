from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("protokoll/", views.AuditListView.as_view(), name="audit_list"),
    path("protokoll/export.csv", views.AuditExportView.as_view(), name="audit_export"),
]
