from __future__ import annotations

from django.core.cache import cache
from django.db.utils import DatabaseError


def demo_mode() -> bool:
    """True while the loaded county is the invented demo county (shown as a banner on every page)."""
    value = cache.get("fanzha:demo_mode")
    if value is None:
        from django.apps import apps

        try:
            value = apps.get_model("places", "County").objects.filter(is_demo=True).exists()
        except DatabaseError:
            value = False
        cache.set("fanzha:demo_mode", value, 60)
    return bool(value)
