from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from roles.content import RoleContent
from roles.editorial import history, imports
from roles.formats import markdown_io
from roles.models import Role
from tests.catalogue import shipped
from tests.factories import make_category, make_role
from tests.roles.editors import editor_client


def _export(directory: Path) -> dict[str, bytes]:
    call_command("export_roles", str(directory), verbosity=0, stdout=io.StringIO())
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.md"))}


def _content(role: Role) -> dict:
    """What a reader sees, but for the category's id (the categories stay, the roles are new)."""
    return RoleContent.of(role).reader_view() | {"category_id": 0}


def test_whole_catalogue_round_trips_byte_for_byte(catalogue, tmp_path):
    snapshots = {r.slug: _content(r) for r in Role.objects.all()}
    dates = {r.slug: (r.status, r.published_at) for r in Role.objects.all()}
    first = _export(tmp_path / "first")
    assert len(first) == Role.objects.count() == shipped("roles.role")

    Role.objects.all().delete()
    call_command("import_roles", str(tmp_path / "first"), stdout=io.StringIO())
    second = _export(tmp_path / "second")

    assert second == first
    for role in Role.objects.all():
        assert _content(role) == snapshots[role.slug]
        assert (role.status, role.published_at) == dates[role.slug]


def test_import_is_idempotent_and_updates_by_slug(catalogue, tmp_path):
    _export(tmp_path)
    out = io.StringIO()
    call_command("import_roles", str(tmp_path), stdout=out)
    assert f"Created 0, updated 0, unchanged {shipped('roles.role')}." in out.getvalue()

    path = tmp_path / "ai-solutions-architect.md"
    path.write_text(
        path.read_text().replace(
            "## Duties and responsibilities\n\n",
            "## Duties and responsibilities\n\n- Draw boxes and arrows\n",
        )
    )
    out = io.StringIO()
    call_command("import_roles", str(path), stdout=out)
    assert "Created 0, updated 1, unchanged 0." in out.getvalue()
    role = Role.objects.get(slug="ai-solutions-architect")
    assert role.duties.first().text == "Draw boxes and arrows"
    assert Role.objects.count() == shipped("roles.role")


def _with_error(tmp_path: Path, good: Role, bad_text: str) -> tuple[Path, Path]:
    good_path = tmp_path / "good.md"
    good_path.write_text(markdown_io.render_role(good).replace(good.title, "Renamed Title"))
    bad_path = tmp_path / "bad.md"
    bad_path.write_text(bad_text)
    return good_path, bad_path


@pytest.mark.parametrize(
    ("mutate", "line", "message"),
    [
        (lambda t: t.replace("status: published", "status: live"), 5, "status must be one of"),
        (lambda t: t.replace("category: ", "category: nowhere-"), 4, "no category with slug"),
        (lambda t: t.replace("title: ", "title: [unclosed", 1), 3, "not valid YAML"),
        (lambda t: t.replace("## Overview", "## Overveiw"), None, "unknown section 'Overveiw'"),
        (lambda t: t.replace("\n- Duty", "\n* Duty", 1), None, "expected a list item"),
        (lambda t: t.replace("---\n", "", 1), 1, "must start with '---'"),
        (lambda t: t.replace("slug:", "colour: red\nslug:"), 3, "unknown front matter key"),
    ],
)
def test_bad_file_is_refused_with_its_line_and_nothing_changes(
    category, tmp_path, mutate, line, message
):
    role, other = make_role(category=category), make_role(category=category)
    good_text = markdown_io.render_role(role)
    bad_text = mutate(good_text)
    good_path, bad_path = _with_error(tmp_path, other, bad_text)
    if line is None:  # the line of the first line that differs
        line = next(
            i
            for i, (a, b) in enumerate(
                zip(good_text.split("\n"), bad_text.split("\n"), strict=False), 1
            )
            if a != b
        )
    with pytest.raises(CommandError) as error:
        call_command("import_roles", str(good_path), str(bad_path), stdout=io.StringIO())
    reported = str(error.value).splitlines()[1]
    assert reported.startswith(f"{bad_path}:{line}: ")
    assert message in reported
    assert Role.objects.get(pk=other.pk).title == other.title  # the good file was not applied


def test_every_bad_file_is_listed(category, tmp_path):
    (tmp_path / "one.md").write_text("no front matter\n")
    (tmp_path / "two.md").write_text("---\ntitle: x\n---\n")
    with pytest.raises(imports.ImportFailed) as failure:
        imports.import_files([tmp_path])
    assert [f"{e.name}:{e.line}" for e in failure.value.errors] == [
        f"{tmp_path / 'one.md'}:1",
        f"{tmp_path / 'two.md'}:2",
    ]


def test_two_files_with_the_same_slug_are_refused(category, tmp_path):
    role = make_role(category=category)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(markdown_io.render_role(role))
    with pytest.raises(imports.ImportFailed, match=r"b\.md:3: slug .* is also in"):
        imports.import_files([tmp_path])


def test_import_is_recorded_in_the_history(category, tmp_path):
    role = make_role(category=category)
    path = tmp_path / "role.md"
    path.write_text(markdown_io.render_role(role).replace(role.summary, "Imported summary."))
    imports.import_files([path])
    latest = history.versions_of(role.pk).first()
    assert latest.revision.get_comment() == "Imported from Markdown."
    assert history.state_from_version(latest).fields["summary"] == "Imported summary."


