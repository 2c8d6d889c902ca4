from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from roles.models import AlternateTitle, RelatedChoice, Role
from tests.conftest import PAY_SAMPLE
from tests.factories import make_category, make_role

# A word that only the roles readers must not see carry, in their titles and summaries.
SECRET = "Quokkalogist"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings, request):
    """The API's rate limit is off except in the tests of it: the suite's many requests from
    one test address would otherwise trip it."""
    if request.node.get_closest_marker("rate_limit") is None:
        settings.API_RATE_LIMIT = 0


@pytest.fixture
def pay(db):
    """The small pay release of tests/wages/data (29 occupations in 8 areas)."""
    call_command("load_wages", str(PAY_SAMPLE), verbosity=0)


@pytest.fixture
def shown(pay):
    """A published role with an SOC code (Data Scientists), in a category of its own, with a
    row of every kind."""
    role = make_role(
        category=make_category(name="Visible work", slug="visible-work"),
        title="Harbour Pilot",
        slug="harbour-pilot",
        soc_id="15-2051",
    )
    AlternateTitle.objects.create(role=role, title="Marine Pilot")
    RelatedChoice.objects.create(role=role, choice="hide", other_slug="deckhand")
    return role


@pytest.fixture
def hidden(db, shown):
    """Roles no reader may see, one of each kind, all in the shown role's category and one of
    a category of its own: a draft, a scheduled role, one taken down for a while, and one an
    editor made a draft again after it was public."""
    now = timezone.now()
    category = shown.category
    roles = {
        "draft": make_role(
            category=category, status=Role.Status.DRAFT, published_at=None, slug="secret-draft"
        ),
        "scheduled": make_role(
            category=category, published_at=now + timedelta(days=3), slug="secret-scheduled"
        ),
        "taken down": make_role(
            category=category, taken_down_until=now + timedelta(days=2), slug="secret-down"
        ),
        "unpublished": make_role(
            category=make_category(name="Hidden work", slug="hidden-work"),
            slug="secret-unpublished",
        ),
    }
    unpublished = roles["unpublished"]
    unpublished.status = Role.Status.DRAFT
    unpublished.save()
    for kind, role in roles.items():
        Role.objects.filter(pk=role.pk).update(
            title=f"{SECRET} {kind.title()}",
            summary=f"The {SECRET} summary of a {kind} role.",
            soc=shown.soc_id,
        )
    from roles import derived

    derived.refresh(role_ids=[r.pk for r in roles.values()])
    return {kind: Role.objects.get(pk=role.pk) for kind, role in roles.items()}
