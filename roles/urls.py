from django.contrib.sitemaps.views import sitemap
from django.urls import path

from roles.feeds import RecentRolesFeed
from roles.job_ads import views as job_ads
from roles.open_data import views as open_data
from roles.sitemaps import SITEMAPS
from roles.views import about, catalogue, crawlers, finding, role

app_name = "roles"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("jobs/", catalogue.category_list, name="category-list"),
    path("ai-impact/", catalogue.ai_impact_scale, name="ai-impact"),
    path("about/", about.about, name="about"),
    path("about/methodology/", about.methodology, name="methodology"),
    path("jobs/<slug:category_slug>/", catalogue.category_detail, name="category"),
    path("jobs/<slug:category_slug>/<slug:role_slug>/", role.role_detail, name="detail"),
    # Personal pages: never cached, indexed or listed in a sitemap (roles/job_ads/views.py).
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>/job-ad/",
        job_ads.job_ad,
        name="job-ad",
    ),
    # For crawlers and link previews (roles/crawlers.py).
    path("robots.txt", crawlers.robots_txt, name="robots"),
    path("sitemap.xml", crawlers.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        # Our template gives lastmod to the second (W3C datetime), Django's only the day.
        {"sitemaps": SITEMAPS, "template_name": "roles/sitemap.xml"},
        name="sitemap-section",
    ),
    path("feed/", RecentRolesFeed(), name="feed"),
    path("social/site.png", crawlers.site_card, name="site-card"),
    path("social/roles/<slug:role_slug>.png", crawlers.role_card, name="role-card"),
    path(
        "social/categories/<slug:category_slug>.png",
        crawlers.category_card,
        name="category-card",
    ),
    path("preview/roles/<int:pk>/", role.role_preview, name="preview"),
    path("preview/roles/<int:pk>.txt", role.preview_text, name="preview-text"),
    path("preview/roles/<int:pk>.md", role.preview_markdown, name="preview-markdown"),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.txt",
        role.role_text,
        name="detail-text",
    ),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.md",
        role.role_markdown,
        name="detail-markdown",
    ),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.json",
        open_data.role_json,
        name="detail-json",
    ),
    path("search/", finding.search_page, name="search"),
    path("search/suggest/", finding.search_suggest, name="search-suggest"),
    path("roles/a-z/", finding.role_index, name="role-index"),
    path("roles/a-z/<str:letter>/", finding.role_index_letter, name="role-index-letter"),
    path("compare/", finding.compare_pick, name="compare-pick"),
    path("compare/<slug:slug_a>/<slug:slug_b>/", finding.compare, name="compare"),
]
