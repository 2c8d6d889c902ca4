from __future__ import annotations

import pytest
from reversion.models import Version

from roles.editorial import history, imports
from roles.formats import markdown_io
from roles.models import Role
from tests.factories import make_role
from tests.html import form_fields, parse, visible_text
from tests.roles.editors import editor_client


@pytest.fixture
def editor(db):
    return editor_client("carol")


def _edit(client, role, **changes) -> None:
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(client.get(url), "role_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, parse(response).cssselect(".errorlist")


def test_every_save_is_recorded_with_who_and_what_changed(editor, role):
    old_duty = [d.text for d in role.duties.all()][1]
    _edit(editor, role, summary="A sharper summary for readers.", **{"duties-1-text": "New duty"})
    page = editor.get(f"/admin/roles/role/{role.pk}/history/")
    rows = parse(page).cssselect("#change-history tbody tr")
    assert len(rows) == 2  # the state before the first edit, then the edit
    assert "carol" in rows[0].text_content()

    compare = editor.get(parse(page).cssselect("#change-history tbody tr a")[0].get("href"))
    diff = parse(compare).cssselect(".role-diff")[0]
    text = " ".join(diff.text_content().split())
    assert "Summary" in text and "A sharper summary for readers." in text and role.summary in text
    assert "Duties" in text and "New duty" in text and old_duty in text


def test_restoring_an_earlier_version_brings_back_fields_and_rows_in_one_step(editor, role):
    original_summary = role.summary
    original_duties = [d.text for d in role.duties.all()]
    _edit(editor, role, summary="Changed summary, to be undone.")
    _edit(editor, role, **{"duties-0-DELETE": "on"})
    assert Role.objects.get(pk=role.pk).duties.count() == len(original_duties) - 1

    first = history.versions_of(role.pk).last()
    response = editor.post(f"/admin/roles/role/{role.pk}/history/{first.pk}/restore/")
    assert response.status_code == 302
    restored = Role.objects.get(pk=role.pk)
    assert restored.summary == original_summary
    assert [d.text for d in restored.duties.all()] == original_duties
    assert restored.version > 2  # forms opened before the restore are stale now
    assert "Restored" in history.versions_of(role.pk).first().revision.get_comment()
    assert editor.get(role.get_absolute_url()).status_code == 200


def test_restore_moves_last_updated_only_when_content_differs(editor, role):
    _edit(editor, role, summary="Another summary.")
    latest = history.versions_of(role.pk).first()
    before = Role.objects.get(pk=role.pk).content_updated_at
    editor.post(f"/admin/roles/role/{role.pk}/history/{latest.pk}/restore/")
    assert Role.objects.get(pk=role.pk).content_updated_at == before


def test_deleted_role_asks_for_confirmation_and_can_be_recovered(editor, role):
    _edit(editor, role, summary="Summary worth keeping.")
    confirm = editor.get(f"/admin/roles/role/{role.pk}/delete/")
    assert "Are you sure" in visible_text(confirm)
    assert editor.post(f"/admin/roles/role/{role.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()

    recover_list = parse(editor.get("/admin/roles/role/recover/"))
    link = recover_list.cssselect("a[href*='/recover/']")[0].get("href")
    form = form_fields(editor.get(link), "role_form")
    assert form["summary"] == "Summary worth keeping."
    assert editor.post(link, form).status_code == 302
    recovered = Role.objects.get(pk=role.pk)
    assert recovered.summary == "Summary worth keeping."
    assert recovered.duties.count() == 3
    assert Version.objects.get_for_object(recovered).count() >= 3


def test_restoring_a_role_after_an_import_leaves_other_roles_alone(editor, category, tmp_path):
    first, second = make_role(category=category), make_role(category=category)
    for role in (first, second):
        path = tmp_path / f"{role.slug}.md"
        path.write_text(markdown_io.render_role(role).replace(role.summary, "Imported text."))
    imports.import_files([tmp_path])
    _edit(editor, first, summary="Edited after the import.")
    _edit(editor, second, summary="Second role edited too.")

    imported = history.versions_of(first.pk).get(revision__comment="Imported from Markdown.")
    editor.post(f"/admin/roles/role/{first.pk}/history/{imported.pk}/restore/")

    assert Role.objects.get(pk=first.pk).summary == "Imported text."
    assert Role.objects.get(pk=second.pk).summary == "Second role edited too."
    assert Role.objects.get(pk=first.pk).duties.count() == 3


def test_diff_names_added_removed_edited_and_reordered_rows(role):
    before = history.state_of(role)
    duties = list(role.duties.all())
    duties[0].position, duties[1].position = 50, 40  # swap the first two after the third
    duties[0].save()
    duties[1].save()
    duties[2].delete()
    role.duties.create(text="A brand new duty", position=99)
    role.faqs.update(answer="Same answer for all.")
    role.title = "Renamed"
    role.save()

    fields, rows = history.diff_states(before, history.state_of(role))

    assert [(c.what, c.after) for c in fields] == [("Title", "Renamed")]
    by_kind = {group.kind: [c.what for c in group.changes] for group in rows}
    assert by_kind["Duties"] == [
        f'Removed Duty "{duties[2].text}"',
        'Added Duty "A brand new duty"',
        "Order changed",
    ]
    assert all(what.endswith(": answer") for what in by_kind["FAQs"])
    assert "Facts" not in by_kind


def test_history_marks_the_words_that_changed_and_shortens_the_rest(editor, role):
    long_text = " ".join(f"Sentence {n} about the daily work of the role." for n in range(40))
    role.overview = long_text
    role.save()
    _edit(editor, role, summary=role.summary)  # records the state before the edit
    _edit(editor, role, overview=long_text.replace("Sentence 20 about", "Sentence 20 all about"))
    page = editor.get(f"/admin/roles/role/{role.pk}/history/")
    compare = editor.get(parse(page).cssselect("#change-history tbody tr a")[0].get("href"))
    diff = parse(compare).cssselect(".role-diff")[0]
    assert [i.text_content().strip() for i in diff.cssselect("ins")] == ["all"]
    assert "Sentence 0 about" not in diff.text_content()  # far from the change: cut to "…"
    assert "…" in diff.text_content()


def test_restoring_a_version_whose_address_is_now_taken_says_why_and_changes_nothing(editor, role):
    _edit(editor, role, summary="Summary at the old address.")
    old = history.versions_of(role.pk).first()
    _edit(editor, role, slug="new-address")
    make_role(category=role.category, slug=role.slug)  # someone took the old address
    response = editor.post(f"/admin/roles/role/{role.pk}/history/{old.pk}/restore/", follow=True)
    assert response.status_code == 200
    assert "Not restored: Another role now has the address" in visible_text(response)
    assert Role.objects.get(pk=role.pk).slug == "new-address"
