from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from fanzha.core.context import current_ip


def client_ip(request: HttpRequest) -> str | None:
    # Behind nginx the real address is in X-Real-IP (set by our config, see docs/deployment.md).
    ip = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
    return ip or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
