from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path(
        "zuwendung/<int:year>/<slug:region>/projekte/",
        views.ProjectListView.as_view(),
        name="project_list",
    ),
    path(
        "zuwendung/<int:year>/<slug:region>/projekte/neu/",
        views.ProjectCreateView.as_view(),
        name="project_create",
    ),
    path(
        "zuwendung/<int:year>/<slug:region>/projekte/uebernehmen/",
        views.ProjectCarryOverView.as_view(),
        name="project_carry_over",
    ),
    path("projekte/<str:code>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projekte/<str:code>/bearbeiten/", views.ProjectEditView.as_view(), name="project_edit"),
    path("projekte/<str:code>/finanzplan/", views.ProjectPlanView.as_view(), name="project_plan"),
]
