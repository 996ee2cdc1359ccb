"""Reads of alerts, always through the user's jurisdiction (an unrouted alert: county-wide roles only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import Alert, AlertSeen, Observable, TimelineEvent
from fanzha.people.models import Resident
from fanzha.places.models import Assignment
from fanzha.places.scoping import scoped

OPEN = (Alert.Status.NEW, Alert.Status.ASSIGNED, Alert.Status.IN_PROGRESS)


def overdue_q(now: datetime) -> Q:
    return Q(status__in=OPEN) & (
        Q(first_contact_at__isnull=True, contact_deadline__lt=now)
        | Q(visit_at__isnull=True, visit_deadline__isnull=False, visit_deadline__lt=now)
    )


def alerts_for(
    *,
    user: Any,
    status: str = "",
    level: str = "",
    township: int | None = None,
    overdue: bool = False,
    open_only: bool = False,
    q: str = "",
) -> QuerySet[Alert]:
    qs = scoped(Alert.objects.select_related("county", "village", "township", "assignee"), user)
    if status:
        qs = qs.filter(status=status)
    elif open_only:
        qs = qs.filter(status__in=OPEN)
    if level:
        qs = qs.filter(level=level)
    if township:
        qs = qs.filter(township_id=township)
    if overdue:
        qs = qs.filter(overdue_q(timezone.now()))
    if q.strip():
        qs = qs.filter(external_id__startswith=q.strip())
    return qs


def pending_deadline_q() -> Case:
    """The deadline still to be met: first contact until it is made, then the visit until it is made."""
    return Case(
        When(first_contact_at__isnull=True, then=F("contact_deadline")),
        When(visit_at__isnull=True, visit_deadline__isnull=False, then=F("visit_deadline")),
        default=Value(None),
        output_field=DateTimeField(),
    )


def with_seen(qs: QuerySet[Alert], user: Any) -> QuerySet[Alert]:
    """`seen`: whether this user has opened the alert's page (an alert not opened yet is marked 新)."""
    return qs.annotate(seen=Exists(AlertSeen.objects.filter(alert=OuterRef("pk"), user_id=user.pk)))


@dataclass
class Sections:
    """What can still be saved (every open alert whose next deadline has not passed, the soonest first:
    never paged away) and what is already overdue (escalated), the most recently missed first."""

    live: list[Alert]
    overdue: QuerySet[Alert]

    @property
    def urgent_unseen(self) -> int:
        return sum(1 for a in self.live if not getattr(a, "seen", True))


def sections(qs: QuerySet[Alert], *, user: Any, now: datetime | None = None) -> Sections:
    now = now or timezone.now()
    qs = with_seen(qs.filter(status__in=OPEN), user).annotate(pending_deadline=pending_deadline_q())
    late = overdue_q(now)
    live = qs.exclude(late).order_by(F("pending_deadline").asc(nulls_last=True), "-received_at", "-id")
    overdue = qs.filter(late).order_by(F("pending_deadline").desc(nulls_last=True), "-id")
    return Sections(live=list(live), overdue=overdue)


def board_counts(*, user: Any) -> dict[str, int]:
    now = timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    # Only the rows that can count (indexed), never a pass over years of closed alerts every refresh.
    qs = scoped(Alert.objects.all(), user).filter(
        Q(status__in=OPEN) | Q(received_at__gte=today) | Q(closed_at__gte=today)
    )
    return qs.aggregate(
        open=Count("id", filter=Q(status__in=OPEN)),
        new=Count("id", filter=Q(status=Alert.Status.NEW)),
        high=Count("id", filter=Q(status__in=OPEN, level="high")),
        overdue=Count("id", filter=overdue_q(now)),
        unrouted=Count("id", filter=Q(status__in=OPEN, routing_method=Alert.RoutingMethod.UNROUTED)),
        received_today=Count("id", filter=Q(received_at__gte=today)),
        closed_today=Count("id", filter=Q(closed_at__gte=today)),
        dissuaded_today=Count("id", filter=Q(closed_at__gte=today, outcome=Alert.Outcome.DISSUADED)),
    )


