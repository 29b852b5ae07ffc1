"""The public portal under /portal/ (no login), the old /oeffentlich/ addresses (301) and the
ministry's list of feedback under /rueckmeldungen/ (login)."""

from django.urls import path

from . import views

app_name = "portal"

AGREEMENT = "portal/zielvereinbarungen/<int:year>/<slug:region>/"

urlpatterns = [
    path("portal/", views.PortalStartView.as_view(), name="start"),
    path("portal/zielvereinbarungen/", views.AgreementListView.as_view(), name="agreement_list"),
    path(AGREEMENT, views.AgreementDetailView.as_view(), name="agreement_detail"),
    path(
        AGREEMENT + "unterzeichnet.pdf",
        views.SignedPdfView.as_view(),
        name="agreement_signed_pdf",
    ),
    path(
        AGREEMENT + "zielvereinbarung.<slug:fmt>",
        views.DocumentView.as_view(),
        name="agreement_document",
    ),
    path(
        AGREEMENT + "daten.json", views.AgreementDataJsonView.as_view(), name="agreement_data_json"
    ),
    path(AGREEMENT + "daten.csv", views.AgreementDataCsvView.as_view(), name="agreement_data_csv"),
    path("portal/kennzahlen/<int:year>/", views.KeyFiguresView.as_view(), name="key_figures"),
    path("portal/mittelverteilung/<int:year>/", views.AllocationView.as_view(), name="allocation"),
    path("portal/dcat.jsonld", views.DcatJsonLdView.as_view(), name="dcat_jsonld"),
    path("portal/dcat.ttl", views.DcatTurtleView.as_view(), name="dcat_ttl"),
    path("portal/barrierefreiheit/", views.AccessibilityView.as_view(), name="accessibility"),
    path("portal/rueckmeldung/", views.FeedbackCreateView.as_view(), name="feedback_create"),
    path("rueckmeldungen/", views.FeedbackListView.as_view(), name="feedback_list"),
    path("rueckmeldungen/<int:pk>/", views.FeedbackDetailView.as_view(), name="feedback_detail"),
    path("oeffentlich/", views.LegacyRedirectView.as_view(), name="legacy_start"),
    path("oeffentlich/<path:rest>", views.LegacyRedirectView.as_view(), name="legacy_redirect"),
]
