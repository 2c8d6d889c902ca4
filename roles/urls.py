from django.urls import path

from roles import reader_views, views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.category_list, name="category-list"),
    path("jobs/<slug:category_slug>/", views.category_detail, name="category"),
    path("jobs/<slug:category_slug>/<slug:role_slug>/", views.role_detail, name="detail"),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>.txt",
        reader_views.role_text,
        name="detail-text",
    ),
    path("search/", reader_views.search_page, name="search"),
    path("search/suggest/", reader_views.search_suggest, name="search-suggest"),
    path("roles/a-z/", reader_views.role_index, name="role-index"),
    path("compare/", reader_views.compare_pick, name="compare-pick"),
    path("compare/<slug:slug_a>/<slug:slug_b>/", reader_views.compare, name="compare"),
]
