from django.contrib.sitemaps.views import sitemap
from django.urls import path

from roles import crawler_views, reader_views, views
from roles.feeds import RecentRolesFeed
from roles.sitemaps import SITEMAPS

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.category_list, name="category-list"),
    path("jobs/<slug:category_slug>/", views.category_detail, name="category"),
    path("jobs/<slug:category_slug>/<slug:role_slug>/", views.role_detail, name="detail"),
    # For crawlers and link previews (roles/crawler_views.py).
    path("robots.txt", crawler_views.robots_txt, name="robots"),
    path("sitemap.xml", crawler_views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        # Our template gives lastmod to the second (W3C datetime), Django's only the day.
        {"sitemaps": SITEMAPS, "template_name": "roles/sitemap.xml"},
        name="sitemap-section",
    ),
    path("feed/", RecentRolesFeed(), name="feed"),
    path("social/site.png", crawler_views.site_card, name="site-card"),
    path("social/roles/<slug:role_slug>.png", crawler_views.role_card, name="role-card"),
    path(
        "social/categories/<slug:category_slug>.png",
        crawler_views.category_card,
        name="category-card",
    ),
    path("preview/roles/<int:pk>/", views.role_preview, name="preview"),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.txt",
        reader_views.role_text,
        name="detail-text",
    ),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.md",
        reader_views.role_markdown,
        name="detail-markdown",
    ),
    path("search/", reader_views.search_page, name="search"),
    path("search/suggest/", reader_views.search_suggest, name="search-suggest"),
    path("roles/a-z/", reader_views.role_index, name="role-index"),
    path("roles/a-z/<str:letter>/", reader_views.role_index_letter, name="role-index-letter"),
    path("compare/", reader_views.compare_pick, name="compare-pick"),
    path("compare/<slug:slug_a>/<slug:slug_b>/", reader_views.compare, name="compare"),
]
