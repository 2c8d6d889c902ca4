"""Sign-in lockout that protects without locking out the innocent (django-axes).

Failures are counted per (user name, address) pair, so an attacker elsewhere guessing an
editor's password locks out only themselves, never the editor at their own address; and per
address against a much higher limit (AXES_ADDRESS_FAILURE_LIMIT), which stops one address
guessing across many user names without locking out everyone behind a shared address after five
typos.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

# Must match AXES_LOCKOUT_PARAMETERS: get_user_attempts() returns one queryset per entry.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]


class PairAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures of this (user name, address) pair, or the pair limit once the address as a
        whole reached its own limit; axes locks out when this reaches AXES_FAILURE_LIMIT."""
        pair_attempts, address_attempts = self.get_user_attempts(request, credentials)
        pair = _failures(pair_attempts)
        if _failures(address_attempts) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


# AccessAttempt.username and AccessFailureLog.username are 255 characters; a longer name typed
# into the login form would otherwise make recording the failure a database error (a 500).
USERNAME_COLUMN_LENGTH = 255


def client_username(request, credentials: dict | None = None) -> str | None:
    """The user name a sign-in attempt is counted under (AXES_USERNAME_CALLABLE)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else request.POST
    username = source.get(field)
    return username[:USERNAME_COLUMN_LENGTH] if isinstance(username, str) else username
