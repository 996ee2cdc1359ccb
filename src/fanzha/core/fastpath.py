"""Inserting the tens of thousands of rows of an Excel batch fast: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from psycopg.adapt import Transformer

# Fewer rows than this go in with one INSERT rather than COPY (COPY takes more round trips).
COPY_MIN_ROWS = 50

# Fields whose str / int / None / aware datetime values the database driver takes as they are:
# for them `get_db_prep_save` (most of the cost of a row) would return the value unchanged.
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
    for field, is_plain in zip(fields, plain, strict=True):
        value = field.pre_save(row, True)
        kind = type(value)
        if not (is_plain and (value is None or kind is str or kind is int or (kind is datetime and value.tzinfo))):
            value = field.get_db_prep_save(value, connection)
        values.append(value)
    return values


def _insert_values(rows: Sequence[Any], *, returning_ids: bool = False, ignore_conflicts: bool = False) -> None:
    """A few rows in one INSERT … VALUES built here, on PostgreSQL. bulk_create compiles its statement
    and prepares every value through the ORM on each call: twice the CPU for the handful of rows an
    intake group writes per table. `returning_ids`: each row gets its `pk` (in the order given).

    The values go into the statement as psycopg's own literals (`as_literal`: what its client-side
    binding, Django's default, sends for each parameter), not as parameters: psycopg keeps its parse of
    a statement's placeholders only up to 50 of them and reads a longer one anew on every call, which
    was a fifth of the intake API's CPU."""
    model = type(rows[0])
    pk = model._meta.pk
    assert pk is not None
    fields, plain, columns = _fields(model)
    quote = connection.ops.quote_name
    # Only quoted table and column names of our own models go into the SQL text; the values are
    # quoted by psycopg for this connection.
    head = f"INSERT INTO {quote(str(model._meta.db_table))} ({columns}) VALUES "  # noqa: S608
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning_ids:
        tail += f" RETURNING {quote(pk.column)}"
    connection.ensure_connection()
    driver = connection.connection
    literal = Transformer.from_context(driver).as_literal
    tuples = []
    for obj in rows:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        values = _row_values(fields, plain, obj)
        tuples.append(b"(" + b", ".join(b"NULL" if v is None else literal(v) for v in values) + b")")
    sql = head + b", ".join(tuples).decode(driver.info.encoding) + tail
    with connection.cursor() as cursor:
        cursor.execute(sql)
        ids = [r[0] for r in cursor.fetchall()] if returning_ids else None
    _mark_saved(rows, ids)


def insert_rows_with_ids(rows: Sequence[Any]) -> None:
    """`bulk_create(rows)` for new rows whose ids are needed: each row gets its `pk`. On PostgreSQL the
    ids are taken from the table's sequence first and the rows go in through COPY with them. A unique
    constraint violated raises IntegrityError, as bulk_create does."""
    if not rows:
        return
    model = type(rows[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows)
        return
    if len(rows) < COPY_MIN_ROWS:
        _insert_values(rows, returning_ids=True)
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
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, ignore_conflicts=ignore_conflicts)
        return
    if len(rows) < COPY_MIN_ROWS:
        _insert_values(rows, ignore_conflicts=ignore_conflicts)
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
