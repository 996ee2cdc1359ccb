"""Reads of cases, letters and accountability, always through the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from fanzha.cases.models import Case, Interview, NoticeLetter, Notification
from fanzha.cases.review import review_alerts
from fanzha.core.money import format_yuan
from fanzha.core.params import clamp_day
from fanzha.funds.models import Freeze, FundReturn, StopPayment
from fanzha.people.models import Organisation
from fanzha.places.models import Township, Village
from fanzha.places.scoping import scoped


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def cases_for(
    *,
    user: Any,
    since: date | None = None,
    until: date | None = None,
    township: int | None = None,
    fraud_type: str = "",
    key_group: str = "",
    organisation: int | None = None,
) -> QuerySet[Case]:
    """Cases in the user's jurisdiction; `since`/`until` are days (inclusive) of the occurrence."""
    qs = scoped(Case.objects.select_related("township", "village", "organisation", "victim_resident"), user)
    since, until = clamp_day(since), clamp_day(until)
    if since:
        qs = qs.filter(occurred_at__gte=_start(since))
    if until:
        qs = qs.filter(occurred_at__lt=_start(until) + timedelta(days=1))
    if township:
        qs = qs.filter(township_id=township)
    if fraud_type:
        qs = qs.filter(fraud_type=fraud_type)
    if key_group:
        qs = qs.filter(key_groups__code=key_group)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs.order_by("-occurred_at", "-id")


def townships_for(*, user: Any) -> QuerySet[Township]:
    """Townships the user works in: covered whole, or through one of their villages."""
    villages = scoped(Village.objects.all(), user).values("township_id")
    return Township.objects.filter(Q(pk__in=scoped(Township.objects.all(), user).values("pk")) | Q(pk__in=villages))


def totals(qs: QuerySet[Case]) -> dict[str, Any]:
    result = qs.order_by().aggregate(cases=Count("id", distinct=True), loss=Sum("loss_amount"))
    result["loss_display"] = format_yuan(result["loss"] or Decimal("0"))
    return result


@dataclass
class CaseFunds:
    stops: list[Any] = field(default_factory=list)
    freezes: list[Any] = field(default_factory=list)
    returns: list[Any] = field(default_factory=list)


def funds_of(case: Case, user: Any) -> CaseFunds:
    """Stop-payments, freezes and returns on the case's alerts — the same alerts the backward check reads
    (review.review_alerts): funds records hang on alerts."""
    result = CaseFunds()
    alert_ids = list(review_alerts(case).values_list("pk", flat=True))
    if not alert_ids:
        return result
    result.stops = list(scoped(StopPayment.objects.filter(alert_id__in=alert_ids), user).order_by("requested_at"))
    result.freezes = list(scoped(Freeze.objects.filter(alert_id__in=alert_ids), user).order_by("frozen_at"))
    result.returns = list(scoped(FundReturn.objects.filter(alert_id__in=alert_ids), user).order_by("returned_on"))
    return result


@dataclass
class History:
    cases: QuerySet[Case]
    notifications: QuerySet[Notification]
    interviews: QuerySet[Interview]
    letters: QuerySet[NoticeLetter] | None = None


def township_history(*, township_id: int, user: Any) -> History:
    return History(
        cases=cases_for(user=user, township=township_id),
        notifications=scoped(
            Notification.objects.filter(township_id=township_id).exclude(audience=Notification.Audience.FAMILY), user
        )
        .select_related("case", "organisation")
        .order_by("-created_at"),
        interviews=scoped(Interview.objects.filter(township_id=township_id), user)
        .select_related("case", "organisation")
        .prefetch_related("actions")
        .order_by("-scheduled_on"),
    )


def organisation_history(*, organisation: Organisation, user: Any) -> History:
    return History(
        cases=cases_for(user=user).filter(organisation=organisation),
        notifications=scoped(Notification.objects.filter(organisation=organisation), user)
        .select_related("case")
        .order_by("-created_at"),
        interviews=scoped(Interview.objects.filter(organisation=organisation), user)
        .select_related("case")
        .prefetch_related("actions")
        .order_by("-scheduled_on"),
        letters=scoped(NoticeLetter.objects.filter(organisation=organisation), user).order_by("-generated_at"),
    )


def letter_candidates(*, user: Any, township: int | None = None, key_group: str = "") -> QuerySet[Organisation]:
    """Units with their key-group member count and their last delivered letter, for choosing whom to write."""
    qs = scoped(Organisation.objects.select_related("township"), user)
    if township:
        qs = qs.filter(township_id=township)
    members = Q(members__key_groups__isnull=False)
    if key_group:
        members &= Q(members__key_groups__code=key_group)
    return qs.annotate(
        key_members=Count("members", filter=members, distinct=True),
        letters_delivered=Count("notice_letters", filter=Q(notice_letters__delivered_on__isnull=False), distinct=True),
    ).order_by("-key_members", "township_id", "name")


def letters_for(*, user: Any) -> QuerySet[NoticeLetter]:
    return scoped(NoticeLetter.objects.select_related("organisation__township"), user).order_by("-generated_at", "-id")
