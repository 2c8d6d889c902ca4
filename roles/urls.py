from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/", views.category_list, name="category-list"),
    path("jobs/<slug:category_slug>/", views.category_detail, name="category"),
    path("jobs/<slug:category_slug>/<slug:role_slug>/", views.role_detail, name="detail"),
    path("preview/roles/<int:pk>/", views.role_preview, name="preview"),
]
