"""Reads on the intake API's hot path, written once as SQL rather than as querysets.

The ORM compiles a queryset and prepares every value of an `__in` list through the field on each call:
for the few short look-ups an intake group makes (residents by phone, channels of the people told),
that was a sixth of the web process's CPU per alert, several times what the database spends on them.
Only our own models' quoted table and column names go into the text; every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import connection


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
