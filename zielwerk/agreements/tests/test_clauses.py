import pytest
from django.core.exceptions import ValidationError

from zielwerk.agreements.clauses import CLAUSE_DIR, check_placeholders, parse_template_file
from zielwerk.agreements.models import ClauseTemplate
from zielwerk.core.models import AuditEntry


def test_unknown_placeholder_is_named():
    with pytest.raises(ValidationError, match=r"\{betrg\}"):
        check_placeholders("Haushaltsmittel: {betrg}")


def test_reference_template_has_title_preamble_and_seven_sections():
    blocks = parse_template_file(CLAUSE_DIR / "aqb-ab-2024.txt")
    assert [b.kind for b in blocks][:2] == ["title", "section"]
    assert [b.number for b in blocks if b.number] == [f"§ {n}" for n in range(1, 8)]


@pytest.mark.django_db
def test_ministry_admin_copies_the_template_for_the_next_year(client_for):
    template = ClauseTemplate.objects.get(valid_from_year=2024)
    response = client_for("admin").post(
        "/admin/agreements/clausetemplate/",
        {"action": "copy_for_next_year", "_selected_action": [template.pk]},
    )
    assert response.status_code == 302
    copy = ClauseTemplate.objects.get(valid_from_year=2025)
    assert copy.blocks.count() == template.blocks.count()
    assert AuditEntry.objects.filter(action="clause_template.copy").exists()
    assert ClauseTemplate.objects.for_year(template.programme, 2026) == copy


@pytest.mark.django_db
def test_template_edit_with_unknown_placeholder_is_refused(client_for):
    template = ClauseTemplate.objects.get(valid_from_year=2024)
    block = template.blocks.get(number="§ 4")
    client = client_for("admin")
    url = f"/admin/agreements/clausetemplate/{template.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[f"{formset.formset.prefix}-{index}-{name}"] = "" if value is None else value
            if inline_form.instance.pk == block.pk:
                data[f"{formset.formset.prefix}-{index}-body"] = "Betrag: {betrg}"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "{betrg}" in response.content.decode()
    block.refresh_from_db()
    assert "{betrag}" in block.body