def tasks_for(*, user: Any) -> Sections:
    """An officer's, assistant's or grid worker's open work in their villages, by what can still be saved."""
    return sections(alerts_for(user=user), user=user)


def recently_closed_for(*, user: Any, limit: int = 10) -> list[Alert]:
    return list(alerts_for(user=user, status=Alert.Status.CLOSED).order_by("-closed_at")[:limit])


def live_stamp() -> str:
    """Changes to any alert: every change writes a timeline event (intake, attempts, closing, escalation,
    dispatch, stop-payments on the alert), so the newest event's id moves with them. An index look-up."""
    return str(TimelineEvent.objects.aggregate(last=Max("id"))["last"] or 0)


def timeline_of(alert: Alert) -> QuerySet[TimelineEvent]:
    return alert.timeline.select_related("actor").order_by("at", "id")


@dataclass
class ObservableSeen:
    observable: Observable
    others: int  # in other alerts, county-wide: a suspect's number is not the victim's personal data
    visible: list[Alert] = field(default_factory=list)  # those the user may open


def observables_of(*, alert: Alert, user: Any, limit: int = 10) -> list[ObservableSeen]:
    result = []
    for observable in alert.observables.order_by("kind", "id"):
        same = Observable.objects.filter(kind=observable.kind, value=observable.value).exclude(alert=alert)
        visible = scoped(Alert.objects.filter(observables__in=same), user).order_by("-received_at")[:limit]
        result.append(ObservableSeen(observable, same.values("alert").distinct().count(), list(visible)))
    return result


def alerts_with_observable(*, observable: Observable, user: Any) -> QuerySet[Alert]:
    same = Observable.objects.filter(kind=observable.kind, value=observable.value)
    return scoped(
        Alert.objects.filter(observables__in=same).select_related("village", "township").distinct(), user
    ).order_by("-received_at")


@dataclass
class Contact:
    role: str
    name: str
    phone: str  # E.164 or a landline as stored


def contact_network(alert: Alert) -> list[Contact]:
    """Who can help find the person fast: household, ten-household head, grid worker, assistant, employer."""
    contacts: list[Contact] = []
    resident: Resident | None = alert.resident
    household = resident.household if resident else None
    if resident is not None and household is not None:
        for member in Resident.objects.filter(household=household).exclude(pk=resident.pk).order_by("id"):
            if member.phone:
                contacts.append(Contact(_("同户家人"), member.name, member.phone))
        group = household.group
        if group is not None and group.head is not None and group.head.phone:
            contacts.append(Contact(_("中心户长"), group.head.name, group.head.phone))
    if alert.village_id:
        wanted: dict[str, str] = {
            Role.GRID_WORKER: _("网格员"),
            Role.POLICE_ASSISTANT: _("警务助理"),
            Role.COMMUNITY_OFFICER: _("社区民警"),
        }
        grid_id = alert.grid_id or (household.grid_id if household else None)
        assignments = (
            Assignment.objects.filter(Q(village_id=alert.village_id) | Q(grid__village_id=alert.village_id))
            .filter(role__in=list(wanted), user__is_active=True)
            .select_related("user")
            .order_by("id")
        )
        seen: set[int] = set()
        for a in sorted(assignments, key=lambda a: (a.role != Role.GRID_WORKER or a.grid_id != grid_id, a.id)):
            user: User = a.user
            if user.pk in seen or user.pk == alert.assignee_id:
                continue
            seen.add(user.pk)
            contacts.append(Contact(wanted[a.role], user.display_name, user.phone))
    if resident is not None and resident.organisation is not None:
        org = resident.organisation
        if org.responsible_person or org.responsible_phone:
            role = _("单位负责人（%(organisation)s）") % {"organisation": org.name}
            contacts.append(Contact(role, org.responsible_person, org.responsible_phone))
    return contacts
