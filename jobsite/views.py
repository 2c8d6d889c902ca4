"""Error handlers that need no database."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.views import defaults

from jobsite.middleware import service_unavailable


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the error was a lost database connection that escaped
    DatabaseUnavailableMiddleware (raised by a middleware rather than a view)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return defaults.server_error(request)
