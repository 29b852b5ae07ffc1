from django.urls import path

from . import views, views_documents

app_name = "agreements"
urlpatterns = [
    path("zielvereinbarungen/", views.AgreementListView.as_view(), name="agreement_list"),
    path("zielvereinbarungen/neu/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path(
        "zielvereinbarungen/<int:pk>/",
        views.AgreementDetailView.as_view(),
        name="agreement_detail",
    ),
    path(
        "zielvereinbarungen/<int:pk>/fassung/<int:number>/",
        views.AgreementDetailView.as_view(),
        name="version_detail",
    ),
    path(
        "zielvereinbarungen/<int:pk>/fassung/<int:number>/unterzeichnet.pdf",
        views.SignedPdfView.as_view(),
        name="version_signed_pdf",
    ),
    path(
        "zielvereinbarungen/<int:pk>/fassung/<int:number>/dokument.<slug:fmt>",
        views.VersionDocumentView.as_view(),
        name="version_document",
    ),
    path(
        "zielvereinbarungen/<int:pk>/bearbeiten/",
        views.AgreementEditView.as_view(),
        name="agreement_edit",
    ),
    path(
        "zielvereinbarungen/<int:pk>/vergleich/",
        views.AgreementCompareView.as_view(),
        name="agreement_compare",
    ),
    path(
        "zielvereinbarungen/<int:pk>/aktion/<slug:name>/",
        views.AgreementTransitionView.as_view(),
        name="agreement_transition",
    ),
    path(
        "zielvereinbarungen/<int:pk>/aenderung/",
        views.AgreementAmendView.as_view(),
        name="agreement_amend",
    ),
    path(
        "zielvereinbarungen/<int:pk>/kommentar/",
        views.CommentCreateView.as_view(),
        name="comment_create",
    ),
    path(
        "zielvereinbarungen/<int:pk>/anlage/",
        views.AttachmentCreateView.as_view(),
        name="attachment_create",
    ),
    path(
        "zielvereinbarungen/<int:pk>/anlage/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "zielvereinbarungen/<int:year>/alle.zip",
        views_documents.AgreementYearZipView.as_view(),
        name="agreement_year_zip",
    ),
]
