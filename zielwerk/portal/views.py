"""The public pages: published agreements only, no login, never a write."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zielwerk.agreements import selectors
from zielwerk.agreements.document import build_document
from zielwerk.agreements.exports import document_response, signed_pdf_response
from zielwerk.agreements.rendering.html import render_html


def _published_version(year: int, region: str):
    version = selectors.published_version_get(year=year, region_slug=region)
    if version is None:
        raise Http404(_("Diese Zielvereinbarung ist nicht veröffentlicht."))
    return version


class AgreementListView(TemplateView):
    template_name = "portal/agreement_list.html"

    def get_context_data(self, **kwargs):
        agreements = selectors.published_agreement_list()
        years = [
            (year, list(items))
            for year, items in groupby(agreements, key=lambda a: a.programme_year.year)
        ]
        return super().get_context_data(years=years, **kwargs)


class AgreementDetailView(TemplateView):
    template_name = "portal/agreement_detail.html"

    def get_context_data(self, **kwargs):
        version = _published_version(self.kwargs["year"], self.kwargs["region"])
        document = build_document(version)
        return super().get_context_data(
            version=version,
            agreement=version.agreement,
            title=document.title,
            document=render_html(document, heading_level=2),
            signatures=version.signatures.order_by("position"),
            **kwargs,
        )


class SignedPdfView(View):
    def get(self, request, year: int, region: str):
        return signed_pdf_response(_published_version(year, region))


class DocumentView(View):
    """The published version as PDF/A or text; DOCX drafts are for the parties only."""

    PUBLIC_FORMATS = ("pdf", "md", "html")

    def get(self, request, year: int, region: str, fmt: str):
        if fmt not in self.PUBLIC_FORMATS:
            raise Http404(_("Dieses Format gibt es hier nicht."))
        return document_response(_published_version(year, region), fmt)
