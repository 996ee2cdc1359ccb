"""The intake fast path, fenced: the few places where Fanzha does by hand what the ORM would do, because
receiving alerts by the hundred per second was measured to need it. Nothing else in Fanzha may write its
own SQL; new code uses the ORM.

**The plain flow** (what the code would be without this module, and what it must store exactly as:
tests/alerts/test_fast_path_stores_what_plain_stores.py). An upper-level platform posts one alert per
request. `alerts.services.alert_intake` checks it, looks up the person and their household with
querysets, and in one transaction per alert saves the `Alert`, then `bulk_create`s its observables,
timeline events, notifications and deliveries and writes an `AuditEntry` through `log_action`. The API
token is found with a queryset too.

**The shortcuts**, each kept because a measurement showed the plain way costing at least 10 % more of
intake's CPU (web process and PostgreSQL together; docs/alerts.md, "Speed", has the figures and the load
they were taken at):

- `group_commit` — `GroupCommit`: the alerts that a process's request threads receive at the same
  moment share one transaction and one pass through the inserts (alerts.services.grouped). The plain
  way costs about twice the CPU per alert (`benchmarks/bench_intake_fastpath.py`).
- `raw_lookups` — `fetch` with `table`, `column`, `placeholders`: the look-ups intake makes per group
  (residents by phone or ID number, households' grids, the channels of the people told, the API token)
  are SQL written once, not querysets compiled on every call; the querysets cost about a quarter more
  (`bench_intake_fastpath.py`). Each has its queryset beside it: that is what runs when it is off.
- `copy_inserts` — `insert_rows`, `insert_rows_with_ids`: fifty rows or more go in through `COPY`
  with values the driver takes as they are, instead of `bulk_create`; fewer go through `bulk_create`.
  An Excel batch costs a quarter more CPU without it (`bench_intake_fastpath.py --batch`); for the API's
  small groups it makes no measurable difference, and the hand-written `INSERT … VALUES` it once had
  for them was removed.

SQL inserts and raw look-ups run on PostgreSQL only; on SQLite the plain querysets and `bulk_create`
run. `plain(name)` switches a shortcut off, for the equivalence test and the benchmark (process-wide:
not for use while requests are served).

Excel batches also run Python's cycle collector less often while they load (`fewer_collections`;
about a fifth of a batch of 100,000 rows, `benchmarks/bench_alert_batch.py`).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field

# --- the switches ---------------------------------------------------------------------------------------

OPTIMISATIONS = ("group_commit", "copy_inserts", "raw_lookups")
_switched_off: set[str] = set()


@contextlib.contextmanager
def plain(*names: str) -> Iterator[None]:
    """Inside, the named shortcuts (all of them when none is named) are off and the plain flow runs."""
    wanted = set(names or OPTIMISATIONS)
    unknown = wanted - set(OPTIMISATIONS)
    if unknown:
        raise ValueError(f"no such shortcut: {', '.join(sorted(unknown))}")
    before = set(_switched_off)
    _switched_off.update(wanted)
    try:
        yield
    finally:
        _switched_off.clear()
        _switched_off.update(before)


def active(name: str) -> bool:
    """Whether the shortcut runs here: it is not switched off and, for the SQL ones, the database is
    PostgreSQL (what SQLite gives a raw cursor, naive datetimes for one, is not what the ORM gives)."""
    if name in _switched_off:
        return False
    return name == "group_commit" or connection.vendor == "postgresql"


# --- SQL inserts ------------------------------------------------------------------------------------------

# Fewer rows than this go in through bulk_create rather than COPY (COPY takes more round trips).
COPY_MIN_ROWS = 50

# Fields whose str / int / None / aware datetime values the database driver takes as they are:
# for them `get_db_prep_save` (most of the cost of a row) would return the value unchanged. Skipping
# it saved 16 % of an Excel batch's CPU (bench: docs/alerts.md, "Speed").
_PLAIN_FIELDS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "CharField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


_FIELDS: dict[type[Any], tuple[list[Any], list[bool], str]] = {}


def _fields(model: type[Any]) -> tuple[list[Any], list[bool], str]:
    """The model's fields but its key, which of them are plain (`_PLAIN_FIELDS`), and their quoted
    columns as a statement lists them: worked out once per model, not per insert."""
    found = _FIELDS.get(model)
    if found is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        found = _FIELDS[model] = (
            fields,
            [f.get_internal_type() in _PLAIN_FIELDS for f in fields],
            ", ".join(connection.ops.quote_name(f.column) for f in fields),
        )
    return found


def _mark_saved(rows: Sequence[Any], ids: Sequence[int] | None = None) -> None:
    """What bulk_create leaves on the rows it inserted: their ids (when read) and their saved state."""
    for n, row in enumerate(rows):
        if ids is not None:
            row.pk = ids[n]
        row._state.adding = False
        row._state.db = connection.alias


def _row_values(fields: list[Field[Any, Any]], plain: list[bool], row: Any) -> list[Any]:
    values = []
    for model_field, is_plain in zip(fields, plain, strict=True):
        value = model_field.pre_save(row, True)
        kind = type(value)
        if not (is_plain and (value is None or kind is str or kind is int or (kind is datetime and value.tzinfo))):
            value = model_field.get_db_prep_save(value, connection)
        values.append(value)
    return values


def insert_rows_with_ids(rows: Sequence[Any]) -> None:
    """`bulk_create(rows)` for new rows whose ids are needed: each row gets its `pk`. On PostgreSQL, for
    many rows, the ids are taken from the table's sequence first and the rows go in through COPY with
    them. A unique constraint violated raises IntegrityError, as bulk_create does."""
    if not rows:
        return
    model = type(rows[0])
    if len(rows) < COPY_MIN_ROWS or not active("copy_inserts"):
        model.objects.bulk_create(rows)
        return
    pk = model._meta.pk
    assert pk is not None
    fields, plain, columns = _fields(model)
    quote = connection.ops.quote_name
    columns = f"{quote(pk.column)}, {columns}"
    db_table = str(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [db_table, pk.column, len(rows)],
        )
        ids = sorted(n for (n,) in cursor.fetchall())
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {quote(db_table)} ({columns}) FROM STDIN") as writer,
        ):
            for row, row_id in zip(rows, ids, strict=True):
                writer.write_row([row_id, *_row_values(fields, plain, row)])
    _mark_saved(rows, ids)


def insert_rows(rows: Sequence[Any], *, ignore_conflicts: bool = False) -> None:
    """`bulk_create(rows)` (`ignore_conflicts` as there); on PostgreSQL, for more than a few rows, COPY,
    several times faster than the multi-row INSERT the ORM builds. Ignoring conflicts goes through a
    temporary table and one INSERT … SELECT … ON CONFLICT DO NOTHING."""
    if not rows:
        return
    model = type(rows[0])
    if len(rows) < COPY_MIN_ROWS or not active("copy_inserts"):
        model.objects.bulk_create(rows, ignore_conflicts=ignore_conflicts)
        return
    fields, plain, columns = _fields(model)
    quote = connection.ops.quote_name
    db_table = str(model._meta.db_table)
    table, staging = quote(db_table), quote(f"staging_{db_table}")
    # Only quoted table and column names of our own models go into the SQL; the values go through COPY.
    with transaction.atomic(), connection.cursor() as cursor:
        target = table
        if ignore_conflicts:
            target = staging
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
            )
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as writer:
            for row in rows:
                writer.write_row(_row_values(fields, plain, row))
        if ignore_conflicts:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT DO NOTHING")  # noqa: S608
            cursor.execute(f"DROP TABLE {staging}")


# --- raw look-ups ----------------------------------------------------------------------------------------
# Only our own models' quoted table and column names go into the text; every value is a parameter.


def table(model: type[Any]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def column(model: type[Any], name: str) -> str:
    """The quoted column of the model's field `name` (`household` → "household_id")."""
    return str(connection.ops.quote_name(model._meta.get_field(name).column))


