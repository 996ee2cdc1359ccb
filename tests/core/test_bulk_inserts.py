"""core.bulk's inserts: a few rows (one INSERT … VALUES on PostgreSQL) and many (COPY) land the same as
bulk_create would, with their ids in the order given; a unique key taken raises, or is skipped when asked."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from fanzha.alerts.models import Alert, TimelineEvent
from fanzha.core.bulk import COPY_MIN_ROWS, insert_rows, insert_rows_with_ids
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
