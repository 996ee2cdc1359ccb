"""Reads that serve a user: their own inbox; deliveries county-wide or, for everyone else, their own."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from fanzha.accounts.models import User
from fanzha.notify.models import Channel, Delivery, DeliveryAttempt, Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def deliveries_for(*, user: User, status: str = "") -> QuerySet[Delivery]:
    """The prefecture's roles, and a county's centre where it is the only one (no county assignment),
    see every delivery; anyone else those addressed to them (in-app or their channels)."""
    qs = Delivery.objects.select_related("channel", "user").prefetch_related(
        Prefetch("tries", queryset=DeliveryAttempt.objects.order_by("at", "id"))
    )
    if not (user.prefecture_wide or (user.county_wide and not user.county_ids)):
        # a county's centre in a prefecture deployment sees its own, like any other role
        qs = qs.filter(Q(user=user) | Q(channel__user=user))
    if status in Delivery.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def channels_all() -> QuerySet[Channel]:
    return Channel.objects.select_related("user").order_by("owner_key", "user__username", "name", "id")
