from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("roles.urls")),
    path("", include("roles.wages.urls")),
]

handler500 = "jobsite.views.server_error"
