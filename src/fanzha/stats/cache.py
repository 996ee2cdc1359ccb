"""A short-lived shared cache of computed figures: the last resort for long periods at county scale.

Computing a year's figures over a million alerts reads ~400,000 rows and sorts them for the medians
(about half a second to three quarters on two cores with the queries side by side, see
docs/statistics.md "Performance"); a leader's wall screen asks for the same figures again and again. So the summary and the dashboard's tables are kept in
Django's cache (Redis, or the database table when there is no Redis: shared by every web process,
never in one process's memory) for `STATS_CACHE_SECONDS` (default 60; 0 turns it off, as in tests).

The key is everything the figures depend on: the user's jurisdiction (a station chief never gets a
leader's figures), the filters, the period, today's date (the previous period and "due" counts move
with it) and the language (the tables carry display strings). A cached figure is at most
`STATS_CACHE_SECONDS` old; nothing invalidates it earlier.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from fanzha.places.scoping import jurisdiction_of
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope

T = TypeVar("T")
VERSION = 2  # bump when what is cached changes shape


def seconds() -> int:
    default = 0 if getattr(settings, "FANZHA_ENV", "") == "test" else 60
    return int(getattr(settings, "STATS_CACHE_SECONDS", default))


def key(kind: str, scope: Scope, period: Period) -> str:
    if scope.user is None:
        where = "all"
    else:
        j = jurisdiction_of(scope.user)
        where = "all" if j.everything else f"c{sorted(j.county_ids)}t{sorted(j.township_ids)}v{sorted(j.village_ids)}"
    parts = (
        VERSION,
        kind,
        where,
        sorted(scope.filters().items()),
        period.start.isoformat(),
        period.end.isoformat(),
        timezone.localdate().isoformat(),
        translation.get_language(),
    )
    return "stats:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(kind: str, scope: Scope, period: Period, compute: Callable[[], T]) -> T:
    """compute(), or what it gave for the same key less than `seconds()` ago."""
    ttl = seconds()
    if ttl <= 0:
        return compute()
    name = key(kind, scope, period)
    found: Any = cache.get(name)
    if found is not None:
        result: T = found
        return result
    value = compute()
    cache.set(name, value, ttl)
    return value
