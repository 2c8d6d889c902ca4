from __future__ import annotations

from roles.models import Role
from tests.html import form_fields, parse
from tests.roles.editors import editor_client


def test_role_form_shows_sections_in_the_order_of_the_public_page(db, role):
    page = parse(editor_client().get(f"/admin/roles/role/{role.pk}/change/"))
    expected = [
        "id_summary",
        "facts-group",
        "duties-group",
        "id_overview",
        "qualification_groups-group",
        "id_career_outlook",
        "id_cover_letter",
        "faqs-group",
        "id_meta_description",
        "id_status",
    ]
    ids = [element.get("id") for element in page.iter() if element.get("id") in expected]
    assert ids == expected


def test_rows_are_put_in_order_by_their_position_field(db, role):
    client = editor_client()
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(client.get(url), "role_form")
    first, last = data["duties-0-text"], data["duties-2-text"]
    data["duties-0-position"], data["duties-2-position"] = "9", "0"
    assert client.post(url, data).status_code == 302
    texts = [d.text for d in Role.objects.get(pk=role.pk).duties.all()]
    assert texts[0] == last and texts[-1] == first
