"""A statistics page's queries side by side on PostgreSQL (stats/parallel.py): the same figures as one
after the other, every connection on the page's snapshot.

PostgreSQL only: SQLite has one writer and no snapshots to share, and there the queries always run one
after the other (the other tests of this folder cover that path on both databases). Transactional
database: the pool's connections must see the test's rows, so they are committed.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import override_settings

from fanzha.alerts.models import Alert
from fanzha.stats import indicators, parallel, tables
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope, stats_session
from tests.factories import AlertFactory
from tests.stats.conftest import sh

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: see the module's docstring"),
]


@pytest.fixture(autouse=True)
def closed_pool() -> Any:
    """The pool's connections are closed after each test: the test database is flushed and dropped."""
    yield
    parallel.shutdown()


@pytest.fixture
def records(world: Any, alert_at: Any, case_at: Any, stop_at: Any) -> Any:
    a1, b1 = world.village_a1, world.village_b1
    for month in range(1, 13):
        for n in range(month % 4 + 1):
            when = sh(2025, month, 3 + n, 9, 0)
            alert_at(
                when,
                a1 if n % 2 else b1,
                fraud_type="investment" if n else "order_brushing",
                first_contact_at=when + timedelta(minutes=2 + n * 3 + month),
                visit_at=when + timedelta(minutes=20 + month) if n % 2 else None,
                outcome="dissuaded" if n % 2 else "",
            )
            alert_at(sh(2024, month, 5, 10, 0), a1, first_contact_at=sh(2024, month, 5, 10, 7 + n))
        case_at(sh(2025, month, 9, 12, 0), a1, loss=f"{month * 100}.25")
        case_at(sh(2024, month, 9, 12, 0), b1, loss="10.00")
        stop_at(sh(2025, month, 10, 8, 0), b1, f"{month}000.50")
    return world


def computed(user: Any, period: Period, workers: int) -> tuple[Any, ...]:
    with override_settings(STATS_PARALLEL_QUERIES=workers):
        return tables._compute(Scope(user=user), period)


@pytest.mark.parametrize("who", ["leader", "chief_a"])
@pytest.mark.parametrize(
    "period", [Period(date(2025, 1, 1), date(2025, 12, 31)), Period(date(2025, 7, 1), date(2025, 7, 31))]
)
def test_side_by_side_gives_the_same_dashboard(
    records: Any, who: Any, period: Period, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = records.users[who]
    used: set[str] = set()
    real = parallel._in_snapshot

    def spy(alias: str, snapshot: str, job: Any) -> Any:
        used.add(threading.current_thread().name)
        return real(alias, snapshot, job)

    monkeypatch.setattr(parallel, "_in_snapshot", spy)
    together = computed(user, period, 2)
    monkeypatch.undo()
    alone = computed(user, period, 0)
    assert used and all(name.startswith("stats-query") for name in used)  # it did run in the pool
    assert together == alone
    figures = {code: value for code, _status, value, *_rest in together[0]}
    assert figures["alerts"] > 0 and figures["median_contact_minutes"] is not None
    assert figures["stopped_amount"] > 0 or who == "chief_a"


def test_every_query_sees_the_snapshot_of_the_page(records: Any) -> None:
    before = Alert.objects.count()
    with override_settings(STATS_PARALLEL_QUERIES=2), stats_session():
        assert parallel.active()
        # another writer commits a new alert while the page is being computed
        writer = threading.Thread(target=_commit_an_alert, args=(records,))
        writer.start()
        writer.join()
        seen = parallel.run([Alert.objects.count, Alert.objects.count, Alert.objects.count])
    assert seen == [before] * 3
    assert Alert.objects.count() == before + 1


def _commit_an_alert(world: Any) -> None:
    try:
        when = sh(2025, 6, 1, 9, 0)
        AlertFactory(external_id="LATE-1", received_at=when, village=world.village_a1, contact_deadline=when)
    finally:
        connections.close_all()


def test_a_failing_query_fails_the_page_after_the_others_finished(records: Any) -> None:
    finished = []

    def slow() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")
        finished.append("slow")

    def broken() -> None:
        raise indicators.NotApplicable("village")

    with override_settings(STATS_PARALLEL_QUERIES=2), stats_session(), pytest.raises(indicators.NotApplicable):
        parallel.run([slow, broken])
    assert finished == ["slow"]


def test_inside_a_callers_transaction_the_queries_stay_on_its_connection(records: Any) -> None:
    """Rows the caller wrote and has not committed are counted: the queries run in its transaction."""
    with transaction.atomic():
        before = Alert.objects.count()
        Alert.objects.filter(pk=Alert.objects.order_by("pk").first().pk).delete()  # type: ignore[union-attr]
        with override_settings(STATS_PARALLEL_QUERIES=2), stats_session():
            assert not parallel.active()
            assert parallel.run([Alert.objects.count, Alert.objects.count]) == [before - 1] * 2
        transaction.set_rollback(True)
