"""Reads that serve a user: their own inbox; deliveries county-wide or, for everyone else, their own."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from fanzha.accounts.models import User
from fanzha.notify.models import Channel, Delivery, DeliveryAttempt, Notification


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def live_stamp(*, user_id: int) -> str:
    """The user's inbox as the 通知 badge follows it: the newest notification and the unread count."""
    figures = Notification.objects.filter(user_id=user_id).aggregate(
        last=Max("id"), unread=Count("id", filter=Q(read_at__isnull=True))
    )
    return f"{figures['last'] or 0}-{figures['unread']}"


def live_stamp_all() -> str:
    """Every inbox at once: the newest notification and the unread count (the partial unread index).
    A user's own stamp needs reading again only when this one moved."""
    figures = Notification.objects.aggregate(last=Max("id"))
    unread = Notification.objects.filter(read_at__isnull=True).count()
    return f"{figures['last'] or 0}-{unread}"


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
