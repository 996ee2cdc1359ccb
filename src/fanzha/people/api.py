from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from fanzha.accounts.api_auth import ActionToken
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import MAX_ID, NO_NUL, PageParams, errors
from fanzha.people import selectors
from fanzha.people.models import Organisation

router = Router(tags=["people"])

OrganisationKind: Any = Literal[tuple(Organisation.Kind.values)]


class VillageRef(Schema):
    id: int
    name: str


class HouseholdOut(Schema):
    id: int
    address: str
    village: VillageRef
    grid_id: int | None
    group_id: int | None


class ResidentOut(Schema):
    id: int
    name: str
    gender: str
    household_id: int | None
    village: VillageRef
    phone_masked: str
    id_number_masked: str
    key_groups: list[str]
    app_registered_on: date | None

    @staticmethod
    def resolve_key_groups(obj: Any) -> list[str]:
        return [g.code for g in obj.key_groups.all()]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    township: VillageRef
    responsible_person: str
    responsible_phone_masked: str
    key_groups: list[str]

    @staticmethod
    def resolve_key_groups(obj: Any) -> list[str]:
        return [g.code for g in obj.key_groups.all()]


class HouseholdPage(Schema):
    count: int
    items: list[HouseholdOut]


class ResidentPage(Schema):
    count: int
    items: list[ResidentOut]


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


@router.get("/households", auth=ActionToken("people.read"), response={200: HouseholdPage, **errors(403, 422)})
def list_households(
    request: HttpRequest, page: Query[PageParams], village: int | None = Query(None, ge=1, le=MAX_ID)
) -> dict[str, Any]:
    return page_of(selectors.households_for(user=request.user, village=village), limit=page.limit, offset=page.offset)


@router.get("/residents", auth=ActionToken("people.read"), response={200: ResidentPage, **errors(403, 422)})
def list_residents(
    request: HttpRequest,
    page: Query[PageParams],
    village: int | None = Query(None, ge=1, le=MAX_ID),
    q: str = Query("", max_length=100, pattern=NO_NUL, description="姓名开头或电话号码（全部或后几位）"),
) -> dict[str, Any]:
    qs = selectors.resident_search(user=request.user, village=village, q=q).prefetch_related("key_groups")
    return page_of(qs, limit=page.limit, offset=page.offset)


@router.get("/organisations", auth=ActionToken("people.read"), response={200: OrganisationPage, **errors(403, 422)})
def list_organisations(
    request: HttpRequest,
    page: Query[PageParams],
    township: int | None = Query(None, ge=1, le=MAX_ID),
    kind: OrganisationKind | Literal[""] = "",
) -> dict[str, Any]:
    qs = selectors.organisations_for(user=request.user, township=township, kind=kind)
    return page_of(qs, limit=page.limit, offset=page.offset)
