"""The builder's state in its own link: no account and nothing stored on the server.

The form's data (a flat dict of strings) is JSON, compressed with zlib and written in base64url
as one `?s=` parameter: a typical ad is 1.5-3 kB that way, against 5-10 kB as a plain query
string. A link is refused beyond LINK_LIMIT characters, so that it stays within what browsers,
proxies and chat apps carry reliably; the page says so and keeps what was typed.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

# Characters of the `s` parameter; with the path and host the whole link stays under 6 kB.
LINK_LIMIT = 5800
# A state decompresses to at most this much: a forged link cannot make the server inflate more.
MAX_STATE_BYTES = 64 * 1024


class BadState(ValueError):
    """The link's state is damaged or was not written by the builder."""


def encode(data: dict[str, str]) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    packed = zlib.compress(raw.encode(), level=9)
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode(token: str) -> dict[str, str]:
    if len(token) > LINK_LIMIT * 2:
        raise BadState("too long")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_STATE_BYTES)
        if inflater.unconsumed_tail:
            raise BadState("too large")
        data = json.loads(raw.decode())
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadState(str(error)) from error
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise BadState("not a form")
    return data
