"""Good-practice pages under /gute-praxis/."""

from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("gute-praxis/", views.EntryListView.as_view(), name="entry_list"),
    path("gute-praxis/neu/", views.EntryCreateView.as_view(), name="entry_create"),
    path("gute-praxis/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("gute-praxis/<int:pk>/bearbeiten/", views.EntryEditView.as_view(), name="entry_edit"),
    path(
        "gute-praxis/<int:pk>/veroeffentlichen/",
        views.EntryPublishView.as_view(),
        name="entry_publish",
    ),
]
