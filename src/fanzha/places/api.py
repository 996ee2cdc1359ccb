from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from fanzha.accounts.api_auth import ActionToken
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import MAX_ID, PageParams, errors
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import scoped

router = Router(tags=["places"])


class TownshipRef(Schema):
    id: int
    name: str


class CountyRef(Schema):
    id: int
    name: str


class CountyOut(Schema):
    id: int
    name: str
    code: str


class CountyPage(Schema):
    count: int
    items: list[CountyOut]


class TownshipOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    county: CountyRef


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


@router.get(
    "/counties",
    auth=ActionToken("place.read"),
    response={200: CountyPage, **errors(403, 422)},
    summary="Counties with a township in your jurisdiction (every county for the prefecture's roles)",
)
def list_counties(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    townships = scoped(Township.objects.all(), request.user).values("county_id")
    counties = County.objects.filter(pk__in=townships).order_by("id")
    return page_of(counties, limit=page.limit, offset=page.offset)


@router.get("/townships", auth=ActionToken("place.read"), response={200: TownshipPage, **errors(403, 422)})
def list_townships(
    request: HttpRequest, page: Query[PageParams], county: int | None = Query(None, ge=1, le=MAX_ID)
) -> dict[str, Any]:
    qs = scoped(Township.objects.select_related("county").order_by("id"), request.user)
    if county is not None:
        qs = qs.filter(county_id=county)
    return page_of(qs, limit=page.limit, offset=page.offset)


@router.get("/villages", auth=ActionToken("place.read"), response={200: VillagePage, **errors(403, 422)})
def list_villages(
    request: HttpRequest, page: Query[PageParams], township: int | None = Query(None, ge=1, le=MAX_ID)
) -> dict[str, Any]:
    qs = scoped(Village.objects.select_related("township").order_by("township_id", "id"), request.user)
    if township is not None:
        qs = qs.filter(township_id=township)
    return page_of(qs, limit=page.limit, offset=page.offset)
