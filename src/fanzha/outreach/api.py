"""/api/v1/outreach/… and /api/v1/bulletins: activities, coverage, and bulletins with their deliveries."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import (
    MAX_ID,
    BodyId,
    Day,
    FraudType,
    PageParams,
    errors,
    integer,
    text_field,
)
from fanzha.core.fields import max_length
from fanzha.detection.taxonomy import FRAUD_CODES_DESCRIBED
from fanzha.outreach import selectors, services
from fanzha.outreach.models import Activity, Bulletin
from fanzha.places.models import Village
from fanzha.places.scoping import get_scoped_or_404

router = Router(tags=["outreach"])

KindCode = Literal[
    "unit", "school", "enterprise", "community", "village", "family", "parcel", "market", "online", "other"
]


Audience: Any = integer(ge=0, le=1_000_000)


class ActivityIn(Schema):
    """400 for a day after today, households outside your jurisdiction, or no village when neither the
    households nor your jurisdiction name one; 404 for a village outside your jurisdiction."""

    kind: KindCode = Field(description="活动类型代码")
    date: Day = Field(description="活动日期，不能晚于今天")
    place: str = text_field("", max_length=max_length(Activity, "place"))
    audience: Audience = Field(0, description="受众人数")
    households: list[BodyId] = Field(default_factory=list, max_length=5000, description="覆盖户的编号")
    village: BodyId | None = Field(None, description="所在村（社区）；不填时按覆盖户或本人辖区确定")
    materials: str = text_field("", max_length=max_length(Activity, "materials"))
    note: str = text_field("", max_length=5000)
    external_id: str = text_field("", max_length=max_length(Activity, "external_id"), description="幂等键")


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: dt.date
    township: int
    village: int | None
    place: str
    audience: int
    households: list[int]
    note: str
    external_id: str


class ActivityPage(Schema):
    count: int
    items: list[ActivityOut]


def activity_payload(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "date": activity.date,
        "township": activity.township_id,
        "village": activity.village_id,
        "place": activity.place,
        "audience": activity.audience,
        "households": sorted(activity.reached.values_list("household_id", flat=True)),
        "note": activity.note,
        "external_id": activity.external_id,
    }


@router.post(
    "/outreach/activities",
    auth=ActionToken("outreach.log"),
    response={200: ActivityOut, 201: ActivityOut, **errors(400, 403, 404, 422)},
    summary="Log an activity",
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    """Households outside your jurisdiction are refused. The same `external_id` again returns 200."""
    user: Any = request.user
    village = (
        get_scoped_or_404(Village.objects.select_related("township"), user, pk=payload.village)
        if payload.village
        else None
    )
    try:
        activity, created = services.activity_create(
            by=user,
            kind=payload.kind,
            day=payload.date,
            village=village,
            place=payload.place,
            audience=payload.audience,
            household_ids=payload.households,
            materials=payload.materials,
            note=payload.note,
            external_id=payload.external_id,
        )
    except services.OutreachError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    return Status(201 if created else 200, activity_payload(activity))


@router.get(
    "/outreach/activities",
    auth=ActionToken("outreach.read"),
    response={200: ActivityPage, **errors(403, 422)},
    summary="Activities in your jurisdiction",
)
def list_activities(
    request: HttpRequest, page: Query[PageParams], village: int | None = Query(None, ge=1, le=MAX_ID)
) -> dict[str, Any]:
    result = page_of(selectors.activities_for(user=request.user, village=village), limit=page.limit, offset=page.offset)
    result["items"] = [activity_payload(a) for a in result["items"]]
    return result


class NeverReachedOut(Schema):
    household_id: int
    address: str
    group: str
    grid: str
    has_key_group: bool
    has_elderly: bool


class CoverageOut(Schema):
    village: dict[str, Any]
    days: int
    households: int
    reached: int
    rate: float
    never_reached_count: int
    never_reached: list[NeverReachedOut]


@router.get(
    "/outreach/coverage",
    auth=ActionToken("outreach.read"),
    response={200: CoverageOut, **errors(403, 404, 422)},
    summary="A village's outreach coverage",
)
def coverage(
    request: HttpRequest, village: int = Query(..., ge=1, le=MAX_ID), days: int = Query(90, ge=1, le=3650)
) -> dict[str, Any]:
    """Households reached in the last `days` days; households never reached, key-group and elderly first
    (at most 1,000 listed; `never_reached_count` has them all)."""
    place = get_scoped_or_404(Village.objects.all(), request.user, pk=village)
    return selectors.coverage_for_village(village=place, days=days)


class TargetIn(Schema):
    level: Literal["county", "township", "village", "group"]
    id: BodyId


class BulletinIn(Schema):
    """400 for a target that does not exist or is not yours to send to (only county-wide users send to
    the whole county)."""

    title: str = text_field(max_length=max_length(Bulletin, "title"), required=True)
    text: str = text_field(max_length=5000, required=True)
    fraud_type: FraudType = Field(description=FRAUD_CODES_DESCRIBED)
    targets: list[TargetIn] = Field(min_length=1, max_length=2000)
    external_id: str = text_field("", max_length=max_length(Bulletin, "external_id"))


class DeliveryOut(Schema):
    channel: str | None
    user: str | None
    status: str
    attempts: int
    last_error: str


class FeedbackOut(Schema):
    at: Any
    action: str
    households_told: int
    reporter: str
    note: str


class TargetOut(Schema):
    key: str
    label: str
    feedback_link: str
    deliveries: list[DeliveryOut]
    feedback: list[FeedbackOut]
    households_told: int


class BulletinOut(Schema):
    id: int
    title: str
    text: str
    fraud_type: str
    sent_at: Any
    external_id: str
    targets: list[TargetOut]


def bulletin_payload(bulletin: Any) -> dict[str, Any]:
    return {
        "id": bulletin.pk,
        "title": bulletin.title,
        "text": bulletin.text,
        "fraud_type": bulletin.fraud_type,
        "sent_at": bulletin.sent_at,
        "external_id": bulletin.external_id,
        "targets": [
            {
                "key": r["target"].key,
                "label": r["label"],
                "feedback_link": services.feedback_link(r["target"]),
                "deliveries": [
                    {
                        "channel": d.channel.name if d.channel else None,
                        "user": d.user.display_name if d.user else None,
                        "status": d.status,
                        "attempts": d.attempts,
                        "last_error": d.last_error,
                    }
                    for d in r["deliveries"]
                ],
                "feedback": [
                    {
                        "at": f.at,
                        "action": f.action,
                        "households_told": f.households_told,
                        "reporter": f.reporter,
                        "note": f.note,
                    }
                    for f in r["feedback"]
                ],
                "households_told": r["households_told"],
            }
            for r in selectors.bulletin_report(bulletin)
        ],
    }


@router.post(
    "/bulletins",
    auth=ActionToken("outreach.bulletin"),
    response={200: BulletinOut, 201: BulletinOut, **errors(400, 403, 422)},
    summary="Write and send a bulletin",
)
def create_bulletin(request: HttpRequest, payload: BulletinIn) -> Status[dict[str, Any]]:
    user: Any = request.user
    try:
        bulletin, created = services.bulletin_create(
            by=user,
            title=payload.title,
            text=payload.text,
            fraud_type=payload.fraud_type,
            targets=[services.TargetSpec(t.level, t.id) for t in payload.targets],
            external_id=payload.external_id,
        )
    except services.OutreachError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    return Status(201 if created else 200, bulletin_payload(bulletin))


@router.get(
    "/bulletins/{bulletin_id}",
    auth=ActionToken("outreach.read"),
    response={200: BulletinOut, **errors(403, 404, 422)},
    summary="A bulletin with deliveries and feedback",
)
def get_bulletin(request: HttpRequest, bulletin_id: int) -> dict[str, Any]:
    bulletin = selectors.bulletins_for(user=request.user).filter(pk=bulletin_id).first()
    if bulletin is None:
        raise Http404
    return bulletin_payload(bulletin)
