"""What every alert service shares: the errors, the timeline, and the deadline policy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert, DeadlinePolicy, TimelineEvent
from fanzha.alerts.routing import Routing, current_directory


class AlertInputError(ValueError):
    """Bad input, naming the field the caller must fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class AlertStateError(Exception):
    """The alert is not in a state that allows this (e.g. already closed)."""


def policy_for(level: str) -> DeadlinePolicy:
    return current_directory().policy(level)


def deadlines_for(level: str, *, received_at: datetime) -> tuple[datetime, datetime | None]:
    policy = policy_for(level)
    visit = policy.visit_window
    return received_at + policy.contact_window, (received_at + visit if visit is not None else None)


def actor(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated else None


def timeline_add(*, alert: Alert, kind: str, by: User | None, data: dict[str, Any] | None = None) -> TimelineEvent:
    """Record one step on the alert's timeline (other apps add theirs: funds adds stop-payments)."""
    return TimelineEvent.objects.create(alert=alert, at=timezone.now(), kind=kind, actor=actor(by), data=data or {})


def routing_data(routing: Routing) -> dict[str, Any]:
    return {
        "method": routing.method,
        "village": routing.village_name,
        "township": routing.township_name,
        "officer": routing.officer.display_name if routing.officer else "",
        "explanation": routing.explanation,
    }


def notified_event(alert: Alert, users: list[User], *, step: str) -> TimelineEvent:
    return TimelineEvent(
        alert=alert,
        at=timezone.now(),
        kind="notified",
        data={"step": step, "users": [u.display_name for u in users]},
    )
