"""Overdue work goes up by itself: to the station chief, then to the county's centre, then — in a
deployment of a prefecture's counties — to the prefecture's centre (州反诈中心).

An alert that belongs to no county (the prefecture's queue) goes from nobody straight to the
prefecture's centre; one without a township skips the station."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import Alert, Level
from fanzha.alerts.notifications import notify_escalated
from fanzha.alerts.routing import station_chiefs_for
from fanzha.alerts.services.common import policy_for, timeline_add
from fanzha.core.audit import log_action
from fanzha.places.models import Assignment

ESCALATION_BATCH = 500


def _overdue(now: datetime) -> Q:
    return Q(first_contact_at__isnull=True, contact_deadline__lt=now) | Q(
        visit_at__isnull=True, visit_deadline__isnull=False, visit_deadline__lt=now
    )


def alerts_escalate_overdue(*, now: datetime | None = None) -> int:
    """Overdue work goes to the station chief, and if still overdue after a while, to the centre, and
    after as long again to the prefecture's centre where there is one.

    Safe to run twice at once: each step is claimed with a conditional update.
    """
    now = now or timezone.now()
    open_alerts = Alert.objects.exclude(status=Alert.Status.CLOSED).filter(_overdue(now))
    done = 0
    first_step = open_alerts.filter(escalation=Alert.Escalation.NONE).order_by("contact_deadline")
    for alert in first_step.select_related("assignee", "village", "township")[:ESCALATION_BATCH]:
        done += _escalate(alert, now=now)
    further = [Alert.Escalation.STATION]
    if _prefecture_operators().exists():
        further.append(Alert.Escalation.CENTRE)
    for level in Level.values:
        waited = now - timedelta(minutes=policy_for(level).centre_after_minutes)
        next_step = open_alerts.filter(escalation__in=further, level=level, escalated_at__lt=waited)
        for alert in next_step.select_related("assignee", "village", "township")[:ESCALATION_BATCH]:
            done += _escalate(alert, now=now)
    return done


def _prefecture_operators() -> QuerySet[User]:
    return User.objects.filter(role=Role.PREFECTURE_OPERATOR, is_active=True).order_by("id")


def _centre_operators(county_id: int | None) -> QuerySet[User]:
    """The duty operators of the alert's county: those assigned to it, and those assigned to no county
    (a deployment of one county has no county assignments)."""
    operators = User.objects.filter(role=Role.CENTRE_OPERATOR, is_active=True)
    elsewhere = Assignment.objects.filter(county__isnull=False)
    mine = Assignment.objects.none()
    if county_id is not None:
        elsewhere = elsewhere.exclude(county_id=county_id)
        mine = Assignment.objects.filter(county_id=county_id)
    operators = operators.exclude(Q(pk__in=elsewhere.values("user_id")) & ~Q(pk__in=mine.values("user_id")))
    return operators.order_by("id")


def _next_step(alert: Alert, chiefs: list[User]) -> Alert.Escalation:
    if alert.escalation == Alert.Escalation.NONE and chiefs:
        return Alert.Escalation.STATION
    if alert.escalation < Alert.Escalation.CENTRE and (
        alert.county_id is not None or not _prefecture_operators().exists()
    ):
        return Alert.Escalation.CENTRE
    return Alert.Escalation.PREFECTURE


STEP_KEYS = {
    Alert.Escalation.STATION: "station",
    Alert.Escalation.CENTRE: "centre",
    Alert.Escalation.PREFECTURE: "prefecture",
}


def _escalate(alert: Alert, *, now: datetime) -> int:
    late = alert.overdue_at(now)
    chiefs = station_chiefs_for(alert.township_id)
    # Nobody at a station can chase an alert without a township: it goes straight to the centre.
    step = _next_step(alert, chiefs)
    with transaction.atomic():
        claimed = Alert.objects.filter(pk=alert.pk, escalation=alert.escalation).update(
            escalation=step, escalated_at=now
        )
        if not claimed:
            return 0
        alert.escalation, alert.escalated_at = step, now
        if step == Alert.Escalation.STATION:
            users = [*chiefs, alert.assignee]
        elif step == Alert.Escalation.CENTRE:
            users = [*_centre_operators(alert.county_id), *chiefs]
        else:
            users = [*_prefecture_operators(), *_centre_operators(alert.county_id)]
        key = STEP_KEYS[step]
        notified = notify_escalated(alert=alert, step=key, users=[u for u in users if u is not None], late=late)
        timeline_add(
            alert=alert,
            kind="escalated",
            by=None,
            data={"to": key, "late": late, "users": [u.display_name for u in notified]},
        )
        log_action(alert, "alert.escalated", by=None, data={"to": key, "late": late})
    return 1
