"""A channel that times out, answers 500 or refuses: retried with backoff, every attempt recorded, the
other targets still delivered; given up after NOTIFY_MAX_ATTEMPTS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.notify.models import Delivery, Notification
from fanzha.notify.services import Message, deliveries_retry_due, notify

pytestmark = pytest.mark.django_db


def _broken_and_good(receiver, channel, closed_port):
    return {
        "timeout": channel("wecom", f"{receiver.url}/slow"),
        "500": channel("dingtalk", f"{receiver.url}/broken"),
        "refused": channel("feishu", f"http://127.0.0.1:{closed_port}/hook"),
        "good": channel("wecom", f"{receiver.url}/good"),
    }


def test_failing_channels_are_retried_with_backoff_and_the_others_still_delivered(
    world, receiver, channel, closed_port, django_capture_on_commit_callbacks
):
    receiver.behaviour.update({"/slow": "sleep", "/broken": "500"})
    channels = _broken_and_good(receiver, channel, closed_port)
    officer = world.user("officer_a1")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event_key="e:1", message=Message("标题", "内容"), users=[officer], owner_keys=["village:1"])

    by_channel = {d.channel_id: d for d in Delivery.objects.filter(channel__isnull=False)}
    assert by_channel[channels["good"].pk].status == Delivery.Status.SENT
    assert Notification.objects.get(user=officer).subject == "标题"
    errors = {}
    for name in ("timeout", "500", "refused"):
        d = by_channel[channels[name].pk]
        assert d.status == Delivery.Status.FAILED and d.attempts == 1
        [attempt] = d.tries.all()
        assert not attempt.ok
        assert d.next_attempt_at == attempt.at + timedelta(seconds=10)
        errors[name] = (attempt.error, attempt.http_status)
    assert errors["timeout"][0].startswith("timeout")
    assert errors["500"] == ("HTTP 500", 500)
    assert errors["refused"][0].startswith("connection failed")

    first = by_channel[channels["500"].pk].next_attempt_at
    assert deliveries_retry_due(now=first - timedelta(seconds=1)) == 0  # not before its time
    receiver.behaviour["/broken"] = "ok"
    assert deliveries_retry_due(now=first + timedelta(seconds=1)) == 3
    fixed = Delivery.objects.get(channel=channels["500"])
    assert fixed.status == Delivery.Status.SENT and fixed.attempts == 2
    assert [a.ok for a in fixed.tries.all()] == [False, True]
    still = Delivery.objects.get(channel=channels["refused"])
    assert still.status == Delivery.Status.FAILED and still.attempts == 2
    assert still.next_attempt_at - still.tries.last().at == timedelta(seconds=30)
    assert len(receiver.on("/good")) == 1  # the good channel is never sent twice


def test_a_channel_that_never_answers_is_given_up_after_the_last_attempt(
    world, receiver, channel, closed_port, django_capture_on_commit_callbacks
):
    dead = channel("wecom", f"http://127.0.0.1:{closed_port}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event_key="e:2", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    now = timezone.now()
    waits = []
    for _ in range(10):
        delivery = Delivery.objects.get(channel=dead)
        if delivery.next_attempt_at is None:
            break
        waits.append(round((delivery.next_attempt_at - delivery.tries.last().at).total_seconds()))
        now = delivery.next_attempt_at
        deliveries_retry_due(now=now)
    delivery = Delivery.objects.get(channel=dead)
    assert waits == [10, 30, 90, 270, 810]
    assert delivery.status == Delivery.Status.GIVEN_UP and delivery.attempts == 6
    assert delivery.tries.count() == 6 and not delivery.tries.filter(ok=True).exists()
    assert deliveries_retry_due(now=now + timedelta(days=1)) == 0


def test_a_switched_off_channel_is_given_up_instead_of_retried(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    receiver.behaviour["/flaky"] = "500"
    flaky = channel("wecom", f"{receiver.url}/flaky")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event_key="e:3", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    flaky.active = False
    flaky.save()
    deliveries_retry_due(now=timezone.now() + timedelta(minutes=1))
    delivery = Delivery.objects.get(channel=flaky)
    assert delivery.status == Delivery.Status.GIVEN_UP
    assert len(receiver.on("/flaky")) == 1
