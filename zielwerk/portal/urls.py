from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("zielvereinbarungen/", views.AgreementListView.as_view(), name="agreement_list"),
    path(
        "zielvereinbarungen/<int:year>/<slug:region>/",
        views.AgreementDetailView.as_view(),
        name="agreement_detail",
    ),
    path(
        "zielvereinbarungen/<int:year>/<slug:region>/unterzeichnet.pdf",
        views.SignedPdfView.as_view(),
        name="agreement_signed_pdf",
    ),
    path(
        "zielvereinbarungen/<int:year>/<slug:region>/zielvereinbarung.<slug:fmt>",
        views.DocumentView.as_view(),
        name="agreement_document",
    ),
]
