"""The reader's address as the site's own proxies saw it, for login lockouts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address TRUSTED_PROXY_COUNT proxies back along X-Forwarded-For, else REMOTE_ADDR.

    Each trusted proxy appends the address it received the request from, so the client's is the
    entry that many places from the end; anything left of it was written by the client itself
    and could be forged. Without this, every reader behind the proxy shares the proxy's address
    and one attacker's failures would lock everyone out.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if hops and addresses:
        return addresses[-hops] if len(addresses) >= hops else addresses[0]
    return request.META.get("REMOTE_ADDR")
