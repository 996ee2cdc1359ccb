from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from fanzha.demo.mode import demo_mode
from fanzha.navigation import NAV
from fanzha.places.models import County


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    # Asked at most once a page, and only by a prefecture menu or a page that shows counties.
    several_counties = SimpleLazyObject(lambda: County.objects.count() > 1)
    for entry in NAV:
        if not user.can(entry.action):  # the policy table (fanzha.accounts.policy), through the user
            continue
        if entry.prefecture and not several_counties:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an app switched off in this deployment's URLconf
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active, "name": entry.url_name})
    return {"nav_items": items, "demo_mode": demo_mode(), "several_counties": several_counties}
