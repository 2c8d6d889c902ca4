"""The framework floor for `make bench`: a bare Django that serves the saved role page.

No apps, no middleware, no database, no templates: one URL whose view returns bytes read once
at import. Served by gunicorn with jobsite/gunicorn.conf.py like the site, so the gap between
this and the real role page is what RoleAtlas itself costs, on the same stack and machine.

Environment: BENCH_FLOOR_PAGE, the path of the saved page.
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

PAGE = Path(os.environ["BENCH_FLOOR_PAGE"]).read_bytes()


def role_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("", role_page)]

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    SECRET_KEY="bench-floor-only",
)
django.setup()
application = get_wsgi_application()
