from __future__ import annotations

from django.core.cache import cache
from django.db.utils import DatabaseError

from fanzha.places.models import County

CACHE_KEY = "fanzha:demo_mode"


def demo_mode() -> bool:
    """True while the loaded county is the invented demo county (shown as a banner on every page)."""
    value = cache.get(CACHE_KEY)
    if value is None:
        try:
            value = County.objects.filter(is_demo=True).exists()
        except DatabaseError:
            value = False
        cache.set(CACHE_KEY, value, 60)
    return bool(value)
