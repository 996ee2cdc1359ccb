"""The same event is delivered once per target: repeated calls, duplicate tasks, and a worker that died
mid-delivery (its claim goes stale, the sweep takes it up, it is sent exactly once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.notify.models import Delivery, Notification
from fanzha.notify.services import Message, deliveries_retry_due, delivery_send, notify
from fanzha.notify.tasks import send_delivery

pytestmark = pytest.mark.django_db


def test_the_same_event_twice_is_one_delivery_per_target(world, receiver, channel, django_capture_on_commit_callbacks):
    officer, assistant = world.user("officer_a1"), world.user("assistant_a1")
    channel("wecom", f"{receiver.url}/village")
    channel("wecom", f"{receiver.url}/mine", user=officer, owner_key="")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                event_key="alert:1:assigned:9",
                message=Message("标题", "内容"),
                users=[officer, assistant, officer],
                owner_keys=["village:1", "village:1"],
            )
    assert Notification.objects.filter(user=officer).count() == 1
    assert Notification.objects.filter(user=assistant).count() == 1
    assert sorted(Delivery.objects.filter(channel__isnull=True).values_list("target_key", flat=True)) == sorted(
        [f"user:{officer.pk}", f"user:{assistant.pk}"]
    )
    assert Delivery.objects.count() == 4
    assert len(receiver.on("/village")) == 1 and len(receiver.on("/mine")) == 1
    # A different event is a different delivery.
    with django_capture_on_commit_callbacks(execute=True):
        notify(event_key="alert:1:escalated:station", message=Message("超时", "内容"), users=[officer])
    assert Notification.objects.filter(user=officer).count() == 2
    assert len(receiver.on("/mine")) == 2


def test_a_delivery_queued_twice_is_sent_once(world, receiver, channel, django_capture_on_commit_callbacks):
    hook = channel("wecom", f"{receiver.url}/hook")
    ids = notify(event_key="e:twice", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    [pk] = ids
    send_delivery(pk)
    send_delivery(pk)
    assert delivery_send(delivery_id=pk) is None
    assert len(receiver.on("/hook")) == 1
    assert Delivery.objects.get(channel=hook).tries.count() == 1


def test_a_worker_killed_mid_delivery_is_delivered_after_restart_once(world, receiver, channel):
    hook = channel("wecom", f"{receiver.url}/hook")
    [pk] = notify(event_key="e:killed", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    claimed = timezone.now() - timedelta(seconds=30)
    # What a worker leaves behind when it dies after claiming, before recording anything.
    Delivery.objects.filter(pk=pk).update(status=Delivery.Status.SENDING, claimed_at=claimed, attempts=1)

    assert deliveries_retry_due() == 0  # a recent claim may still be in progress: not taken
    assert receiver.received == []
    later = claimed + timedelta(seconds=301)
    assert deliveries_retry_due(now=later) == 1
    assert deliveries_retry_due(now=later + timedelta(seconds=1)) == 0
    delivery = Delivery.objects.get(channel=hook)
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert len(receiver.on("/hook")) == 1
    assert deliveries_retry_due(now=later + timedelta(hours=1)) == 0
    assert len(receiver.on("/hook")) == 1


def test_a_pending_delivery_whose_task_was_lost_is_sent_by_the_sweep(world, receiver, channel):
    channel("wecom", f"{receiver.url}/hook")
    # No on_commit capture: the transaction never commits in this test, so no task was queued.
    notify(event_key="e:lost", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    assert receiver.received == []
    assert deliveries_retry_due() == 1
    assert len(receiver.on("/hook")) == 1
    assert Delivery.objects.get(target_key__startswith="channel:").status == Delivery.Status.SENT


def test_a_worker_that_dies_mid_send_leaves_a_counted_attempt_that_is_recorded(world, receiver, channel, monkeypatch):
    from fanzha.notify import senders

    hook = channel("wecom", f"{receiver.url}/hook")
    [pk] = notify(event_key="e:died", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    real_send = senders.send

    def die(*args, **kwargs):
        raise SystemExit("worker killed")  # what the process sees when it is stopped mid-send

    monkeypatch.setattr(senders, "send", die)
    claimed = timezone.now()
    with pytest.raises(SystemExit):
        delivery_send(delivery_id=pk, now=claimed)
    delivery = Delivery.objects.get(pk=pk)
    assert delivery.status == Delivery.Status.SENDING and delivery.attempts == 1
    [unfinished] = delivery.tries.all()
    assert not unfinished.ok and "mid-send" in unfinished.error and unfinished.at == claimed

    monkeypatch.setattr(senders, "send", real_send)
    assert deliveries_retry_due(now=claimed + timedelta(seconds=30)) == 0  # may still be sending
    assert deliveries_retry_due(now=claimed + timedelta(seconds=301)) == 1
    delivery = Delivery.objects.get(channel=hook)
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert delivery.tries.count() == delivery.attempts
    assert [(a.ok, "mid-send" in a.error) for a in delivery.tries.all()] == [(False, True), (True, False)]
    assert len(receiver.on("/hook")) == 1


def test_every_counted_attempt_is_a_recorded_one(world, receiver, channel, closed_port):
    dead = channel("wecom", f"http://127.0.0.1:{closed_port}/hook")
    [pk] = notify(event_key="e:count", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    now = timezone.now()
    for _ in range(3):
        delivery_send(delivery_id=pk, now=now)
        delivery = Delivery.objects.get(pk=pk)
        assert delivery.tries.count() == delivery.attempts
        assert not delivery.tries.filter(error__contains="mid-send").exists()
        now = delivery.next_attempt_at
    assert Delivery.objects.get(channel=dead).attempts == 3
