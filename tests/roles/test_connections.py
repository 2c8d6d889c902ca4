"""How roles connect: alternate titles (page, search, A-Z, JSON-LD, compare), career paths shown
both ways and as a category ladder, related roles with their reasons and the editors' pins and
hides, the Markdown sections that carry them, and the content checks that guard them."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

from roles import derived
from roles.editorial.connection_checks import CHECKS as CONNECTION_CHECKS
from roles.formats import markdown_io
from roles.models import AlternateTitle, CareerStep, RelatedChoice, Role
from roles.wages.models import Occupation
from tests.factories import make_career_step, make_category, make_role
from tests.html import form_fields, normalise, parse, visible_text
from tests.roles.editors import editor_client

FROM, TO = CareerStep.Direction.FROM, CareerStep.Direction.TO
AIDE_TO_NURSE = "A nursing degree, then passing the licensing exam of the state."
NURSE_TO_PRACTITIONER = "A graduate degree in advanced practice and a national certification."


def related(response) -> list[tuple[str, str]]:
    """(title, reason) of each "Related roles" card, in order."""
    cards = parse(response).cssselect("#related ~ .cards .card")
    return [
        (
            card.cssselect(".card__title a")[0].text,
            normalise(card.cssselect(".card__reason")[0].text_content()),
        )
        for card in cards
    ]


def path_moves(response, heading: str) -> list[str]:
    """The visible lines under "Where people come from" or "Where it leads"."""
    for side in parse(response).cssselect("#career-path ~ .career-path .career-path__side"):
        if side.cssselect("h3")[0].text == heading:
            return [normalise(li.text_content()) for li in side.cssselect("li")]
    return []


def connection_problems(role: Role) -> list[str]:
    role = Role.objects.with_page_content().get(pk=role.pk)
    return [str(p) for check in CONNECTION_CHECKS for p in check(role)]


# --- alternate titles ---------------------------------------------------------------------


@pytest.fixture
def tester(db):
    role = make_role(title="Penetration Tester", slug="penetration-tester")
    AlternateTitle.objects.create(role=role, title="Ethical Hacker", position=1)
    AlternateTitle.objects.create(role=role, title="Red Team Operator", position=2)
    make_role(category=role.category, title="Hacker News Editor", summary="Edits a newsletter.")
    return role


def test_the_page_names_the_other_titles_under_its_own(client, tester):
    page = parse(client.get(tester.get_absolute_url()))
    assert normalise(page.cssselect(".also-called")[0].text_content()) == (
        "Also called: Ethical Hacker, Red Team Operator"
    )
    graph = json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    occupation = next(node for node in graph["@graph"] if node["@type"] == "Occupation")
    assert occupation["alternateName"] == ["Ethical Hacker", "Red Team Operator"]


def test_searching_an_alternate_title_lands_on_the_role_first(client, tester):
    page = parse(client.get("/search/", {"q": "ethical hacker"}))
    first = page.cssselect(".search-results a, .results a, main article a")[0]
    assert first.get("href") == tester.get_absolute_url()


def test_the_a_to_z_index_lists_alternate_titles_leading_to_the_role(client, tester):
    entries = [
        normalise(li.text_content()) for li in parse(client.get("/roles/a-z/")).cssselect("li")
    ]
    assert "Ethical Hacker · see Penetration Tester" in entries
    assert "Red Team Operator · see Penetration Tester" in entries
    link = parse(client.get("/roles/a-z/")).xpath('//li[contains(., "Ethical Hacker")]/a')[0]
    assert link.get("href") == tester.get_absolute_url()


def test_an_alternate_title_is_shown_on_its_letters_page_of_a_large_index(
    client, tester, monkeypatch
):
    monkeypatch.setattr("roles.a_to_z.ONE_PAGE_LIMIT", 1)
    letter_e = visible_text(client.get("/roles/a-z/e/"))
    assert "Ethical Hacker · see Penetration Tester" in letter_e


def test_compare_finds_a_role_typed_by_an_alternate_title(db, tester):
    assert Role.objects.published().best_match("ethical hacker") == tester


def test_alternate_titles_that_mislead_are_flagged(db, tester):
    other = make_role(title="Security Engineer", slug="security-engineer")
    AlternateTitle.objects.create(role=other, title="Ethical Hacker")
    AlternateTitle.objects.create(role=other, title="Penetration Tester")
    AlternateTitle.objects.create(role=other, title="security engineer")
    problems = connection_problems(other)
    assert "Alternate title “security engineer” is the role's own title." in problems
    assert "Alternate title “Penetration Tester” is another role's title." in problems
    assert (
        "Alternate title “Ethical Hacker” is also listed for Penetration Tester: give it to one "
        "role." in problems
    )
    assert any(p.startswith("No alternate titles") for p in connection_problems(make_role()))


# --- career paths -------------------------------------------------------------------------


@pytest.fixture
def nursing(db):
    care, advanced = make_category(name="Care"), make_category(name="Advanced practice")
    aide = make_role(category=care, title="Nursing Aide", slug="aide", career_step=False)
    nurse = make_role(category=care, title="Staff Nurse", slug="nurse", career_step=False)
    practitioner = make_role(
        category=advanced, title="Practitioner", slug="practitioner", career_step=False
    )
    make_career_step(aide, TO, nurse, what_it_takes=AIDE_TO_NURSE)
    make_career_step(nurse, TO, practitioner, what_it_takes=NURSE_TO_PRACTITIONER)
    return aide, nurse, practitioner


def test_a_step_shows_on_both_roles_pages(client, nursing):
    _aide, nurse, practitioner = nursing
    page = client.get(nurse.get_absolute_url())
    assert path_moves(page, "Where people come from") == [f"Nursing Aide: {AIDE_TO_NURSE}"]
    assert path_moves(page, "Where it leads") == [f"Practitioner: {NURSE_TO_PRACTITIONER}"]
    link = parse(page).xpath('//div[@class="career-path"]//a[text()="Practitioner"]')[0]
    assert link.get("href") == practitioner.get_absolute_url()
    # Declared by the nurse only, it shows on the practitioner's page the other way round.
    assert path_moves(client.get(practitioner.get_absolute_url()), "Where people come from") == [
        f"Staff Nurse: {NURSE_TO_PRACTITIONER}"
    ]
    text = client.get(practitioner.get_absolute_url().rstrip("/") + ".txt").content.decode()
    assert f"Comes from:\n- Staff Nurse: {NURSE_TO_PRACTITIONER}" in text


def test_a_step_to_a_role_readers_cannot_see_is_left_out_and_flagged(client, nursing):
    aide, nurse, practitioner = nursing
    practitioner.status = Role.Status.DRAFT
    practitioner.save()
    make_career_step(nurse, TO, "charge-nurse")
    page = client.get(nurse.get_absolute_url())
    assert path_moves(page, "Where it leads") == []
    assert "Practitioner" not in visible_text(page)
    assert [p for p in connection_problems(nurse) if p.startswith("Career path")] == [
        "Career path: Moves to “practitioner” is no published role (readers do not see it).",
        "Career path: Moves to “charge-nurse” is no published role (readers do not see it).",
    ]
    # Its page gone, the practitioner's steps are no longer shown elsewhere either.
    make_career_step(practitioner, FROM, aide)
    assert path_moves(client.get(aide.get_absolute_url()), "Where it leads") == [
        f"Staff Nurse: {AIDE_TO_NURSE}"
    ]


def test_a_step_must_say_in_one_sentence_what_the_move_takes(nursing):
    aide, *_ = nursing
    make_career_step(aide, TO, "nurse", what_it_takes="Study.")
    assert "Career path: Moves to “nurse” is given twice." in connection_problems(aide)
    assert any("takes is 1 words; aim for 8-45" in p for p in connection_problems(aide))


def test_the_category_page_shows_the_ladder_of_its_roles(client, nursing):
    aide, nurse, _ = nursing
    loner = make_role(category=aide.category, title="Ward Clerk", career_step=False)
    senior = make_role(category=aide.category, title="Ward Manager", career_step=False)
    make_career_step(senior, FROM, nurse)
    make_career_step(aide, TO, senior)  # a longer way up puts the manager above the nurse
    # Moves both ways say nothing of which rung is higher: the clerk stays off the ladder.
    make_career_step(loner, TO, aide)
    make_career_step(aide, TO, loner)
    ladder = parse(client.get(aide.category.get_absolute_url())).cssselect(".ladder__rung")
    assert [normalise(rung.text_content()) for rung in ladder] == [
        "Step 1: Nursing Aide",
        "Step 2: Staff Nurse",
        "Step 3: Ward Manager",
    ]
    assert loner.title not in " ".join(rung.text_content() for rung in ladder)


@pytest.mark.page_cache
def test_a_new_step_shows_at_once_on_the_cached_page_of_a_role_in_another_category(client, nursing):
    aide, _nurse, practitioner = nursing
    url = practitioner.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    make_career_step(aide, TO, practitioner, what_it_takes="Years of nursing first, then a degree.")
    assert "Nursing Aide: Years of nursing first, then a degree." in path_moves(
        client.get(url), "Where people come from"
    )
    CareerStep.objects.filter(role=aide, other_slug="practitioner").delete()
    assert "Nursing Aide" not in " ".join(path_moves(client.get(url), "Where people come from"))


# --- related roles ------------------------------------------------------------------------


def test_related_roles_say_why_and_follow_the_editors_choices(client, nursing):
    _aide, nurse, _practitioner = nursing
    clerk = make_role(category=nurse.category, title="Ward Clerk", career_step=False)
    stranger = make_role(title="Lighthouse Keeper", career_step=False)
    reasons = dict(related(client.get(nurse.get_absolute_url())))
    assert reasons == {
        "Practitioner": "Career path: a common next step from this role",
        "Nursing Aide": "Career path: a common way into this role",
        # The factory gives every role the same qualification group.
        "Ward Clerk": "Shared qualifications: A degree; Curiosity",
    }
    RelatedChoice.objects.create(
        role=nurse, choice="pin", other_slug=stranger.slug, reason="Night shifts, alone"
    )
    RelatedChoice.objects.create(role=nurse, choice="hide", other_slug=clerk.slug)
    assert related(client.get(nurse.get_absolute_url())) == [
        ("Lighthouse Keeper", "Night shifts, alone"),
        ("Practitioner", "Career path: a common next step from this role"),
        ("Nursing Aide", "Career path: a common way into this role"),
    ]


def test_related_roles_name_shared_qualifications_and_the_occupation_group(client, db):
    broad = Occupation.objects.create(code="29-1140", title="Registered Nurses", level="broad")
    for code in ("29-1141", "29-1142"):
        Occupation.objects.create(code=code, title=code, level="detailed", parent=broad)
    home = make_category(name="Wards")
    role = make_role(category=home, title="Ward Nurse", soc_id="29-1141", career_step=False)
    role.qualification_groups.update(items="RN license\nBLS certification")
    sharing = make_role(category=home, title="Clinic Nurse", career_step=False)
    sharing.qualification_groups.update(items="bls  certification\nPatience")
    derived.refresh(role_ids=[role.pk, sharing.pk])  # QuerySet.update sends no signals
    grouped = make_role(title="Flight Nurse", soc_id="29-1142", career_step=False)
    make_role(title="Unrelated Role", career_step=False)
    assert related(client.get(role.get_absolute_url())) == [
        ("Clinic Nurse", "Shared qualifications: BLS certification"),
        ("Flight Nurse", "Same occupation group: Registered Nurses"),
    ]
    assert grouped.category != home


@pytest.mark.page_cache
def test_a_role_joining_the_occupation_group_shows_at_once_on_cached_pages_of_other_categories(
    client, db
):
    """A related role of another category is there for its occupation group: a role that joins
    the group was on no cached page, so its edit must retire the pages of the group's roles."""
    broad = Occupation.objects.create(code="29-1140", title="Registered Nurses", level="broad")
    for code in ("29-1141", "29-1142"):
        Occupation.objects.create(code=code, title=code, level="detailed", parent=broad)
    Occupation.objects.create(code="53-2011", title="Airline Pilots", level="detailed")
    role = make_role(title="Ward Nurse", soc_id="29-1141", career_step=False)
    joining = make_role(title="Flight Nurse", soc_id="53-2011", career_step=False)
    assert joining.category != role.category
    url = role.get_absolute_url()
    assert "Flight Nurse" not in dict(related(client.get(url)))
    assert client.get(url)["X-Page-Cache"] == "hit"
    joining.soc_id = "29-1142"
    joining.save()
    # (The factory gives every role the same qualifications, the reason that ranks first.)
    assert "Flight Nurse" in dict(related(client.get(url)))


