"""The whole-page cache: a second anonymous request is served without touching the database, and
every change a reader could see is visible on the very next request, while pages that the change
does not affect stay cached. Runs on local memory, and on Redis when REDIS_URL is set."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import autoreload, timezone

from roles.editorial.edits import RoleEdit
from roles.models import Duty, Role
from roles.page_cache import PageCacheMiddleware
from roles.page_cache.versions import release
from tests.factories import make_career_step, make_category, make_role
from tests.html import visible_text

pytestmark = pytest.mark.page_cache


def served(client, url: str, django_assert_num_queries, queries: int):
    with django_assert_num_queries(queries):
        return client.get(url)


@pytest.fixture
def two_categories(db):
    data, ops = make_category(name="Data"), make_category(name="Operations")
    return {
        "data": data,
        "ops": ops,
        "analyst": make_role(category=data, title="Analyst"),
        "engineer": make_role(category=data, title="Engineer"),
        "planner": make_role(category=ops, title="Planner"),
    }


def urls(site) -> list[str]:
    return [
        "/",
        "/jobs/",
        site["data"].get_absolute_url(),
        site["analyst"].get_absolute_url(),
        site["planner"].get_absolute_url(),
        "/roles/a-z/",
        "/roles/a-z/a/",
    ]


def warm(client, site) -> None:
    for url in urls(site):
        assert client.get(url)["X-Page-Cache"] == "miss"


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, two_categories, django_assert_num_queries
):
    warm(client, two_categories)
    for url in urls(two_categories):
        first = client.get(url)
        response = served(client, url, django_assert_num_queries, 0)
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
        for header in ("Content-Type", "X-Frame-Options", "Cache-Control"):
            assert response[header] == first[header], header


def test_head_is_served_the_validators_of_get_on_a_miss_and_on_a_hit(
    client, two_categories, django_assert_num_queries
):
    role_url = two_categories["analyst"].get_absolute_url()
    category_url = two_categories["data"].get_absolute_url()
    for url in (role_url, category_url):
        miss = client.head(url)
        assert miss["X-Page-Cache"] == "miss" and miss.content == b""
        get = served(client, url, django_assert_num_queries, 0)  # the HEAD stored the page
        assert get["X-Page-Cache"] == "hit"
        assert miss["ETag"] == get["ETag"]
        with django_assert_num_queries(0):
            hit = client.head(url)
        assert (hit["X-Page-Cache"], hit["ETag"]) == ("hit", get["ETag"])
        assert hit["Content-Length"] == get["Content-Length"]
        revalidated = client.head(url, headers={"If-None-Match": get["ETag"]})
        assert (revalidated.status_code, revalidated["X-Page-Cache"]) == (304, "hit")


def test_pages_cached_under_another_site_url_are_not_served(client, two_categories, settings):
    url = two_categories["analyst"].get_absolute_url()
    settings.SITE_URL = "http://127.0.0.1:8000"
    release.cache_clear()
    try:
        assert client.get(url)["X-Page-Cache"] == "miss"
        # make run PORT=8020 on the same file cache: a new process, which fingerprints anew.
        settings.SITE_URL = "http://127.0.0.1:8020"
        release.cache_clear()
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert f'href="http://127.0.0.1:8020{url}"' in response.content.decode()
    finally:
        release.cache_clear()


def test_public_pages_carry_a_cdn_friendly_cache_control(client, two_categories):
    for url in urls(two_categories):
        for _ in range(2):  # a miss and a hit
            control = client.get(url)["Cache-Control"]
            assert "public" in control and "s-maxage=" in control and "max-age=0" in control


def test_published_edit_is_visible_at_once_and_other_categories_stay_cached(
    client, two_categories, django_assert_num_queries
):
    warm(client, two_categories)
    analyst = two_categories["analyst"]
    analyst.summary = "Freshly rewritten summary."
    analyst.save()
    assert "Freshly rewritten summary." in visible_text(client.get(analyst.get_absolute_url()))
    planner_page = served(
        client, two_categories["planner"].get_absolute_url(), django_assert_num_queries, 0
    )
    assert planner_page["X-Page-Cache"] == "hit"


def test_last_updated_date_moved_after_the_save_is_visible_at_once(client, two_categories):
    analyst = two_categories["analyst"]
    Role.objects.filter(pk=analyst.pk).update(content_updated_at=timezone.now() - timedelta(400))
    analyst.refresh_from_db()
    edit = RoleEdit.begin(analyst.pk)
    analyst.summary = "A new summary."
    analyst.save()
    # A reader arrives between the save and the date moving, as in the admin's two steps.
    old_date = analyst.content_updated_at.date().isoformat()
    assert old_date in client.get(analyst.get_absolute_url()).content.decode()
    assert edit.finish(analyst)
    page = client.get(analyst.get_absolute_url()).content.decode()
    assert f'datetime="{timezone.now().date().isoformat()}' in page


def test_child_row_edit_is_visible_at_once(client, two_categories):
    warm(client, two_categories)
    duty = Duty.objects.filter(role=two_categories["analyst"]).first()
    duty.text = "Tame the quarterly spreadsheet."
    duty.save()
    page = visible_text(client.get(two_categories["analyst"].get_absolute_url()))
    assert "Tame the quarterly spreadsheet." in page


def test_title_edit_shows_in_related_roles_of_the_same_category(client, two_categories):
    warm(client, two_categories)
    engineer = two_categories["engineer"]
    engineer.title = "Renamed Engineer"
    engineer.save()
    assert "Renamed Engineer" in visible_text(
        client.get(two_categories["analyst"].get_absolute_url())
    )
    assert "Renamed Engineer" in visible_text(client.get(two_categories["data"].get_absolute_url()))


def test_new_role_appears_at_once_on_category_home_and_related_roles(
    client, two_categories, django_assert_num_queries
):
    warm(client, two_categories)
    make_role(category=two_categories["data"], title="Brand New Role")
    assert "Brand New Role" in visible_text(client.get(two_categories["data"].get_absolute_url()))
    assert "Brand New Role" in visible_text(client.get("/"))
    assert "Brand New Role" in visible_text(client.get("/roles/a-z/"))
    assert "Brand New Role" in visible_text(
        client.get(two_categories["analyst"].get_absolute_url())
    )
    response = served(
        client, two_categories["planner"].get_absolute_url(), django_assert_num_queries, 0
    )
    assert response["X-Page-Cache"] == "hit"


def test_category_rename_is_visible_at_once_everywhere_it_is_shown(client, two_categories):
    warm(client, two_categories)
    data = two_categories["data"]
    data.name = "Data Science"
    data.save()
    for url in [
        "/",
        "/jobs/",
        data.get_absolute_url(),
        two_categories["analyst"].get_absolute_url(),
        "/roles/a-z/",
        "/roles/a-z/a/",
    ]:
        assert "Data Science" in visible_text(client.get(url)), url


def test_category_slug_change_retires_the_old_addresses(client, two_categories):
    warm(client, two_categories)
    data, analyst = two_categories["data"], two_categories["analyst"]
    old_category_url, old_role_url = data.get_absolute_url(), analyst.get_absolute_url()
    data.slug = "data-science"
    data.save()
    moved = client.get(old_category_url)
    assert (moved.status_code, moved["Location"]) == (301, data.get_absolute_url())
    analyst.refresh_from_db()
    assert client.get(old_role_url)["Location"] == analyst.get_absolute_url()
    assert client.get(analyst.get_absolute_url()).status_code == 200


def test_role_moved_to_another_category_redirects_from_its_old_address(client, two_categories):
    warm(client, two_categories)
    analyst = two_categories["analyst"]
    old_url = analyst.get_absolute_url()
    analyst.category = two_categories["ops"]
    analyst.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == analyst.get_absolute_url()
    assert "Analyst" not in visible_text(client.get(two_categories["data"].get_absolute_url()))
    assert "Analyst" in visible_text(client.get(two_categories["ops"].get_absolute_url()))


def test_deleted_role_is_gone_at_once(client, two_categories):
    warm(client, two_categories)
    analyst = two_categories["analyst"]
    url = analyst.get_absolute_url()
    analyst.delete()
    assert client.get(url).status_code == 410
    assert "Analyst" not in visible_text(client.get(two_categories["data"].get_absolute_url()))
    assert "Analyst" not in visible_text(client.get("/"))


def test_unpublishing_hides_the_role_at_once(client, two_categories):
    warm(client, two_categories)
    analyst = two_categories["analyst"]
    analyst.status = Role.Status.DRAFT
    analyst.save()
    assert client.get(analyst.get_absolute_url()).status_code == 410


def test_scheduled_role_goes_live_on_the_first_request_after_its_publish_date(
    client, two_categories, django_assert_num_queries
):
    data = two_categories["data"]
    # Pages are kept for the whole seconds left before the go-live: room for a slow machine to
    # warm them with at least one second to spare.
    going_live = timezone.now() + timedelta(seconds=3)
    make_role(category=data, title="Scheduled Role", published_at=going_live)
    warm(client, two_categories)
    page = served(client, data.get_absolute_url(), django_assert_num_queries, 0)
    assert page["X-Page-Cache"] == "hit", "pages are still cached until the go-live"
    assert "Scheduled Role" not in visible_text(page)
    planner = two_categories["planner"].get_absolute_url()
    assert client.get(planner)["X-Page-Cache"] == "hit"

    time.sleep(max(0.0, (going_live - timezone.now()).total_seconds()) + 0.05)
    assert "Scheduled Role" in visible_text(client.get(data.get_absolute_url()))
    assert "Scheduled Role" in visible_text(client.get("/"))
    assert "Scheduled Role" in visible_text(
        client.get(two_categories["analyst"].get_absolute_url())
    )
    assert client.get(planner)["X-Page-Cache"] == "hit", "another category's role is unaffected"


def test_the_soonest_of_several_scheduled_roles_in_a_category_bounds_its_pages(
    client, two_categories
):
    data = two_categories["data"]
    going_live = timezone.now() + timedelta(seconds=1.5)
    make_role(category=data, title="Alpha Scheduled", published_at=going_live)
    make_role(category=data, title="Zulu Scheduled", published_at=going_live + timedelta(days=1))
    assert "Alpha Scheduled" not in visible_text(client.get(data.get_absolute_url()))

    time.sleep(max(0.0, (going_live - timezone.now()).total_seconds()) + 0.05)
    text = visible_text(client.get(data.get_absolute_url()))
    assert "Alpha Scheduled" in text
    assert "Zulu Scheduled" not in text


def test_generate_roles_drops_every_cached_page(client, two_categories):
    from django.core.management import call_command

    warm(client, two_categories)
    call_command("generate_roles", count=3, verbosity=0)
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_logged_in_staff_get_fresh_private_pages_that_are_never_stored(
    client, two_categories, django_assert_num_queries
):
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    url = two_categories["analyst"].get_absolute_url()
    client.force_login(staff)
    for _ in range(2):
        response = client.get(url)
        assert response["X-Page-Cache"] == "bypass"
        assert response["Cache-Control"].startswith("private")
    client.logout()
    client.cookies.clear()
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("query", ["?preview=1", "?utm_source=x", "?page=1&page=2"])
def test_requests_with_other_query_parameters_are_not_cached(client, two_categories, query):
    url = two_categories["data"].get_absolute_url() + query
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "bypass"


def test_pagination_pages_are_cached_separately(client, two_categories):
    data = two_categories["data"]
    first = client.get(data.get_absolute_url())
    second = client.get(data.get_absolute_url() + "?page=1")
    assert second["X-Page-Cache"] == "miss"
    assert second.content == first.content


def test_not_found_pages_are_not_cached(client, two_categories):
    scheduled = make_role(
        category=two_categories["data"], published_at=timezone.now() + timedelta(1)
    )
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(scheduled.get_absolute_url()).status_code == 404
        assert len(queries) > 0, "a 404 was answered from the page cache"


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda request: _with_cookie(HttpResponse("hi")), id="sets a cookie"),
        pytest.param(lambda request: HttpResponse(get_token(request)), id="uses a CSRF token"),
        pytest.param(
            lambda request: HttpResponse("hi", headers={"Vary": "Accept-Language"}),
            id="varies on language",
        ),
    ],
)
def test_responses_that_are_personal_or_vary_are_never_stored(db, make_response):
    calls = []

    def view(request):
        calls.append(request)
        return make_response(request)

    class EverythingTakesPart(PageCacheMiddleware):
        def scope_of(self, request):
            return True, None, False

    middleware = EverythingTakesPart(view)
    for _ in range(2):
        assert middleware(RequestFactory().get("/somewhere/"))["X-Page-Cache"] == "miss"
    assert len(calls) == 2


def test_the_same_harness_stores_a_plain_public_response(db):
    calls = []

    def view(request):
        calls.append(request)
        return HttpResponse("hello")

    class EverythingTakesPart(PageCacheMiddleware):
        def scope_of(self, request):
            return True, None, False

    middleware = EverythingTakesPart(view)
    hits = [middleware(RequestFactory().get("/somewhere/"))["X-Page-Cache"] for _ in range(2)]
    assert hits == ["miss", "hit"]
    assert len(calls) == 1


def test_a_cached_page_answers_a_matching_revalidation_with_304(db):
    class EverythingTakesPart(PageCacheMiddleware):
        def scope_of(self, request):
            return True, None, False

    middleware = EverythingTakesPart(lambda request: HttpResponse("hi", headers={"ETag": '"v1"'}))
    assert middleware(RequestFactory().get("/somewhere/"))["X-Page-Cache"] == "miss"
    fresh = middleware(RequestFactory().get("/somewhere/", headers={"If-None-Match": '"v1"'}))
    assert (fresh.status_code, fresh["X-Page-Cache"]) == (304, "hit")
    stale = middleware(RequestFactory().get("/somewhere/", headers={"If-None-Match": '"v0"'}))
    assert (stale.status_code, stale.content) == (200, b"hi")


def _with_cookie(response: HttpResponse) -> HttpResponse:
    response.set_cookie("tracking", "1")
    return response


def test_cache_backend_is_the_one_settings_chose(settings):
    backend = type(caches["default"]).__name__
    assert backend == ("RedisCache" if settings.REDIS_URL else "FileBasedCache")


def test_a_template_edited_under_runserver_retires_the_pages_cached_from_it(settings, tmp_path):
    """runserver reloads an edited template without restarting, so the release fingerprint
    that keys every cached page must be recomputed when the autoreloader reports a change."""
    template = tmp_path / "page.html"
    template.write_text("before")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    release.cache_clear()
    try:
        before = release()
        template.write_text("after")
        assert release() == before  # one fingerprint per process while nothing is reported
        autoreload.file_changed.send(sender=None, file_path=template)
        assert release() != before
    finally:
        release.cache_clear()


def test_pages_and_search_render_from_the_database_while_redis_is_down(
    client, db, settings, caplog
):
    """A Redis nobody answers on (connection refused at once) is a miss on every page, never a
    500, and an editor's save still goes through."""
    role = make_role(title="Offline Analyst")
    settings.CACHES = {
        "default": {
            "BACKEND": "jobsite.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    for url in (role.get_absolute_url(), role.category.get_absolute_url(), "/", "/roles/a-z/"):
        response = client.get(url)
        assert (response.status_code, response["X-Page-Cache"]) == (200, "miss"), url
    assert "Offline Analyst" in client.get("/search/", {"q": "ofline analyst"}).content.decode()
    role.title = "Offline Analyst II"
    role.save()
    assert "Offline Analyst II" in client.get(role.get_absolute_url()).content.decode()
    assert "page cache unavailable" in caplog.text


def test_a_cached_page_is_not_served_to_a_host_the_site_refuses(client, two_categories):
    url = two_categories["analyst"].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url, headers={"Host": "evil.example"}).status_code == 400


def test_requests_for_things_that_do_not_exist_leave_nothing_in_the_cache(client, two_categories):
    """A stranger cannot grow the cache: no version token for an unknown category, and no copy
    of a page for a ?page= that does not exist or that a page without pages ignores."""
    from django.core.cache import cache

    from roles.page_cache.versions import version_key

    role = two_categories["analyst"]
    for n in range(5):
        assert client.get(f"/jobs/no-such-category-{n}/").status_code == 404
        assert client.get(f"{role.category.get_absolute_url()}?page={900 + n}").status_code == 404
        assert client.get(f"{role.category.get_absolute_url()}?page=0{n}")["X-Page-Cache"] != "hit"
        assert client.get(f"{role.get_absolute_url()}?page={n + 2}")["X-Page-Cache"] == "bypass"
    assert all(cache.get(version_key(f"category:no-such-category-{n}")) is None for n in range(5))


def test_a_hit_on_a_page_showing_another_categorys_role_is_one_cache_read(
    client, two_categories, monkeypatch
):
    """The role page names its career path's roles of other categories as versions it depends
    on; a hit reads them with the page itself, and an edit of such a role still shows at once."""
    analyst, planner = two_categories["analyst"], two_categories["planner"]
    make_career_step(analyst, "to", planner)
    url = analyst.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    cache = caches["default"]
    reads = []
    read = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or read(keys))
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert len(reads) == 1

    planner.title = "Senior Planner"
    planner.save()
    page = client.get(url)
    assert (page["X-Page-Cache"], "Senior Planner" in visible_text(page)) == ("miss", True)
