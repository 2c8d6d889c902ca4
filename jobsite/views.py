"""Error handlers that need no database, and the editors' password reset."""

from __future__ import annotations

import logging
import smtplib
import sys
from urllib.parse import urlsplit

from axes.utils import reset as reset_lockouts
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import defaults

from jobsite.middleware import service_unavailable

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the error was a lost database connection that escaped
    DatabaseUnavailableMiddleware (raised by a middleware rather than a view)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return defaults.server_error(request)


class PasswordResetView(auth_views.PasswordResetView):
    """The emailed link names SITE_URL, never the request's Host, which a client chooses."""

    def form_valid(self, form):
        try:
            self._send(form)
        except (smtplib.SMTPException, OSError):
            logger.exception("password reset: the mail server refused or did not answer")
            form.add_error(None, "The email could not be sent just now; please try again later.")
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def _send(self, form) -> None:
        form.save(
            domain_override=urlsplit(settings.SITE_URL).netloc,
            use_https=settings.SITE_URL.startswith("https://"),
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context={"site_name": settings.SITE_NAME},
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link also lifts the account's sign-in lock:
    whoever holds the mailbox is the editor, so the lock no longer protects anything."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockouts(username=form.user.get_username())
        return response
