"""The alerts' monthly roll-up (stats/rollup.py): the same figures as counting every alert, at once
after any change to an old alert, and used only where it can be.

PostgreSQL only: the trigger that keeps the ledger is PostgreSQL's, and elsewhere the roll-up is never
used (the last test). Transactional database, so that the pages' queries can also run side by side.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.test import override_settings

from fanzha.alerts.models import Alert
from fanzha.stats import indicators, parallel, rollup, tables
from fanzha.stats.indicators import SOURCES, Calc
from fanzha.stats.models import AlertMonth, AlertMonthFigure, AlertMonthSpans
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope
from fanzha.stats.tasks import rollup_alert_months
from tests.stats.conftest import sh

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: see the docstring")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
MONTHS = {date(year, month, 1) for year in (2024, 2025) for month in range(1, 13)}


@pytest.fixture(autouse=True)
def closed_pool() -> Any:
    yield
    parallel.shutdown()


@pytest.fixture
def records(world: Any, alert_at: Any) -> Any:
    a1, a2, b1 = world.village_a1, world.village_a2, world.village_b1
    for month in range(1, 13):
        for n in range(month % 3 + 2):
            when = sh(2025, month, 2 + n, 8, 30)
            alert_at(
                when,
                (a1, a2, b1)[n % 3],
                fraud_type=("investment", "order_brushing", "loan")[n % 3],
                first_contact_at=when + timedelta(minutes=3 + n * 4) if n != 1 else None,
                visit_at=when + timedelta(minutes=25 + month) if n % 2 == 0 else None,
                status="closed" if n % 2 == 0 else "assigned",
                outcome="dissuaded" if n % 2 == 0 else "",
            )
        alert_at(sh(2024, month, 28, 23, 50), b1, first_contact_at=sh(2024, month, 29, 0, 1))
    alert_at(sh(2025, 6, 30, 23, 59), None, fraud_type="loan", township=None, routing_method="unrouted")
    return world


def refreshed() -> list[date]:
    return rollup.refresh(SOURCES["alerts"].resolve())


def dashboard(user: Any, period: Period, **filters: Any) -> tuple[Any, ...]:
    return tables._compute(Scope(user=user, **filters), period)


def figures(user: Any, period: Period, **filters: Any) -> dict[str, Any]:
    return {code: value for code, _status, value, *_rest in dashboard(user, period, **filters)[0]}


def live(user: Any, period: Period, **filters: Any) -> tuple[Any, ...]:
    with override_settings(STATS_ROLLUP=False):
        return dashboard(user, period, **filters)


@on_postgres
@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize(
    ("who", "filters"),
    [("leader", {}), ("chief_a", {}), ("leader", {"township": "a"}), ("chief_b", {"fraud_type": "investment"})],
)
def test_rolled_up_dashboard_is_the_same_as_counting_every_alert(
    records: Any, who: str, filters: dict[str, Any], workers: int
) -> None:
    if filters.get("township") == "a":
        filters = {"township": records.township_a.pk}
    assert set(refreshed()) >= MONTHS  # every month since the first alert's that has settled
    user = records.users[who]
    for period in (YEAR, Period(date(2025, 3, 10), date(2025, 8, 20)), Period(date(2024, 12, 1), date(2025, 2, 28))):
        with override_settings(STATS_PARALLEL_QUERIES=workers):
            assert dashboard(user, period, **filters) == live(user, period, **filters)
    assert Calc(Scope(user=user, **filters), [YEAR]).source("alerts")[0].rollup is not None


@on_postgres
@pytest.mark.parametrize("code", ["median_contact_minutes", "median_visit_minutes", "alerts", "dissuasion_rate"])
def test_month_by_month_series_are_the_same_as_counting_every_alert(records: Any, code: str) -> None:
    refreshed()
    scope, period = Scope(user=records.users["leader"]), Period(date(2024, 11, 10), date(2025, 12, 31))
    rolled = indicators.series(indicators.BY_CODE[code], scope, period)
    with override_settings(STATS_ROLLUP=False):
        assert rolled == indicators.series(indicators.BY_CODE[code], scope, period)
    assert any(value is not None for _month, value in rolled[1])


@on_postgres
def test_the_figures_come_from_the_roll_up(records: Any) -> None:
    leader = records.users["leader"]
    refreshed()
    before = figures(leader, YEAR)
    # a figure changed behind the ledger's back shows: the year's count is read from the roll-up
    row = AlertMonthFigure.objects.filter(month=date(2025, 5, 1), measure="count").first()
    assert row is not None
    AlertMonthFigure.objects.filter(pk=row.pk).update(value=row.value + 1000)
    assert figures(leader, YEAR)["alerts"] == before["alerts"] + 1000


@on_postgres
def test_medians_of_rolled_up_months_are_picked_from_the_kept_spans(records: Any) -> None:
    leader = records.users["leader"]
    refreshed()
    before = figures(leader, YEAR)
    assert before["median_contact_minutes"] is not None
    # the kept spans of every month of 2025 replaced by one of 600 s each: the year's median is 10 min
    kept = AlertMonthSpans.objects.filter(month__year=2025, measure="median_contact")
    kept.update(spans=np.array([600.0], dtype="<f8").tobytes())
    assert figures(leader, YEAR)["median_contact_minutes"] == Decimal("10.00")
    # a period with part months: the kept spans of its whole months (here all 600 s, most of them)
    # with the spans of its part months, read from the alerts
    part = Period(date(2025, 3, 10), date(2025, 8, 20))
    assert figures(leader, part)["median_contact_minutes"] == Decimal("10.00")
    assert live(leader, part)[0] != dashboard(leader, part)[0]


def test_percentile_cont_is_postgresqls_median() -> None:
    assert rollup.percentile_cont(np.array([50.0, 10.0, 16.0, 14.0])) == 15.0
    assert rollup.percentile_cont(np.array([16.0, 50.0, 10.0])) == 16.0
    assert rollup.percentile_cont(np.array([], dtype="<f8")) is None


@on_postgres
def test_percentile_cont_gives_postgresqls_value_to_the_bit() -> None:
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 10, 1001, 5000):
        spans = rng.exponential(600.0, n) + rng.random(n) / 3
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(%s::float8[]) AS x", [list(spans)]
            )
            (expected,) = cursor.fetchone()
        assert rollup.percentile_cont(spans) == expected


@on_postgres
def test_a_change_to_an_old_alert_counts_at_once_and_is_rolled_up_again(records: Any) -> None:
    leader = records.users["leader"]
    assert set(refreshed()) >= MONTHS
    before = figures(leader, YEAR)
    alert = Alert.objects.filter(received_at__month=5, received_at__year=2025, outcome="").first()
    assert alert is not None
    alert.status, alert.outcome = "closed", "money_sent"
    alert.save(update_fields=["status", "outcome"])
    may = AlertMonth.objects.get(month=date(2025, 5, 1))
    assert may.version != may.rolled_version  # marked out of date in the same transaction

    after = figures(leader, YEAR)
    assert after["dissuasion_rate"] != before["dissuasion_rate"]
    assert dashboard(leader, YEAR) == live(leader, YEAR)
    assert refreshed() == [date(2025, 5, 1)]  # only that month is rolled up again
    assert dashboard(leader, YEAR) == live(leader, YEAR)


@on_postgres
def test_alerts_added_to_or_removed_from_an_old_month_count_at_once(records: Any, alert_at: Any) -> None:
    leader = records.users["leader"]
    refreshed()
    count = figures(leader, YEAR)["alerts"]
    late = alert_at(sh(2025, 2, 14, 10, 0), records.village_a1)  # e.g. an import of last year's alerts
    assert figures(leader, YEAR)["alerts"] == count + 1
    Alert.objects.filter(pk=late.pk).delete()
    Alert.objects.filter(received_at__year=2025, received_at__month=9).delete()
    assert dashboard(leader, YEAR) == live(leader, YEAR)
    assert set(refreshed()) == {date(2025, 2, 1), date(2025, 9, 1)}
    assert dashboard(leader, YEAR) == live(leader, YEAR)


@on_postgres
def test_a_month_is_rolled_up_only_once_settled(records: Any, alert_at: Any) -> None:
    now = sh(2025, 11, 1, 12, 0)
    refreshed_at = rollup.refresh(SOURCES["alerts"].resolve(), now=now)
    # October ended less than two days ago; September's alerts are all past their deadlines
    assert max(refreshed_at) == date(2025, 9, 1)
    assert date(2025, 10, 1) not in refreshed_at
    # a September alert whose visit deadline is still ahead keeps September counted live
    alert_at(sh(2025, 9, 30, 23, 0), records.village_a1, visit_deadline=sh(2025, 11, 3, 0, 0))
    assert date(2025, 9, 1) not in rollup.refresh(SOURCES["alerts"].resolve(), now=now)
    september = AlertMonth.objects.get(month=date(2025, 9, 1))
    assert september.version != september.rolled_version


@on_postgres
def test_village_scopes_and_key_groups_count_every_alert(records: Any) -> None:
    refreshed()
    officer = records.users["officer_a1"]
    assert Calc(Scope(user=officer), [YEAR]).source("alerts")[0].rollup is None
    assert (
        Calc(Scope(user=records.users["leader"], village=records.village_a1.pk), [YEAR]).source("alerts")[0].rollup
        is None
    )
    assert dashboard(officer, YEAR) == live(officer, YEAR)


def test_the_periodic_task_rolls_up_what_is_missing(records: Any) -> None:
    expected = len(MONTHS) if connection.vendor == "postgresql" else 0
    assert rollup_alert_months.call_local() >= expected
    assert rollup_alert_months.call_local() == 0  # nothing changed since


def test_without_postgresql_or_when_turned_off_nothing_is_rolled_up(records: Any) -> None:
    with override_settings(STATS_ROLLUP=False):
        assert refreshed() == []
    if connection.vendor != "postgresql":
        assert refreshed() == []
        assert not AlertMonth.objects.exists()
        assert Calc(Scope(user=records.users["leader"]), [YEAR]).source("alerts")[0].rollup is None
