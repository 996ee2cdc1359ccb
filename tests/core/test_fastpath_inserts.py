"""core.fastpath's inserts: a few rows (bulk_create) and many (COPY on PostgreSQL) land the same as
bulk_create would, with their ids in the order given; a unique key taken raises, or is skipped when asked."""

from __future__ import annotations

import gc
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from fanzha.alerts.models import Alert, TimelineEvent
from fanzha.core.fastpath import BULK_GC_THRESHOLD, COPY_MIN_ROWS, fewer_collections, insert_rows, insert_rows_with_ids
from fanzha.notify.models import Notification
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3, COPY_MIN_ROWS + 2])
def test_rows_land_with_their_ids_in_order(world: Any, count: int) -> None:
    template = AlertFactory.build(village=world.village_a1, township=world.township_a)
    alerts = []
    for n in range(count):
        alert = Alert(**{f.attname: getattr(template, f.attname) for f in Alert._meta.concrete_fields})
        alert.pk = None
        alert.external_id = f"BULK-{count}-{n}"
        alerts.append(alert)
    insert_rows_with_ids(alerts)
    stored = {a.pk: a.external_id for a in Alert.objects.filter(external_id__startswith=f"BULK-{count}-")}
    assert stored == {a.pk: a.external_id for a in alerts}
    assert all(not a._state.adding for a in alerts)
    events = [
        TimelineEvent(alert=a, at=a.received_at, kind="received", data={"来源": "省平台", "n": i})
        for i, a in enumerate(alerts)
    ]
    insert_rows(events)
    saved = TimelineEvent.objects.filter(alert__in=alerts).order_by("alert_id")
    assert [e.data for e in saved] == [{"来源": "省平台", "n": i} for i in range(count)]


@pytest.mark.parametrize("count", [1, COPY_MIN_ROWS + 1])
def test_a_taken_unique_key_raises_and_lands_nothing(world: Any, count: int) -> None:
    AlertFactory(external_id="TAKEN-1", village=world.village_a1)
    template = AlertFactory.build(village=world.village_a1, township=world.township_a)
    alerts = []
    for n in range(count):
        alert = Alert(**{f.attname: getattr(template, f.attname) for f in Alert._meta.concrete_fields})
        alert.pk = None
        alert.external_id = "TAKEN-1" if n == count - 1 else f"FREE-{n}"
        alerts.append(alert)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows_with_ids(alerts)
    assert not Alert.objects.filter(external_id__startswith="FREE-").exists()


@pytest.mark.parametrize("count", [2, COPY_MIN_ROWS + 1])
def test_ignoring_conflicts_skips_what_exists(world: Any, count: int) -> None:
    user = world.users["officer_a1"]
    Notification.objects.create(user=user, event_key="alert:1:assigned:1", subject="已有", body="")
    rows = [
        Notification(user=user, event_key=f"alert:{n + 1}:assigned:1", subject=f"第{n + 1}条", body="")
        for n in range(count)
    ]
    insert_rows(rows, ignore_conflicts=True)
    assert Notification.objects.filter(user=user).count() == count
    assert Notification.objects.get(user=user, event_key="alert:1:assigned:1").subject == "已有"


AWKWARD_TEXTS = [
    "O'Brien 的 \\ 反斜杠",
    "'); DROP TABLE alerts_alert; --",
    "100% 转账 %s %(name)s {0}",
    "\"双引号\" 与 $1 $$ E'\\x41'",
    "多行\n文本\t制表",
    "",
]


@pytest.mark.parametrize("count", [1, len(AWKWARD_TEXTS)])
def test_values_land_exactly_as_given(world: Any, count: int) -> None:
    # Whatever the text, it lands as written: quotes, backslashes, percent signs and placeholders are
    # values, never SQL (on PostgreSQL a few rows go in as psycopg's literals, not as parameters).
    template = AlertFactory.build(village=world.village_a1, township=world.township_a)
    alerts = []
    for n, text in enumerate(AWKWARD_TEXTS[:count]):
        alert = Alert(**{f.attname: getattr(template, f.attname) for f in Alert._meta.concrete_fields})
        alert.pk = None
        alert.external_id = f"AWK-{count}-{n}"
        alert.description = text
        alert.victim_name = text[:50]
        alert.amount_at_risk = None if n % 2 else Decimal("12345.67")
        alerts.append(alert)
    insert_rows_with_ids(alerts)
    events = [
        TimelineEvent(alert=a, at=a.received_at, kind="received", data={"说明": a.description, "n": [1, None, "'"]})
        for a in alerts
    ]
    insert_rows(events)
    for alert in alerts:
        stored = Alert.objects.get(pk=alert.pk)
        assert (stored.description, stored.victim_name, stored.amount_at_risk) == (
            alert.description,
            alert.victim_name,
            alert.amount_at_risk,
        )
        assert stored.received_at == alert.received_at
        assert TimelineEvent.objects.get(alert=alert).data == {"说明": alert.description, "n": [1, None, "'"]}
    assert Alert.objects.filter(external_id__startswith=f"AWK-{count}-").count() == count


def test_fewer_collections_while_any_big_load_runs_then_as_before() -> None:
    before = gc.get_threshold()
    first_in, second_out, release = threading.Event(), threading.Event(), threading.Event()

    def another_load() -> None:
        with fewer_collections():
            first_in.set()
            release.wait(5)
        second_out.set()

    with fewer_collections():
        assert gc.get_threshold() == BULK_GC_THRESHOLD
        other = threading.Thread(target=another_load)
        other.start()
        assert first_in.wait(5)
    # The first load ended while the other still runs: still raised.
    assert gc.get_threshold() == BULK_GC_THRESHOLD
    release.set()
    other.join(5)
    assert second_out.is_set()
    assert gc.get_threshold() == before
