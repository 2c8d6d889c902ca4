"""Every text an editor can write, and every query string a reader can send, is shown as text:
never run, never a 500, never lost. The full Big List of Naughty Strings plus classic vectors,
checked server-side on the rendered HTML (the browser proof is in test_browser_security.py)."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse

from roles import derived
from roles.models import (
    CONTROL_CHARACTERS,
    FAQ,
    Category,
    Duty,
    Fact,
    QualificationGroup,
    Role,
    strip_control_characters,
)
from tests.factories import make_category, make_role
from tests.html import normalise, parse, visible_text
from tests.naughty import hostile_strings, live_markup_problems

WORD = re.compile(r"\w+")


def plant(text: str, n: int) -> Role:
    """A published role whose every editable text field, and its category's, holds `text`
    (cut to the field's length), written as one edit (its derived data refreshed once, as an
    admin save does)."""
    with derived.one_refresh():
        return _plant(text, n)


def _plant(text: str, n: int) -> Role:

    def cut(model, field: str, value: str) -> str:
        return value[: model._meta.get_field(field).max_length]

    category = make_category(
        name=cut(Category, "name", f"{n} {text}"),
        slug=f"naughty-{n}",
        description=text,
        meta_description=cut(Category, "meta_description", text),
    )
    role = make_role(
        category=category,
        slug=f"naughty-role-{n}",
        title=cut(Role, "title", text),
        summary=text,
        overview=text,
        career_outlook=text,
        cover_letter=text,
        meta_description=cut(Role, "meta_description", text),
        duties=0,
        faqs=0,
        facts=False,
    )
    Fact.objects.create(role=role, label=cut(Fact, "label", text), value=text)
    Duty.objects.create(role=role, text=text)
    QualificationGroup.objects.create(
        role=role, heading=cut(QualificationGroup, "heading", text), items=f"{text}\nSecond item"
    )
    FAQ.objects.create(role=role, question=cut(FAQ, "question", text), answer=text)
    return role


def shown_as_text(text: str, page_text: str) -> bool:
    return normalise(text) in page_text


def words_kept(text: str, response) -> bool:
    """Markdown may turn punctuation into formatting, but every word stays: in the text, or as
    a link's address."""
    tree = parse(response)
    kept = visible_text(response) + " ".join(tree.xpath("//a/@href"))
    return all(word in kept for word in WORD.findall(text))


def check_role_page(client, role: Role, text: str) -> list[str]:
    response = client.get(role.get_absolute_url())
    if response.status_code != 200:
        return [f"role page answered {response.status_code}"]
    problems = live_markup_problems(response.content.decode())
    page_text = visible_text(response)
    plain = {
        "title": role.title,
        "summary": text,
        "fact": text,
        "duty": text,
        "qualification heading": role.qualification_groups.last().heading,
        "qualification item": text.strip().splitlines()[0] if text.strip() else "",
        "FAQ question": role.faqs.get().question,
        "category name": role.category.name,
    }
    problems += [
        f"{field} lost" for field, value in plain.items() if not shown_as_text(value, page_text)
    ]
    if not words_kept(text, response):
        problems.append("words of a Markdown section lost")
    return problems


def check_category_page(client, role: Role, text: str) -> list[str]:
    response = client.get(role.category.get_absolute_url())
    if response.status_code != 200:
        return [f"category page answered {response.status_code}"]
    problems = live_markup_problems(response.content.decode())
    if not shown_as_text(role.title, visible_text(response)):
        problems.append("role card title lost")
    if not words_kept(text, response):
        problems.append("words of the category description lost")
    return problems


def test_every_naughty_string_in_every_field_is_shown_not_run(client, db):
    failures = {}
    roles = []
    for n, text in enumerate(hostile_strings()):
        role = plant(text, n)
        roles.append(role)
        shown = strip_control_characters(text)  # what the models keep of it
        problems = check_role_page(client, role, shown) + check_category_page(client, role, shown)
        if problems:
            failures[text] = problems
    assert not failures, f"{len(failures)} strings misbehave, e.g. {list(failures.items())[:5]}"

    # The listing pages, with every one of them at once.
    for url in (reverse("roles:home"), reverse("roles:category-list")):
        response = client.get(url)
        assert response.status_code == 200
        assert live_markup_problems(response.content.decode()) == []
    listed = visible_text(client.get(reverse("roles:category-list")))
    lost = [r.category.name for r in roles if not shown_as_text(r.category.name, listed)]
    assert lost == []


def query_string_pages(role: Role) -> list[str]:
    """Pages that read a query string, with {} where the hostile value goes. The search page
    joins in by itself once it exists on the branch."""
    pages = [role.category.get_absolute_url() + "?page={}&q={}&utm_source={}"]
    with contextlib.suppress(NoReverseMatch):
        pages.append(reverse("roles:search") + "?q={}")
    return pages


def test_naughty_query_strings_and_addresses_never_break_a_page(client, role):
    failures = {}
    for text in hostile_strings():
        value = quote(text, safe="")
        urls = [page.replace("{}", value) for page in query_string_pages(role)]
        urls.append(f"/jobs/{value}/")  # a 404 that echoes nothing it should not
        for url in urls:
            response = client.get(url)
            problems = []
            # A control character in a query string is a 400 (jobsite/middleware.py).
            allowed = (200, 404, 400) if CONTROL_CHARACTERS.search(text) else (200, 404)
            if response.status_code not in allowed:
                problems.append(f"answered {response.status_code}")
            elif response["Content-Type"].startswith("text/html"):
                problems += live_markup_problems(response.content.decode())
            if problems:
                failures[url] = problems
    assert not failures, f"{len(failures)} addresses misbehave, e.g. {list(failures.items())[:5]}"


def test_the_checker_catches_live_markup():
    """The safety check above can fail: it sees each kind of live markup."""
    page = (
        "<html><body><script>alert(1)</script><img src=x onerror=alert(1)>"
        "<a href=' javascript:alert(1)'>a</a><svg></svg><p style='x'>p</p>"
        "<script type='application/ld+json'>{\"a\": </script></body></html>"
    )
    assert len(live_markup_problems(page)) == 6


def test_a_malformed_fixture_is_refused_and_changes_nothing(role, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '[{"model": "roles.category", "pk": 9001, "fields": {"name": "Fine", "slug": "fine"}},'
        ' {"model": "roles.role", "pk": 9002, "fields": {"title": "Orphan", "slug": "orphan",'
        ' "category": 424242, "summary": "s", "status": "published"}}]'
    )
    with pytest.raises((CommandError, IntegrityError), match="Problem installing fixture"):
        call_command("loaddata", str(bad), verbosity=0)
    assert not Category.objects.filter(slug="fine").exists()
    assert list(Role.objects.all()) == [role]
    truncated = tmp_path / "truncated.json"
    truncated.write_text('[{"model": "roles.category", "pk": 9003, "fields": {"name": "Cut')
    with pytest.raises((CommandError, DeserializationError), match=r"truncated\.json"):
        call_command("loaddata", str(truncated), verbosity=0)
    assert Category.objects.count() == 1
