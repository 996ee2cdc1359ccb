"""The pass that lets an open page poll its live stamps without a trip through the session and the
second-factor check (fanzha.views.live_stamps_app): the user's id, signed and tied to the browser's
session, valid for a working day. It tells only whether what the page shows has changed."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import signing

SALT = "fanzha.live"
MAX_AGE = 12 * 3600


def _session_tag(session_key: str) -> str:
    return hashlib.blake2b(session_key.encode(), digest_size=6).hexdigest()


def live_pass(request: Any) -> str:
    """For a signed-in user who has passed every sign-in step; "" for anyone else."""
    from fanzha.accounts.middleware import second_factor_missing

    user = getattr(request, "user", None)
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if user is None or not user.is_authenticated or not session_key or second_factor_missing(request):
        return ""
    return signing.TimestampSigner(salt=SALT).sign(f"{user.pk}.{_session_tag(session_key)}")


def user_id_of_pass(token: str, session_key: str) -> int | None:
    """The user id the pass was signed for, if it is genuine, fresh and shown with its own session."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    user_id, _sep, tag = value.partition(".")
    if not user_id.isdigit() or not session_key or tag != _session_tag(session_key):
        return None
    return int(user_id)