def placeholders(values: Collection[Any]) -> str:
    """`%s, %s, …`, one per value: the inside of an `IN (…)`."""
    return ", ".join(["%s"] * len(values))


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- group commit -------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Submitted:
    """One request's item, waiting for its answer."""

    data: Any
    by: Any
    ip: str | None
    wake: threading.Event = field(default_factory=threading.Event)
    promoted: bool = False  # woken to lead the next group, not with an answer
    answer: Any = None
    error: BaseException | None = None

    def answered(self, *answer: Any) -> None:
        self.answer = answer

    def failed(self, error: BaseException) -> None:
        self.error = error


class GroupCommit:
    """Leader/follower hand-off between a process's request threads. The first thread to submit
    becomes the leader and takes what is waiting (at first only its own item, so a lone item is never
    delayed); while it works, the next threads queue up, and when it is done it passes the lead to
    the oldest of them, which takes them all in one go (at most `max_group`). `process` must give
    every item of a group its own answer (`answered`) or error (`failed`)."""

    def __init__(self, process: Callable[[list[Submitted]], None], max_group: int = 50):
        self.process = process
        self.max_group = max_group
        self._lock = threading.Lock()
        self._waiting: list[Submitted] = []
        self._leading = False  # a thread is writing a group, or has been woken to write the next
        self.groups = 0  # groups written and the largest, for the benchmark and the tests
        self.largest = 0

    def queued(self) -> int:
        """Items waiting for the next group."""
        with self._lock:
            return len(self._waiting)

    def submit(self, item: Submitted) -> Any:
        """The item's answer, once a group has taken it; its error is raised in the caller's thread."""
        with self._lock:
            self._waiting.append(item)
            lead = not self._leading
            self._leading = True
        if not lead:
            item.wake.wait()
        if lead or item.promoted:
            self._lead()
        if item.error is not None:
            raise item.error
        assert item.answer is not None
        return item.answer

    def _lead(self) -> None:
        with self._lock:
            group = self._waiting[: self.max_group]
            del self._waiting[: self.max_group]
        error: BaseException = RuntimeError("item left unanswered")
        try:
            self.groups += 1
            self.largest = max(self.largest, len(group))
            self.process(group)
        except BaseException as exc:
            error = exc
            raise
        finally:
            for item in group:
                if item.answer is None and item.error is None:
                    item.failed(error)
            with self._lock:
                following = self._waiting[0] if self._waiting else None
                if following is None:
                    self._leading = False
                else:
                    following.promoted = True
            for item in group:
                item.wake.set()
            if following is not None:
                following.wake.set()


# --- big loads ----------------------------------------------------------------------------------------------

# Garbage collection during a big load (`fewer_collections`): thresholds while one runs, and how many run.
BULK_GC_THRESHOLD = (50_000, 20, 100)
_gc_lock = threading.Lock()
_gc_loads = 0
_gc_before: tuple[int, int, int] | None = None


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often while a big load runs (an Excel batch).

    A batch makes a dozen objects per row and keeps a thousand rows' worth alive; at the default
    thresholds the collector ran so often, over a heap that large, that it took a fifth of the
    import's time (`benchmarks/bench_alert_batch.py`). The thresholds are the process's: the first
    load to start raises them, the last to end puts them back. The web process keeps the defaults
    (its requests gained nothing, and their slowest answers waited for the bigger collections)."""
    global _gc_loads, _gc_before
    with _gc_lock:
        if _gc_loads == 0:
            _gc_before = gc.get_threshold()
            gc.set_threshold(*BULK_GC_THRESHOLD)
        _gc_loads += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_loads -= 1
            if _gc_loads == 0 and _gc_before is not None:
                gc.set_threshold(*_gc_before)
