from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Schema

from fanzha.core.api.errors import ApiError

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
"""Beyond a bigint an offset crashes the database; no list is this long."""


class Page(Schema):
    count: int
    items: list[Any]


def page_of(queryset: QuerySet[Any], *, limit: int, offset: int) -> dict[str, Any]:
    """`{items, count}` for `limit` (1–500) and `offset` (0–1,000,000,000): every list's paging params
    (`PageParams`) are bounded so, and a list that takes its own is refused here rather than crash."""
    if not (1 <= limit <= MAX_LIMIT and 0 <= offset <= MAX_OFFSET):
        raise ApiError(f"invalid input: limit 1–{MAX_LIMIT}, offset 0–{MAX_OFFSET}", "invalid", 422)
    return {"count": queryset.count(), "items": list(queryset[offset : offset + limit])}