def test_pins_and_hides_that_name_no_role_are_flagged(nursing):
    _, nurse, _ = nursing
    RelatedChoice.objects.create(role=nurse, choice="pin", other_slug="nobody")
    RelatedChoice.objects.create(role=nurse, choice="pin", other_slug="aide")
    RelatedChoice.objects.create(role=nurse, choice="hide", other_slug="aide")
    assert [p for p in connection_problems(nurse) if p.startswith("Related")] == [
        "Related roles: pin “nobody” names no other published role.",
        "Related roles: “aide” is both pinned and hidden.",
    ]


# --- the Markdown sections ----------------------------------------------------------------


def test_alternate_titles_paths_and_choices_travel_through_markdown(db, nursing):
    _, nurse, _ = nursing
    AlternateTitle.objects.create(role=nurse, title="Bedside Nurse")
    RelatedChoice.objects.create(role=nurse, choice="pin", other_slug="aide", reason="Same ward")
    RelatedChoice.objects.create(role=nurse, choice="hide", other_slug="practitioner")
    text = markdown_io.render_role(Role.objects.get(pk=nurse.pk))
    assert "## Also known as\n\n- Bedside Nurse\n" in text
    assert f"## Career path\n\n### Moves to\n\n- practitioner: {NURSE_TO_PRACTITIONER}\n" in text
    assert "## Related roles\n\n- pin aide: Same ward\n- hide practitioner\n" in text
    edited = text.replace("- Bedside Nurse", "- Bedside Nurse\n- Floor Nurse").replace(
        "### Moves to",
        "### Comes from\n\n- aide: Two years as an aide and a degree.\n\n### Moves to",
    )
    path = Path(tempfile.mkdtemp()) / "nurse.md"
    path.write_text(edited)
    call_command("import_roles", str(path), verbosity=0)
    nurse = Role.objects.get(pk=nurse.pk)
    assert [a.title for a in nurse.alternate_titles.all()] == ["Bedside Nurse", "Floor Nurse"]
    assert [(s.direction, s.other_slug) for s in nurse.career_steps.all()] == [
        ("from", "aide"),
        ("to", "practitioner"),
    ]
    assert markdown_io.render_role(nurse) == edited


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "## Career path\n\n### Goes to\n\n- aide: Years of it.\n",
            "Career path: unknown heading 'Goes to' (use 'Comes from' or 'Moves to')",
        ),
        ("## Career path\n\n### Moves to\n\n- aide\n", "Career path: say what the move to 'aide'"),
        (
            "## Career path\n\n### Moves to\n\n- Staff Nurse!: Years.\n",
            "expected a line like '- role-slug: what the move takes'",
        ),
        ("## Related roles\n\n- star aide\n", "start each line with 'pin' or 'hide'"),
        ("## Related roles\n\n- hide aide: too close\n", "a hidden role takes no reason"),
    ],
)
def test_a_malformed_connection_section_is_refused_with_its_line(db, section, message):
    text = "---\ntitle: T\nslug: t\ncategory: c\nstatus: draft\n---\n\n## Summary\n\nS.\n\n"
    with pytest.raises(markdown_io.MarkdownFormatError) as error:
        markdown_io.parse_role(text + section, "t.md")
    assert message in str(error.value)
    assert str(error.value).startswith("t.md:1")


