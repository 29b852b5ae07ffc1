import pytest

from zielwerk.core.models import AuditEntry
from zielwerk.organisations.models import Region

pytestmark = pytest.mark.django_db


def test_reference_data_edit_in_admin_is_audited(client_for):
    client = client_for("admin")
    hanau = Region.objects.get(slug="hanau")
    url = f"/admin/organisations/region/{hanau.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["ags"] = "06415"
    data["valid_from"] = "2026-01-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    hanau.refresh_from_db()
    assert hanau.ags == "06415"
    entry = AuditEntry.objects.get(action="admin.region.update", object_id=str(hanau.pk))
    assert entry.changes["ags"] == ["", "06415"]
    assert entry.actor_label.endswith("(admin)")


@pytest.mark.parametrize("username", ["ministerium", "wiesbaden", "traeger-wiesbaden"])
def test_admin_site_is_for_the_admin_role_only(client_for, username):
    response = client_for(username).get("/admin/organisations/region/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
