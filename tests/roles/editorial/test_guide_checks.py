"""The editorial guide's measurable rules as content checks (roles/editorial/guide_checks.py),
shown in the admin and run by `manage.py check_content`, which exits non-zero on a problem."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from roles.editorial.content_checks import check_role
from roles.models import FAQ, Duty, Fact, QualificationGroup, Role
from tests.factories import make_complete_role, prose


def problems(role: Role) -> list[str]:
    return [str(p) for p in check_role(Role.objects.with_page_content().get(pk=role.pk))]


def codes(role: Role) -> list[str]:
    return [p.code for p in check_role(Role.objects.with_page_content().get(pk=role.pk))]


def test_a_section_outside_the_guides_range_is_named_with_its_length(category):
    role = make_complete_role(category=category, summary=prose(1, 30, "short"))
    assert problems(role) == [
        "Summary has 30 words; the editorial guide asks for 60-100.",
    ]
    role = make_complete_role(category=category, overview=prose(2, 600, "long"))
    assert problems(role) == ["Overview has 600 words; the editorial guide asks for 400-520."]


def test_rows_are_counted_against_the_guide(category):
    role = make_complete_role(category=category)
    Duty.objects.filter(role=role, position__gte=7).delete()
    first = role.faqs.get(position=0)
    FAQ.objects.filter(pk=first.pk).update(answer="Yes.")
    assert problems(role) == [
        "Duties and responsibilities has 7 duties; the editorial guide asks for 8-12.",
        f'The answer to "{first.question}" has 1 words; the editorial guide asks for 40-110.',
    ]


def test_every_page_carries_the_guides_facts_and_a_sourced_growth_fact(category):
    role = make_complete_role(category=category)
    Fact.objects.filter(role=role, kind=Fact.Kind.EMPLOYERS).delete()
    Fact.objects.filter(role=role, kind=Fact.Kind.GROWTH).update(source_name="")
    assert codes(role) == ["length", "required_fact", "growth_source"]
    assert "No “Top employer types” fact (kind employers)." in problems(role)


@pytest.mark.parametrize(
    ("value", "on_scale"),
    [
        ("High: AI drafts most reports.", True),
        ("very high : the output itself is produced by AI.", True),
        ("Strong tailwind — demand grows.", False),
        ("Moderate and mixed.", False),
    ],
)
def test_the_ai_impact_fact_uses_a_level_of_the_scale(category, value, on_scale):
    role = make_complete_role(category=category)
    Fact.objects.filter(role=role, kind=Fact.Kind.AI_IMPACT).update(value=value)
    assert ("ai_impact_scale" not in codes(role)) is on_scale


def test_an_editors_note_quoting_the_fact_leaves_it_to_the_note(category):
    role = make_complete_role(category=category, editors_note="“AI impact” is the author's view.")
    Fact.objects.filter(role=role, kind=Fact.Kind.AI_IMPACT).update(value="Strong tailwind")
    assert codes(role) == []


def test_an_experience_fact_must_use_the_years_of_the_benchmarks(category):
    """The Data Analyst page once said "0-3 years for entry and mid-level roles" over
    benchmarks of 0-2, 2-4 and 4+ years (editorial review, problem 9)."""
    role = make_complete_role(category=category)
    QualificationGroup.objects.filter(role=role, heading="Experience benchmarks").update(
        items="Entry level: 0-2 years\nMid level: 2-4 years\nSenior: 4+ years"
    )
    experience = Fact.objects.filter(role=role, kind=Fact.Kind.EXPERIENCE)
    experience.update(value="0-3 years for entry and mid-level roles; 4+ years for senior")
    assert problems(role) == [
        "“Typical experience” gives 3 years, which the experience benchmarks under "
        "Qualifications do not: use the benchmarks' years."
    ]
    experience.update(value="0-2 years entry level; 2-4 years mid level; 4+ years senior")
    assert problems(role) == []


def test_a_growth_fact_must_use_the_phrase_the_text_uses(category):
    """Frontend Developer once said "faster-than-average" in its fact and "much faster than
    the average" in its outlook (editorial review, problem 3)."""
    outlook = prose(3, 380, "outlook") + " BLS projects growth much faster than the average."
    role = make_complete_role(category=category, career_outlook=outlook)
    growth = Fact.objects.filter(role=role, kind=Fact.Kind.GROWTH)
    growth.update(value="Faster than average, 2024-34")
    assert codes(role) == ["growth_contradiction"]
    growth.update(value="Much faster than average, 2024-34")
    assert codes(role) == []


def test_a_sentence_on_three_roles_is_flagged_on_each_but_two_may_share_one(category):
    shared = "The work is varied and rewarding and no two days are ever alike here."
    first = make_complete_role(category=category, overview=prose(4, 440, "a") + " " + shared)
    second = make_complete_role(category=category, overview=prose(5, 440, "b") + " " + shared)
    assert codes(first) == [] and codes(second) == []
    third = make_complete_role(category=category, overview=prose(6, 440, "c") + " " + shared)
    for role in (first, second, third):
        assert problems(role) == [
            "A sentence that 2 other roles also have: “the work is varied and rewarding and "
            "no two days are ever alike here”"
        ]


def test_check_content_exits_non_zero_and_lists_each_problem(category, capsys):
    good = make_complete_role(category=category)
    bad = make_complete_role(category=category, summary="Too short.")
    # Each complete role comes with the complete role its career path leads to.
    with pytest.raises(CommandError, match=r"4 roles checked: 1 problems in 1 roles\."):
        call_command("check_content")
    out = capsys.readouterr().out
    assert f"{category.slug}/{bad.slug}:" in out
    assert "  [length] Summary has 2 words; the editorial guide asks for 60-100." in out
    assert good.slug not in out
    call_command("check_content", good.slug)
    assert "1 roles checked: 0 problems in 0 roles." in capsys.readouterr().out
    with pytest.raises(CommandError, match="No role with the slug nope"):
        call_command("check_content", "nope")
