"""The Markdown format is lossless: whatever text a role holds (headings inside answers, lists,
blank lines, backslashes, unusual characters) survives export -> import unchanged, checked over
generated and hostile content (Hypothesis) rather than a few hand-picked examples."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roles.content import ENTRY_STAGES, RoleContent
from roles.editorial import imports
from roles.formats import markdown_io
from roles.models import FAQ, Duty, Fact, QualificationGroup, Role
from tests.factories import make_category

TRICKY_LINES = [
    "# A top heading",
    "## Overview",
    "## Not a section",
    "### A sub-heading inside an answer",
    "#### Smaller",
    "\\# already escaped",
    "\\\\## two backslashes",
    "- a list item",
    "  - nested item",
    "    indented code",
    "```",
    "---",
    "",
    "   ",
    "Plain sentence.",
    "two trailing spaces  ",
    "**bold** and _italic_ and <b>tags</b>",
    "é ü ß 中文 🙂 ‏עברית‎",
    "\ttab first",
    "key: value",
    "'quoted' \"double\" `code`",
]
ORDINARY = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029\x85")
line = st.one_of(st.sampled_from(TRICKY_LINES), st.text(alphabet=ORDINARY, max_size=40))
text = st.lists(line, max_size=8).map("\n".join)
one_line = st.one_of(st.sampled_from(TRICKY_LINES), st.text(alphabet=ORDINARY, max_size=60))
required_line = one_line.filter(lambda s: s.split())
numbers = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=required_line,
    summary=text.filter(lambda s: s.strip()),
    overview=text,
    outlook=text,
    letter=text,
    duties=st.lists(text.filter(lambda s: s.strip()), max_size=3),
    facts=st.lists(
        st.tuples(
            required_line,
            text.filter(lambda s: s.strip()),
            st.one_of(st.just(""), one_line),
            st.sampled_from(["", "https://www.bls.gov/oes/", "https://example.org/a?b=c&d"]),
            st.one_of(st.none(), st.dates()),
        ),
        max_size=3,
    ),
    groups=st.lists(st.tuples(required_line, st.lists(required_line, min_size=1, max_size=3))),
    faqs=st.lists(st.tuples(required_line, text.filter(lambda s: s.strip())), max_size=3),
    stages=st.lists(text, min_size=len(ENTRY_STAGES), max_size=len(ENTRY_STAGES)),
    review=st.one_of(
        st.none(), st.tuples(required_line, st.dates(max_value=datetime.date(2026, 1, 1)))
    ),
)
def test_every_text_survives_export_and_import(
    db,
    tmp_path,
    title,
    summary,
    overview,
    outlook,
    letter,
    duties,
    facts,
    groups,
    faqs,
    stages,
    review,
):
    category = make_category(slug=f"trip-{next(numbers)}")
    role = Role.objects.create(
        title=title[:200],
        slug=f"round-trip-{next(numbers)}",
        category=category,
        summary=summary,
        overview=overview,
        career_outlook=outlook,
        cover_letter=letter,
        **{stage.field: written for stage, written in zip(ENTRY_STAGES, stages, strict=True)},
        reviewed_by=review[0].strip()[:100] if review else "",
        reviewed_on=review[1] if review and review[0].strip() else None,
        status=Role.Status.DRAFT,
    )
    for position, duty in enumerate(duties):
        Duty.objects.create(role=role, text=duty, position=position)
    for position, (label, value, source, url, as_of) in enumerate(facts):
        Fact.objects.create(
            role=role,
            label=label[:100],
            value=value,
            source_name=source[:100],
            source_url=url,
            as_of=as_of,
            position=position,
        )
    for position, (heading, items) in enumerate(groups[:3]):
        QualificationGroup.objects.create(
            role=role, heading=heading, items="\n".join(items), position=position
        )
    for position, (question, answer) in enumerate(faqs):
        FAQ.objects.create(role=role, question=question[:300], answer=answer, position=position)
    stored = RoleContent.of(Role.objects.get(pk=role.pk))

    exported = markdown_io.render_role(Role.objects.get(pk=role.pk))
    path = tmp_path / f"{role.slug}.md"
    path.write_text(exported, encoding="utf-8")
    assert imports.import_files([path]).unchanged == [role.slug]

    Role.objects.filter(pk=role.pk).delete()
    assert imports.import_files([path]).created == [role.slug]
    imported = Role.objects.get(slug=role.slug)
    assert RoleContent.of(imported) == stored
    assert markdown_io.render_role(imported) == exported


def test_an_faq_answer_with_a_heading_stays_one_answer(role, tmp_path):
    faq = role.faqs.first()
    faq.answer = "Short answer.\n\n### A sub-heading\n\nMore detail."
    faq.save()
    path = tmp_path / "role.md"
    path.write_text(markdown_io.render_role(role))
    out = io.StringIO()
    call_command("import_roles", str(path), stdout=out)
    assert "unchanged 1" in out.getvalue()
    assert role.faqs.count() == 2
    assert role.faqs.get(pk=faq.pk).answer == "Short answer.\n\n### A sub-heading\n\nMore detail."
