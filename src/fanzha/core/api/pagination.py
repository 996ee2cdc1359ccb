from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Schema


class Page(Schema):
    count: int
    items: list[Any]


def page_of(queryset: QuerySet[Any], *, limit: int, offset: int) -> dict[str, Any]:
    """`{items, count}` for `limit`/`offset` (limit 1–500)."""
    return {"count": queryset.count(), "items": list(queryset[offset : offset + limit])}
