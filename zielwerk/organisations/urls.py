from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisationen/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisationen/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisationen/<slug:slug>/kontakt/",
        views.OrganisationContactUpdateView.as_view(),
        name="organisation_contact_update",
    ),
    path("gebietskoerperschaften/", views.RegionListView.as_view(), name="region_list"),
]
