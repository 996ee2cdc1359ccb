"""Demo alerts for `fanzha demo`: fourteen months of handled warnings, and some open ones on the board.

Written in bulk, not through the intake service: the history has to carry past times (received last
spring, contacted four minutes later), which the service rightly never accepts, and nothing is
notified. Who, what and how are drawn from the seeded random stream; the times are counted back from
the day the demo is loaded, so the dashboard's "this month" always has figures.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fanzha.alerts.models import Alert, DissuasionAttempt, Level, TimelineEvent
from fanzha.alerts.services.common import deadlines_for
from fanzha.people.models import Resident
from fanzha.places.models import Assignment, County

HISTORY_DAYS = 430
HISTORY_ALERTS = 900
OPEN_ALERTS = 14
# Weighted like the county's reports: brushing, investment and impersonation lead.
TYPES = [
    ("order_brushing", 22),
    ("investment", 16),
    ("impersonate_authority", 12),
    ("customer_service", 10),
    ("loan", 10),
    ("impersonate_acquaintance", 9),
    ("romance", 6),
    ("credit_repair", 5),
    ("shopping", 5),
    ("game_trading", 3),
    ("other_fraud", 2),
]
LEVELS = [(Level.HIGH, 3), (Level.MEDIUM, 5), (Level.LOW, 2)]
OUTCOMES = [
    (Alert.Outcome.DISSUADED, 78),
    (Alert.Outcome.NOT_FRAUD, 9),
    (Alert.Outcome.MONEY_SENT, 8),
    (Alert.Outcome.REFUSED, 5),
]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def load_demo(
    *,
    county: County,
    rng: random.Random,
    prefix: str = "DEMO-",
    history: int = HISTORY_ALERTS,
    open_count: int = OPEN_ALERTS,
) -> str:
    """The county's alerts, numbered `prefix`000001… (each county of the prefecture demo has its own
    prefix and, outside 牟定县, fewer alerts)."""
    officers = {
        a.village_id: a.user
        for a in Assignment.objects.filter(role="community_officer", village__township__county=county).select_related(
            "user"
        )
        if a.village_id is not None
    }
    residents = list(
        Resident.objects.filter(village__township__county=county)
        .exclude(phone="")
        .select_related("village", "household")
        .order_by("id")[:20000]
    )
    if not residents or not officers:
        return "没有居民或民警，未生成预警"
    # The first village's officer (officer_001, whose login `make run` prints) has work waiting.
    first_village = min(officers)
    first_residents = [r for r in residents if r.village_id == first_village] or residents
    now = timezone.now()
    alerts: list[Alert] = []
    for n in range(history + open_count):
        is_open = n >= history
        person = rng.choice(first_residents if n >= history + open_count - 3 else residents)
        # More warnings in recent months: the platform's reach is growing. Open ones arrived in the
        # last two hours, so the board shows some within their deadlines and some overdue.
        age_days = rng.uniform(0, 2 / 24) if is_open else HISTORY_DAYS * (rng.random() ** 1.3)
        received = now - timedelta(days=age_days, minutes=rng.randint(0, 600))
        level = _pick(rng, LEVELS)
        contact_deadline, visit_deadline = deadlines_for(level, received_at=received)
        alerts.append(
            Alert(
                external_id=f"{prefix}{n + 1:06d}",
                county=county,
                source=rng.choice(["province", "city", "bank"]),
                level=level,
                fraud_type=_pick(rng, TYPES),
                status=Alert.Status.ASSIGNED if is_open else Alert.Status.CLOSED,
                victim_name=person.name,
                victim_phone=person.phone,
                address=person.household.address if person.household else "",
                amount_at_risk=Decimal(rng.choice([0, 2000, 8000, 30000, 120000])) or None,
                description="演示预警：疑似正在被诈骗，请尽快联系劝阻。",
                resident=person,
                village=person.village,
                township_id=person.village.township_id,
                assignee=officers.get(person.village_id),
                routing_method=Alert.RoutingMethod.PHONE,
                routing_explanation="按手机号找到登记居民（演示数据）",
                issued_at=received - timedelta(minutes=rng.randint(1, 5)),
                received_at=received,
                contact_deadline=contact_deadline,
                visit_deadline=visit_deadline,
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=500)
    alerts = list(Alert.objects.filter(county=county, external_id__startswith=prefix).order_by("id"))

    attempts: list[DissuasionAttempt] = []
    events: list[TimelineEvent] = []
    for alert in alerts:
        events.append(TimelineEvent(alert=alert, kind="received", at=alert.received_at, data={"source": alert.source}))
        if alert.status != Alert.Status.CLOSED:
            continue
        window = (alert.contact_deadline - alert.received_at).total_seconds() / 60
        late = rng.random() < 0.12
        first = alert.received_at + timedelta(minutes=window * (rng.uniform(1.1, 3) if late else rng.uniform(0.2, 0.9)))
        outcome = _pick(rng, OUTCOMES)
        alert.first_contact_at = first
        officer = alert.assignee
        attempts.append(DissuasionAttempt(alert=alert, method="phone", reached=True, outcome="", at=first, by=officer))
        closed = first + timedelta(minutes=rng.randint(5, 90))
        if alert.visit_deadline is not None and rng.random() < 0.7:
            alert.visit_at = closed
            attempts.append(
                DissuasionAttempt(alert=alert, method="visit", reached=True, outcome=outcome, at=closed, by=officer)
            )
        else:
            attempts[-1].outcome = outcome
        alert.outcome = outcome
        alert.closed_at = closed
        events.append(TimelineEvent(alert=alert, kind="closed", at=closed, actor=officer, data={"outcome": outcome}))
    closed_alerts = [a for a in alerts if a.status == Alert.Status.CLOSED]
    Alert.objects.bulk_update(closed_alerts, ["first_contact_at", "visit_at", "outcome", "closed_at"], batch_size=500)
    DissuasionAttempt.objects.bulk_create(attempts, batch_size=1000)
    TimelineEvent.objects.bulk_create(events, batch_size=1000)
    return f"{len(alerts)} 条预警（其中 {open_count} 条待处置）、{len(attempts)} 条劝阻记录"
