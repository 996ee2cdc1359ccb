"""Overdue work goes up by itself: to the station chief, then to the centre."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import Alert, Level
from fanzha.alerts.notifications import notify_escalated
from fanzha.alerts.routing import station_chiefs_for
from fanzha.alerts.services.common import policy_for, timeline_add
from fanzha.core.audit import log_action

ESCALATION_BATCH = 500


def _overdue(now: datetime) -> Q:
    return Q(first_contact_at__isnull=True, contact_deadline__lt=now) | Q(
        visit_at__isnull=True, visit_deadline__isnull=False, visit_deadline__lt=now
    )


def alerts_escalate_overdue(*, now: datetime | None = None) -> int:
    """Overdue work goes to the station chief, and if still overdue after a while, to the centre.

    Safe to run twice at once: each step is claimed with a conditional update.
    """
    now = now or timezone.now()
    open_alerts = Alert.objects.exclude(status=Alert.Status.CLOSED).filter(_overdue(now))
    done = 0
    first_step = open_alerts.filter(escalation=Alert.Escalation.NONE).order_by("contact_deadline")
    for alert in first_step.select_related("assignee", "village", "township")[:ESCALATION_BATCH]:
        done += _escalate(alert, now=now)
    for level in Level.values:
        waited = now - timedelta(minutes=policy_for(level).centre_after_minutes)
        second_step = open_alerts.filter(escalation=Alert.Escalation.STATION, level=level, escalated_at__lt=waited)
        for alert in second_step.select_related("assignee", "village", "township")[:ESCALATION_BATCH]:
            done += _escalate(alert, now=now)
    return done


def _escalate(alert: Alert, *, now: datetime) -> int:
    late = alert.overdue_at(now)
    chiefs = station_chiefs_for(alert.township_id)
    # Nobody at a station can chase an alert without a township: it goes straight to the centre.
    step = Alert.Escalation.STATION if alert.escalation == Alert.Escalation.NONE and chiefs else Alert.Escalation.CENTRE
    with transaction.atomic():
        claimed = Alert.objects.filter(pk=alert.pk, escalation=alert.escalation).update(
            escalation=step, escalated_at=now
        )
        if not claimed:
            return 0
        alert.escalation, alert.escalated_at = step, now
        if step == Alert.Escalation.STATION:
            users = [*chiefs, alert.assignee]
        else:
            operators = User.objects.filter(role=Role.CENTRE_OPERATOR, is_active=True).order_by("id")
            users = [*operators, *chiefs]
        key = "station" if step == Alert.Escalation.STATION else "centre"
        notified = notify_escalated(alert=alert, step=key, users=[u for u in users if u is not None], late=late)
        timeline_add(
            alert=alert,
            kind="escalated",
            by=None,
            data={"to": key, "late": late, "users": [u.display_name for u in notified]},
        )
        log_action(alert, "alert.escalated", by=None, data={"to": key, "late": late})
    return 1
