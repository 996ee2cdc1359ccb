"""The second factor gate: after the password, nothing but the second factor.

A signed-in user whose second factor is pending (a confirmed TOTP device not yet answered in this
session, or — when TWO_FACTOR_ENFORCED — a role that must enrol and has not) reaches only the steps of
signing in: the code page, enrolment and logging out (views marked `sign_in_step`), and the public
pages. Everything else — every page, the security page with its API tokens and password form, the
admin — sends them to the code page or to enrolment. The API is not gated here: it takes no session,
only bearer tokens, and those are made only after the second factor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from fanzha.core.permissions import PUBLIC

SESSION_VERIFIED = "two_factor_verified"
SIGN_IN_STEP = "fanzha_sign_in_step"
# Not views of ours: the API (bearer tokens only, no session).
_UNGATED_PREFIXES = ("/api/",)

View = Callable[..., HttpResponseBase]


def sign_in_step(view: View) -> View:
    """A step of signing in: open while the second factor is pending (and needing no action)."""
    setattr(view, SIGN_IN_STEP, True)
    return view


def _device(user: Any) -> Any:
    return getattr(user, "totp", None) if hasattr(user, "totp") else None


def second_factor_missing(request: HttpRequest) -> str | None:
    """What the signed-in user still owes: "verify" (give a code), "setup" (enrol), or None."""
    user: Any = request.user
    if not user.is_authenticated:
        return None
    device = _device(user)
    if device is not None and device.confirmed:
        return None if request.session.get(SESSION_VERIFIED) else "verify"
    if settings.TWO_FACTOR_ENFORCED and user.needs_two_factor:
        return "setup"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: View, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        if getattr(view, SIGN_IN_STEP, False) or getattr(view, PUBLIC, False):
            return None
        if request.path.startswith(_UNGATED_PREFIXES):
            return None
        missing = second_factor_missing(request)
        if missing == "verify":
            return redirect("accounts:two_factor_verify")
        if missing == "setup":
            return redirect("accounts:two_factor_setup")
        return None
