from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobsite import views
from roles.open_data import urls as open_data_urls
from roles.open_data.api import api

# Editors who forgot their password, or are locked out, reset it by email (the admin's login page
# links the first of these by its name).
password_reset = [
    path("password_reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path(settings.ADMIN_URL, include(password_reset)),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("roles.urls")),
    path("", include("roles.wages.urls")),
    path("", include("roles.open_data.urls")),
    path("api/v1/", api.urls),
    *open_data_urls.api_fallback,
]

handler500 = "jobsite.views.server_error"
