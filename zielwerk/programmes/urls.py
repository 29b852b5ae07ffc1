from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programme/", views.ProgrammeYearListView.as_view(), name="programmeyear_list"),
    path(
        "programme/<slug:programme>/<int:year>/",
        views.ProgrammeYearDetailView.as_view(),
        name="programmeyear_detail",
    ),
]