# --- the admin ----------------------------------------------------------------------------


@pytest.mark.page_cache
def test_an_editor_adds_a_title_a_move_and_a_pin_in_the_admin_and_readers_see_them(client, nursing):
    aide, _, practitioner = nursing
    editor = editor_client("connector")
    client.get(practitioner.get_absolute_url())  # cached before the edit
    url = f"/admin/roles/role/{aide.pk}/change/"
    form = form_fields(editor.get(url), "role_form")
    steps = int(form["career_steps-TOTAL_FORMS"])
    form.update(
        {
            "alternate_titles-TOTAL_FORMS": "1",
            "alternate_titles-0-position": "1",
            "alternate_titles-0-title": "Patient Care Aide",
            "career_steps-TOTAL_FORMS": str(steps + 1),
            f"career_steps-{steps}-position": str(steps + 1),
            f"career_steps-{steps}-direction": "to",
            f"career_steps-{steps}-other_slug": practitioner.slug,
            f"career_steps-{steps}-what_it_takes": "A nursing degree, years at the bedside, "
            "then a graduate degree.",
            "related_choices-TOTAL_FORMS": "1",
            "related_choices-0-position": "1",
            "related_choices-0-choice": "pin",
            "related_choices-0-other_slug": practitioner.slug,
            "related_choices-0-reason": "Where many aides end up",
        }
    )
    response = editor.post(url, form)
    assert response.status_code == 302, parse(response).cssselect(".errorlist")
    page = client.get(aide.get_absolute_url())
    assert "Also called: Patient Care Aide" in visible_text(page)
    assert related(page)[0] == ("Practitioner", "Where many aides end up")
    assert "Nursing Aide: A nursing degree, years at the bedside, then a graduate degree." in (
        path_moves(client.get(practitioner.get_absolute_url()), "Where people come from")
    )
