import pytest

from zielwerk.agreements.document import build_document
from zielwerk.agreements.models import Agreement
from zielwerk.agreements.rendering.html import inline, render_html


def test_inline_escapes_before_bold():
    assert inline("<b>x</b> **fett**") == "&lt;b&gt;x&lt;/b&gt; <strong>fett</strong>"


@pytest.mark.django_db
def test_html_shows_amount_projects_and_signatures(demo):
    agreement = Agreement.objects.get(region__slug="wiesbaden", programme_year__year=2024)
    html = render_html(build_document(agreement.current))
    assert "<strong>2.508.300 Euro</strong>" in html
    assert "<li>Fit für den Beruf (FIB)</li>" in html
    assert "12.7.2024" in html
    assert "Dr. Patricia Becher" in html
    assert "<h1" not in html
