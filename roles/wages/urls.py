from django.urls import path, re_path

from roles.wages import views

app_name = "wages"

urlpatterns = [
    path("occupations/", views.occupation_list, name="occupations"),
    re_path(r"^occupations/(?P<code>\d\d-\d{4})/$", views.occupation_detail, name="occupation"),
    path(
        "jobs/<slug:category_slug>/<slug:role_slug>/pay-by-state/",
        views.role_states,
        name="role-states",
    ),
]
