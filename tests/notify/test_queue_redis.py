"""Deliveries queued into a real Redis (as in production, not the immediate mode of the other tests):
one Huey task per delivery, sent in pipelines, each one a worker can run."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from huey import PriorityRedisHuey

from fanzha.huey_app import huey
from fanzha.notify import services

pytestmark = [
    pytest.mark.django_db,  # a db_task closes old connections around the run
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


@pytest.fixture
def redis_huey(tmp_path, monkeypatch) -> Iterator[PriorityRedisHuey]:
    """The app's Huey pointed at a private redis-server on a free port, not immediate."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        private = PriorityRedisHuey("fanzha-test-queue", url=f"redis://127.0.0.1:{port}/0")
        for _ in range(100):
            try:
                private.storage.conn.ping()
                break
            except Exception:
                time.sleep(0.05)
        # In this order: switching immediate mode off makes Huey create its storage afresh.
        monkeypatch.setattr(huey, "immediate", False)
        monkeypatch.setattr(huey, "storage", private.storage)
        monkeypatch.setattr(services, "QUEUE_PIPELINE_SIZE", 7)
        yield private
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_each_delivery_is_one_task_in_redis(redis_huey, monkeypatch):
    ran: list[tuple[int, object]] = []
    monkeypatch.setattr(services, "delivery_send", lambda *, delivery_id, now=None: ran.append((delivery_id, now)))
    ids = list(range(101, 131))  # 30 ids: pipelines of 7, the last one short

    services.queue_deliveries(ids)

    assert type(huey.storage).__name__ == "PriorityRedisStorage"
    assert huey.storage.conn.zcard(huey.storage.queue_key) == 30
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
    assert sorted(ran) == [(pk, None) for pk in ids]
    assert huey.pending_count() == 0


def test_one_delivery_is_queued_too(redis_huey, monkeypatch):
    ran: list[int] = []
    monkeypatch.setattr(services, "delivery_send", lambda *, delivery_id, now=None: ran.append(delivery_id))
    services.queue_deliveries([5])
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())
    assert ran == [5]
