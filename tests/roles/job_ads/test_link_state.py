from __future__ import annotations

import base64
import zlib

import pytest

from roles.job_ads import link_state


def test_state_round_trips_any_text():
    data = {"title": "Data Scientist", "intro": 'Ünïcode, quotes " and </script>', "x": ""}
    assert link_state.decode(link_state.encode(data)) == data


@pytest.mark.parametrize(
    "token",
    [
        "not base64 at all!",
        base64.urlsafe_b64encode(b"plain, not zlib").decode(),
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b'{"a": 1}')).decode(),
        # A small link that would inflate to a megabyte.
        base64.urlsafe_b64encode(zlib.compress(b'{"a": "' + b"x" * 1_000_000 + b'"}')).decode(),
    ],
)
def test_damaged_or_forged_state_is_refused(token):
    with pytest.raises(link_state.BadState):
        link_state.decode(token)
