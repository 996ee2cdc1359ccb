from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from fanzha.api.pagination import page_of
from fanzha.places.models import Township, Village
from fanzha.places.scoping import scoped

router = Router(tags=["places"])


MAX_ID = 2**63 - 1
"""The largest primary key a SQLite or PostgreSQL bigint holds; a larger number in a filter crashes SQLite."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An object's id as the API accepts it (in a body, a list or a query filter)."""


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    """Every 4xx body (see fanzha.api.errors): `detail` is a sentence or, for some 422s, a field → message map."""

    detail: str | list[str] | dict[str, Any]
    code: str
    errors: list[FieldErrorOut] | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation documents: always 401 (no or bad token), plus `statuses`."""
    return dict.fromkeys(sorted({401, *statuses}), ErrorOut)


class TownshipRef(Schema):
    id: int
    name: str


class TownshipOut(Schema):
    id: int
    name: str
    kind: str
    code: str


class VillageOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    township: TownshipRef


class TownshipPage(Schema):
    count: int
    items: list[TownshipOut]


class VillagePage(Schema):
    count: int
    items: list[VillageOut]


@router.get("/townships", response={200: TownshipPage, **errors(422)})
def list_townships(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    return page_of(scoped(Township.objects.order_by("id"), request.user), limit=page.limit, offset=page.offset)


@router.get("/villages", response={200: VillagePage, **errors(422)})
def list_villages(
    request: HttpRequest, page: Query[PageParams], township: int | None = Query(None, ge=1, le=MAX_ID)
) -> dict[str, Any]:
    qs = scoped(Village.objects.select_related("township").order_by("township_id", "id"), request.user)
    if township is not None:
        qs = qs.filter(township_id=township)
    return page_of(qs, limit=page.limit, offset=page.offset)
