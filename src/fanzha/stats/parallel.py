"""Reading one page's figures with several queries at once, on PostgreSQL, all from one snapshot.

A whole year's dashboard is a dozen independent aggregates over hundreds of thousands of rows; one
PostgreSQL connection runs them one after the other on one core. `run` hands them to a small pool of
threads (`STATS_PARALLEL_QUERIES`, default 2: the cores of the county's server), each with its own
connection, so that the database works on several at once.

Every query still sees the same data: the statistics session (`sources.stats_session`) runs at REPEATABLE
READ and exports its snapshot (`pg_export_snapshot()`); each worker's transaction imports it (`SET
TRANSACTION SNAPSHOT`) before its query, so a rate's numerator and denominator never come from
different moments, even when they come from different connections.

Only when the statistics session opened the transaction itself: inside a transaction that was already
open (a test's, or a caller's with writes of its own), other connections could not see what it wrote,
so the queries then run one after the other in it, as on SQLite.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections, transaction

Job = Callable[[], Any]

_snapshot: ContextVar[tuple[str, str] | None] = ContextVar("stats_snapshot", default=None)
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()
_SNAPSHOT_ID = re.compile(r"^[0-9A-Fa-f]+-[0-9A-Fa-f]+(-[0-9A-Fa-f]+)?$")


def workers() -> int:
    """How many queries may run at once (`STATS_PARALLEL_QUERIES`; 0 or 1: one after the other)."""
    return int(getattr(settings, "STATS_PARALLEL_QUERIES", 0))


def wanted(alias: str) -> bool:
    """Whether a statistics session opening a transaction on `alias` should share its snapshot."""
    return workers() > 1 and connections[alias].vendor == "postgresql"


@contextmanager
def sharing(alias: str, snapshot: str) -> Iterator[None]:
    """Within the statistics session: `run` may hand queries to other connections, with this snapshot."""
    if not _SNAPSHOT_ID.match(snapshot):  # it goes into SQL as a literal: only what PostgreSQL makes
        raise ValueError("unexpected snapshot id")
    token = _snapshot.set((alias, snapshot))
    try:
        yield
    finally:
        _snapshot.reset(token)


def active() -> bool:
    return _snapshot.get() is not None and workers() > 1


def run(jobs: Iterable[Job]) -> list[Any]:
    """Each job's result, in order. Side by side when a shared snapshot is active; otherwise (SQLite,
    inside a caller's transaction, STATS_PARALLEL_QUERIES below 2) one after the other, here.
    A job's exception is raised here, after every job has finished."""
    jobs = list(jobs)
    shared = _snapshot.get()
    if shared is None or workers() < 2 or len(jobs) < 2:
        return [job() for job in jobs]
    alias, snapshot = shared
    pool = _executor()
    futures = [pool.submit(_in_snapshot, alias, snapshot, job) for job in jobs]
    errors = [f.exception() for f in futures]  # waits for all, so none is left running on a failure
    for error in errors:
        if error is not None:
            raise error
    return [f.result() for f in futures]


def _executor() -> ThreadPoolExecutor:
    global _pool, _pool_size
    size = workers()
    with _pool_lock:
        if _pool is None or _pool_size != size:
            _close(_pool, _pool_size)
            _pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="stats-query")
            _pool_size = size
        return _pool


def shutdown() -> None:
    """Stop the pool and close its threads' database connections (tests, before dropping the database)."""
    global _pool, _pool_size
    with _pool_lock:
        _close(_pool, _pool_size)
        _pool, _pool_size = None, 0


def _close(pool: ThreadPoolExecutor | None, size: int) -> None:
    if pool is None:
        return
    # One job per thread (each waits at the barrier until all have theirs), each closing its own
    # connections: a connection is only closed by the thread that opened it.
    barrier = threading.Barrier(size)

    def close_mine() -> None:
        barrier.wait(timeout=30)
        connections.close_all()

    for future in [pool.submit(close_mine) for _n in range(size)]:
        future.result()
    pool.shutdown(wait=True)


def _in_snapshot(alias: str, snapshot: str, job: Job) -> Any:
    """One job in a pool thread: its own connection (kept between jobs, replaced when it has died or
    grown old, as a request's is), in a read transaction on the session's snapshot."""
    from fanzha.stats.sources import SESSION_SETTINGS, in_session

    connection = connections[alias]
    connection.close_if_unusable_or_obsolete()  # also one a previous job's error left broken
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(  # one round trip: the snapshot id is checked in `sharing`
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
            f"SET TRANSACTION SNAPSHOT '{snapshot}'; {SESSION_SETTINGS}"
        )
        with in_session():
            return job()
