"""The short-lived shared cache of figures: keyed by jurisdiction and filters, never mixing users' figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from fanzha.stats.indicators import summary
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))


def _alerts(scope: Scope) -> Any:
    return {f.indicator.code: f for f in summary(scope, AUGUST)}["alerts"].value


def _read_alerts(ctx: CaptureQueriesContext) -> bool:
    return any("alerts_alert" in q["sql"] for q in ctx.captured_queries)


@override_settings(STATS_CACHE_SECONDS=60)
def test_a_station_chief_never_gets_the_leaders_cached_figures(world: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_b1)
    assert _alerts(Scope(user=world.user("leader"))) == 2
    assert _alerts(Scope(user=world.user("chief_a"))) == 1
    assert _alerts(Scope(user=world.user("chief_b"))) == 1
    # nor are different filters or periods served one another's figures
    assert _alerts(Scope(user=world.user("leader"), township=world.township_b.pk)) == 1
    later = Period(date(2025, 9, 1), date(2025, 9, 30))
    assert {f.indicator.code: f for f in summary(Scope(user=world.user("leader")), later)}["alerts"].value == 0


@override_settings(STATS_CACHE_SECONDS=60)
def test_the_same_question_within_the_minute_is_answered_from_the_cache(world: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    leader = Scope(user=world.user("leader"))
    assert _alerts(leader) == 1
    alert_at(sh(2025, 8, 4, 10), world.village_a1)
    with CaptureQueriesContext(connection) as ctx:
        assert _alerts(leader) == 1  # up to STATS_CACHE_SECONDS old, as documented
    assert not _read_alerts(ctx)


@override_settings(STATS_CACHE_SECONDS=0)
def test_without_the_cache_every_question_reads_the_records(world: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    leader = Scope(user=world.user("leader"))
    assert _alerts(leader) == 1
    alert_at(sh(2025, 8, 4, 10), world.village_a1)
    with CaptureQueriesContext(connection) as ctx:
        assert _alerts(leader) == 2
    assert _read_alerts(ctx)


@override_settings(STATS_CACHE_SECONDS=60)
def test_the_cached_dashboard_of_a_chief_shows_only_their_township(world: Any, login: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_b1)
    period = {"start": "2025-08-01", "end": "2025-08-31"}
    assert login(world.user("leader")).get("/stats/", period).status_code == 200
    for _ in range(2):  # computed, then from the cache
        board = login(world.user("chief_a")).get("/stats/", period).context["board"]
        assert [t["name"] for t in board.townships] == ["甲镇"]
        assert {c.code: c.figure.value for c in board.cards}["alerts"] == 1
