"""The Atom feed of recently published and updated roles, advertised on every page."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from roles.models import Role, strip_control_characters
from roles.seo import absolute_url

FEED_LENGTH = 30


class RecentRolesFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self) -> str:
        return strip_control_characters(f"{settings.SITE_NAME}: new and updated job descriptions")

    def subtitle(self) -> str:
        return "Roles as they are published or their content changes, newest first."

    # Absolute URLs on SITE_URL: the syndication framework leaves absolute links untouched
    # instead of prefixing the request's host.
    def link(self) -> str:
        return absolute_url(reverse("roles:home"))

    def feed_url(self) -> str:
        return absolute_url(reverse("roles:feed"))

    def author_name(self) -> str:
        return settings.SITE_NAME

    def items(self):
        return Role.objects.recently_updated().select_related("category")[:FEED_LENGTH]

    # Text is stripped of control characters here too: XML cannot carry them, and rows written
    # before text fields refused them (or by loaddata, which skips save()) may still hold some.
    def item_title(self, role: Role) -> str:
        return strip_control_characters(role.title)

    def item_description(self, role: Role) -> str:
        return strip_control_characters(role.summary)

    def item_link(self, role: Role) -> str:
        return absolute_url(role.get_absolute_url())

    def item_pubdate(self, role: Role) -> datetime | None:
        return role.published_at

    def item_updateddate(self, role: Role) -> datetime:
        return role.content_updated_at

    def item_categories(self, role: Role) -> list[str]:
        return [strip_control_characters(role.category.name)]
