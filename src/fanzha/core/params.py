"""Values taken from a query string or a form, read so that a hand-edited URL cannot cause a 500."""

from __future__ import annotations

from datetime import date

MAX_ID = 2**63 - 1
"""The largest primary key a SQLite or PostgreSQL bigint holds; a larger number in a filter crashes SQLite."""

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
"""The days a filter can mean: nothing the platform records lies outside them, and a day near 0001-01-01
or 9999-12-31 cannot be turned into a time in Asia/Shanghai and back to UTC."""


def id_or_none(raw: object) -> int | None:
    """An object's id (1 … 2⁶³−1) or None for anything else: '', 'abc', '²' ("²".isdigit() is true
    but int("²") fails) or a 20-digit number."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def ids_of(values: list[str]) -> list[int]:
    """The ids among a form's repeated values (checkboxes), the rest left out."""
    return [i for i in map(id_or_none, values) if i is not None]


def day_or_none(raw: object) -> date | None:
    """A day given as YYYY-MM-DD, or None when it is empty, not a day, or outside FIRST_DAY … LAST_DAY."""
    try:
        day = date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def clamp_day(day: date | None) -> date | None:
    """A filter's day within FIRST_DAY … LAST_DAY (any day beyond selects the same records)."""
    return None if day is None else min(max(day, FIRST_DAY), LAST_DAY)
