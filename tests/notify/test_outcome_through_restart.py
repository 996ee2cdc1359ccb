"""A database that goes away just after a message was sent: the worker waits for it and records the
outcome, so that the sweep does not send the message a second time (the robot would post it twice)."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection

from fanzha.notify import services
from fanzha.notify.models import Delivery, DeliveryAttempt
from fanzha.notify.services import Message, deliveries_retry_due, delivery_send, notify

# The worker closes its broken connection, which a test transaction cannot survive; serialized
# rollback so that the flush afterwards keeps content types' ids (see tests/alerts/test_intake_concurrency.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class DatabaseDown:
    """Fails the next `times` statements that write a delivery's outcome, as a restarting server does."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.refused = 0

    def __call__(self, execute, sql, params, many, context):
        if self.times and sql.startswith("UPDATE") and "notify_deliveryattempt" in sql:
            self.times -= 1
            self.refused += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def _worker_not_running(monkeypatch):
    """Deliveries are queued, not sent on commit (Huey runs tasks at once in tests): the test sends."""
    monkeypatch.setattr(services, "queue_deliveries", lambda ids, now=None: None)
    monkeypatch.setattr(services, "OUTCOME_RETRY_SECONDS", 0.01)


def test_the_outcome_is_recorded_once_the_database_is_back_and_nothing_is_sent_twice(world, receiver, channel):
    hook = channel("wecom", f"{receiver.url}/hook")
    [pk] = notify(event_key="e:restart", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    down = DatabaseDown(times=3)
    with connection.execute_wrapper(down):
        delivery = delivery_send(delivery_id=pk)

    assert down.refused == 3
    assert delivery is not None and delivery.status == Delivery.Status.SENT
    stored = Delivery.objects.get(channel=hook)
    assert (stored.status, stored.attempts) == (Delivery.Status.SENT, 1)
    assert list(DeliveryAttempt.objects.values_list("ok", "error")) == [(True, "")]
    assert deliveries_retry_due(now=stored.claimed_at.replace(year=stored.claimed_at.year + 1)) == 0
    assert len(receiver.on("/hook")) == 1


def test_a_database_down_for_too_long_leaves_the_claim_for_the_sweep(world, receiver, channel, settings):
    settings.NOTIFY_STALE_SECONDS = 1  # half of it is how long the worker waits
    channel("wecom", f"{receiver.url}/hook")
    [pk] = notify(event_key="e:long", message=Message("标题", "内容"), users=[], owner_keys=["village:1"])
    with connection.execute_wrapper(DatabaseDown(times=10_000)), pytest.raises(OperationalError):
        delivery_send(delivery_id=pk)
    stored = Delivery.objects.get(pk=pk)
    assert stored.status == Delivery.Status.SENDING  # the sweep takes it up once the claim is stale
