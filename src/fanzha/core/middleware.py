from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fanzha.core.context import current_ip

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. X-Real-IP / X-Forwarded-For are believed only when the connection comes
    from a proxy named in FANZHA_TRUSTED_PROXIES (nginx sets them, see docs/deployment.md); from anyone
    else they are whatever the client chose to send, and the connection's own address counts."""
    remote = request.META.get("REMOTE_ADDR") or ""
    peer = _address(remote)
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    if peer is None or not any(peer in network for network in trusted):
        return remote or None
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    if real is not None:
        return str(real)
    # X-Forwarded-For: client, proxy1, proxy2 — the last address no trusted proxy vouches for.
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break
        if not any(address in network for network in trusted):
            return str(address)
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
