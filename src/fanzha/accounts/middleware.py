from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_VERIFIED = "two_factor_verified"
# Pages reachable before the second factor: the login flow itself, static files and the public pages.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/consult/", "/api/", "/i18n/", "/healthz")


class TwoFactorMiddleware:
    """A user with a confirmed TOTP device must pass it before any page; in production the roles that
    see the whole county must enrol first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            device = getattr(user, "totp", None) if hasattr(user, "totp") else None
            if device is not None and device.confirmed and not request.session.get(SESSION_VERIFIED):
                return redirect("accounts:two_factor_verify")
            if settings.TWO_FACTOR_ENFORCED and user.needs_two_factor and (device is None or not device.confirmed):
                return redirect("accounts:two_factor_setup")
        return self.get_response(request)
