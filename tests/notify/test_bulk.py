"""Many events at once (an Excel batch of alerts): the same notifications and deliveries as one call
per event, in a number of queries that does not grow with the number of events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fanzha.notify.models import Delivery, Notification
from fanzha.notify.services import Message, NotifyItem, notify, notify_many

pytestmark = pytest.mark.django_db


def _items(world, prefix: str, n: int) -> list[NotifyItem]:
    officer, assistant = world.user("officer_a1"), world.user("assistant_a1")
    return [
        NotifyItem(
            event_key=f"{prefix}:{i}",
            message=Message(f"标题{i}", f"内容{i}", f"/alerts/{i}/"),
            users=[officer, assistant, officer, None],
            owner_keys=["village:1", "village:1", ""],
        )
        for i in range(n)
    ]


def _recorded(prefix: str) -> tuple[list[tuple], list[tuple]]:
    """What was written for the events under `prefix`, with the prefix taken out to compare."""
    deliveries = sorted(
        (
            d.event_key.split(":", 1)[1],
            d.target_key,
            d.channel_id,
            d.user_id,
            d.status,
            d.attempts,
            d.subject,
            d.body,
            d.link,
        )
        for d in Delivery.objects.filter(event_key__startswith=f"{prefix}:")
    )
    notifications = sorted(
        (n.event_key.split(":", 1)[1], n.user_id, n.subject, n.body, n.link)
        for n in Notification.objects.filter(event_key__startswith=f"{prefix}:")
    )
    return deliveries, notifications


def test_many_events_make_the_same_deliveries_as_one_call_each(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    channel("wecom", f"{receiver.url}/village")
    channel("wecom", f"{receiver.url}/mine", user=world.user("officer_a1"), owner_key="")
    channel("wecom", f"{receiver.url}/other", owner_key="village:2")
    with django_capture_on_commit_callbacks(execute=True):
        for item in _items(world, "one", 5):
            notify(event_key=item.event_key, message=item.message, users=item.users, owner_keys=list(item.owner_keys))
    with django_capture_on_commit_callbacks(execute=True):
        ids = notify_many(_items(world, "many", 5))
    assert len(ids) == 10  # the village's robot and the officer's own, per event
    one, many = _recorded("one"), _recorded("many")
    assert one == many
    assert len(one[0]) == 5 * 4 and len(one[1]) == 5 * 2
    # Queued once the transaction committed, and sent: each robot once per event, never the other village's.
    assert len(receiver.on("/village")) == 10 and len(receiver.on("/mine")) == 10
    assert receiver.on("/other") == []
    assert all(d.status == Delivery.Status.SENT for d in Delivery.objects.all())

    # The same events again: nothing new written, nothing queued, nothing sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_many(_items(world, "many", 5)) == []
    assert _recorded("many") == many
    assert len(receiver.on("/village")) == 10


def test_pending_deliveries_of_a_repeated_event_are_queued_again_but_sent_once(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    channel("wecom", f"{receiver.url}/village")
    first = notify_many(_items(world, "lost", 3))  # never committed: no task ran
    assert len(first) == 3 and receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        again = notify_many(_items(world, "lost", 3))
        assert notify_many([]) == []
    assert again == first
    assert len(receiver.on("/village")) == 3


def test_the_number_of_queries_does_not_grow_with_the_number_of_events(world, channel):
    n = 35  # 70 rows per table: both runs take the same insert path (COPY from 50 rows up) in one batch
    channel("wecom", "https://robot.example/village")
    channel("email", "officer@example.org", user=world.user("officer_a1"), owner_key="")
    # Channels read once, one bulk insert per table (on PostgreSQL: COPY into a temporary table, then
    # INSERT … ON CONFLICT DO NOTHING), the queued deliveries read back once: the same count at any size.
    with CaptureQueriesContext(connection) as small:
        notify_many(_items(world, f"s{n}", 25))
    with CaptureQueriesContext(connection) as large:
        ids = notify_many(_items(world, f"q{n}", n))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(ids) == 2 * n
    assert Notification.objects.filter(event_key__startswith=f"q{n}:").count() == 2 * n


def test_a_bad_event_key_is_refused_before_anything_is_written(world):
    with pytest.raises(ValueError), CaptureQueriesContext(connection) as queries:
        notify_many([*_items(world, "ok", 2), NotifyItem(event_key="", message=Message("标题", "内容"))])
    assert len(queries) == 0
    assert not Delivery.objects.exists()
