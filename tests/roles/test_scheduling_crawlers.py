"""A scheduled role enters the sitemap and the feed by itself once its publish date passes.

The sitemap and feed arrive with issue 3 (roles/sitemaps.py, roles/feeds.py); until that branch
and this one are merged, these tests skip with that reason.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_role

if importlib.util.find_spec("roles.feeds") is None:
    pytest.skip("the sitemap and feed come with issue 3's branch", allow_module_level=True)


def test_scheduled_role_enters_sitemap_and_feed_once_the_time_passes(client, category, clock):
    make_role(category=category, title="Already Public")
    scheduled = make_role(
        category=category,
        title="Night Watch",
        slug="night-watch",
        published_at=timezone.now() + timedelta(hours=2),
    )
    path = scheduled.get_absolute_url()
    assert path not in client.get("/sitemap-roles.xml").content.decode()
    assert path not in client.get("/feed/").content.decode()

    clock(timedelta(hours=2, seconds=1))

    assert path in client.get("/sitemap-roles.xml").content.decode()
    assert path in client.get("/feed/").content.decode()
