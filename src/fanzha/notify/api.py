"""/api/v1/notifications: the caller's own in-app notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.accounts.models import User
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import PageParams, errors
from fanzha.notify import selectors, services
from fanzha.notify.models import Notification

router = Router(tags=["notify"])


class NotificationPageParams(PageParams):
    unread: bool = Field(False, description="只返回未读")


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    count: int
    items: list[NotificationOut]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get(
    "/notifications",
    auth=ActionToken("notify.read"),
    response={200: NotificationPage, **errors(403, 422)},
    summary="Your in-app notifications, newest first",
)
def list_notifications(request: HttpRequest, params: Query[NotificationPageParams]) -> dict[str, Any]:
    qs = selectors.notifications_for(user=_user(request))
    if params.unread:
        qs = qs.filter(read_at__isnull=True)
    return page_of(qs, limit=params.limit, offset=params.offset)


@router.post(
    "/notifications/{notification_id}/read",
    auth=ActionToken("notify.read"),
    response={200: NotificationOut, **errors(403, 404, 422)},
    summary="Mark one read",
)
def read_notification(request: HttpRequest, notification_id: int) -> Notification:
    user = _user(request)
    notification = get_object_or_404(Notification, pk=notification_id, user=user)
    return services.notification_mark_read(notification=notification, by=user)