def test_admin_action_exports_selected_roles_as_a_zip(db, category):
    chosen = make_role(category=category)
    make_role(category=category)
    response = editor_client().post(
        "/admin/roles/role/",
        {"action": "export_markdown", "_selected_action": [str(chosen.pk)]},
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"{chosen.slug}.md"]
    assert archive.read(f"{chosen.slug}.md").decode() == markdown_io.render_role(chosen)


def test_render_role_writes_sections_as_headings_and_rows_as_lists(category):
    role = make_role(category=category, duties=2, faqs=1)
    text = markdown_io.render_role(role)
    assert text.startswith("---\ntitle: ")
    assert f"\n## Duties and responsibilities\n\n- {role.duties.first().text}\n" in text
    assert "\n## Qualifications\n\n### Education\n\n- A degree\n- Curiosity\n" in text
    faq = role.faqs.first()
    assert f"\n## Frequently asked questions\n\n### {faq.question}\n\n{faq.answer}\n" in text


def test_documented_example_imports_and_exports_unchanged(db, tmp_path):
    make_category(name="Maritime", slug="maritime")
    doc = (Path(__file__).parents[3] / "docs" / "content-format.md").read_text()
    example = doc.split("## A full example\n\n```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"
    path = tmp_path / "harbour-pilot.md"
    path.write_text(example)

    result = imports.import_files([path])

    assert result.created == ["harbour-pilot"]
    role = Role.objects.get(slug="harbour-pilot")
    assert [g.heading for g in role.qualification_groups.all()] == ["Licences", "Skills"]
    assert role.faqs.count() == 2 and role.duties.count() == 4 and role.facts.count() == 3
    assert markdown_io.render_role(role) == example


def test_multi_line_duty_round_trips(category, tmp_path):
    role = make_role(category=category, duties=1)
    role.duties.update(text="Check the nets\n\nand mend them by noon")
    text = markdown_io.render_role(role)
    assert "- Check the nets\n  \n  and mend them by noon\n" in text
    renamed = text.replace(f"title: {role.title}\n", "title: Net Mender\n")
    path = tmp_path / "r.md"
    path.write_text(renamed)
    imports.import_files([path])
    role = Role.objects.get(pk=role.pk)
    assert role.title == "Net Mender"
    assert role.duties.get().text == "Check the nets\n\nand mend them by noon"
    assert markdown_io.render_role(role) == renamed


def test_file_without_dates_creates_then_changes_nothing_on_reimport(category, tmp_path):
    text = (
        f"---\ntitle: Lock Keeper\nslug: lock-keeper\ncategory: {category.slug}\n"
        "status: published\n---\n\n## Summary\n\nKeeps the canal locks working.\n"
    )
    path = tmp_path / "lock-keeper.md"
    path.write_text(text)
    assert imports.import_files([path]).created == ["lock-keeper"]
    role = Role.objects.get(slug="lock-keeper")
    assert role.is_public
    assert imports.import_files([path]).unchanged == ["lock-keeper"]
    assert Role.objects.get(slug="lock-keeper").content_updated_at == role.content_updated_at

    path.write_text(text.replace("working.", "working, day and night."))
    assert imports.import_files([path]).updated == ["lock-keeper"]
    changed = Role.objects.get(slug="lock-keeper")
    assert changed.content_updated_at > role.content_updated_at
    assert changed.published_at == role.published_at


def test_invalid_rows_are_refused_at_their_line(category, tmp_path):
    role = make_role(category=category, faqs=1)
    text = markdown_io.render_role(role)
    path = tmp_path / "bad.md"
    path.write_text(text.replace("label: Typical education", "label: '" + "x" * 120 + "'"))
    with pytest.raises(imports.ImportFailed, match=r"bad\.md:\d+: label: .*at most 100"):
        imports.import_files([path])
    lines = text.split("\n")
    question_line = next(i for i, line in enumerate(lines, 1) if line.startswith("### Question"))
    path.write_text(text.replace(f"### {role.faqs.get().question}", "### "))
    with pytest.raises(imports.ImportFailed, match=rf"bad\.md:{question_line}: question: "):
        imports.import_files([path])
    assert markdown_io.render_role(Role.objects.get(pk=role.pk)) == text


def test_soc_code_and_fact_sources_survive_export_and_import(catalogue, tmp_path):
    role = Role.objects.exclude(soc=None).first()
    fact = role.facts.first()
    fact.source_name, fact.source_url = "BLS Employment Projections", "https://www.bls.gov/emp/"
    fact.as_of = datetime.date(2024, 9, 1)
    fact.save()
    text = markdown_io.render_role(Role.objects.get(pk=role.pk))
    assert f"soc: {role.soc_id}" in text and "source: BLS Employment Projections" in text
    path = tmp_path / "role.md"
    path.write_text(text)
    assert imports.import_files([path]).unchanged == [role.slug]

    Role.objects.filter(pk=role.pk).delete()
    assert imports.import_files([path]).created == [role.slug]
    again = Role.objects.get(slug=role.slug)
    assert (again.soc_id, again.soc_is_nearest) == (role.soc_id, role.soc_is_nearest)
    first = again.facts.first()
    assert (first.source_name, first.source_url, first.as_of) == (
        "BLS Employment Projections",
        "https://www.bls.gov/emp/",
        datetime.date(2024, 9, 1),
    )
