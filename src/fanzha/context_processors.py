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
    several_counties: bool | None = None
    for entry in NAV:
        if not user.can(entry.action):  # the policy table (fanzha.accounts.policy), through the user
            continue
        if entry.prefecture:
            if several_counties is None:
                several_counties = County.objects.count() > 1
            if not several_counties:
                continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an app switched off in this deployment's URLconf
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active, "name": entry.url_name})
    # Asked only by a page that shows counties, once per page.
    several = SimpleLazyObject(lambda: County.objects.count() > 1) if several_counties is None else several_counties
    return {"nav_items": items, "demo_mode": demo_mode(), "several_counties": several}
