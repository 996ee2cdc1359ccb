"""Bulletins go through notify to a real local receiver: one group's robot is down, the village's is up."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import timezone

from fanzha.notify.models import Channel, Delivery
from fanzha.notify.services import deliveries_retry_due
from fanzha.outreach.models import Bulletin, BulletinFeedback


class Receiver:
    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.down: set[str] = set()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path in outer.down:
                    self.send_response(500)
                    self.end_headers()
                    return
                outer.received.append((self.path, body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def channels(world, hood, receiver):
    group = Channel.objects.create(
        name="一组群", kind="wecom", target=f"{receiver.url}/group", owner_key=f"group:{hood.group_1.pk}"
    )
    village = Channel.objects.create(
        name="东山村群", kind="wecom", target=f"{receiver.url}/village", owner_key=f"village:{world.village_a1.pk}"
    )
    return group, village


def _send(api_client, world, hood, django_capture_on_commit_callbacks, **extra):
    payload = {
        "title": "冒充客服退款新手法",
        "text": "有人自称快递客服，以理赔为由要求共享屏幕。",
        "fraud_type": "customer_service",
        "targets": [{"level": "group", "id": hood.group_1.pk}, {"level": "village", "id": world.village_a1.pk}],
        **extra,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return api_client(world.user("centre")).post("/api/v1/bulletins", payload)


def test_channel_down_is_retried_and_recorded_while_others_are_delivered(
    world, hood, channels, receiver, api_client, django_capture_on_commit_callbacks
):
    receiver.down.add("/group")
    response = _send(api_client, world, hood, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    # Deliveries are sent once the request's transaction commits: read the bulletin again.
    body = api_client(world.user("centre")).get(f"/api/v1/bulletins/{response.json()['id']}").json()
    targets = {t["key"]: t for t in body["targets"]}
    village = targets[f"village:{world.village_a1.pk}"]
    group = targets[f"group:{hood.group_1.pk}"]
    assert [(d["channel"], d["status"]) for d in village["deliveries"] if d["channel"]] == [("东山村群", "sent")]
    assert [(d["channel"], d["status"]) for d in group["deliveries"] if d["channel"]] == [("一组群", "failed")]
    # in-app: the village's assistant and grid worker, for each target
    assert {d["user"] for d in village["deliveries"] if d["user"] and not d["channel"]} == {
        world.user("assistant_a1").display_name,
        world.user("grid_a1").display_name,
    }
    path, sent = receiver.received[0]
    assert path == "/village" and "冒充客服退款新手法" in json.dumps(sent, ensure_ascii=False)
    assert village["feedback_link"] in json.dumps(sent, ensure_ascii=False)

    receiver.down.clear()  # the robot is back: the retry sweep delivers
    deliveries_retry_due(now=timezone.now() + timedelta(minutes=5))
    again = api_client(world.user("centre")).get(f"/api/v1/bulletins/{body['id']}").json()
    group = {t["key"]: t for t in again["targets"]}[f"group:{hood.group_1.pk}"]
    channel_delivery = next(d for d in group["deliveries"] if d["channel"])
    assert (channel_delivery["status"], channel_delivery["attempts"]) == ("sent", 2)
    assert Delivery.objects.get(channel=channels[0]).tries.count() == 2


def test_feedback_through_the_short_link_without_login(
    world, hood, channels, api_client, client, django_capture_on_commit_callbacks
):
    body = _send(api_client, world, hood, django_capture_on_commit_callbacks).json()
    link = body["targets"][0]["feedback_link"]
    assert len(link.rstrip("/").rsplit("/", 1)[1]) >= 12
    page = client.get(link)
    assert page.status_code == 200 and "冒充客服退款新手法" in page.content.decode()
    done = client.post(link, {"action": "forwarded", "households_told": 9, "reporter": "户长甲"})
    assert "已收到反馈" in done.content.decode()
    assert BulletinFeedback.objects.get().households_told == 9
    report = api_client(world.user("centre")).get(f"/api/v1/bulletins/{body['id']}").json()
    assert report["targets"][0]["households_told"] == 9
    assert client.get("/outreach/b/not-a-real-token/").status_code == 404


def test_feedback_link_is_rate_limited(world, hood, channels, api_client, client, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    link = _send(api_client, world, hood, django_capture_on_commit_callbacks).json()["targets"][0]["feedback_link"]
    statuses = [client.post(link, {"action": "visited", "households_told": 1}).status_code for _ in range(22)]
    assert statuses[:20] == [200] * 20 and statuses[-1] == 429
    assert BulletinFeedback.objects.count() == 20
    cache.clear()


def test_only_the_centre_sends_and_bad_targets_are_refused(world, hood, api_client, django_capture_on_commit_callbacks):
    payload = {
        "title": "t",
        "text": "x",
        "fraud_type": "loan",
        "targets": [{"level": "village", "id": world.village_a1.pk}],
    }
    assert api_client(world.user("officer_a1")).post("/api/v1/bulletins", payload).status_code == 403
    bad = dict(payload, targets=[{"level": "village", "id": 999999}])
    assert api_client(world.user("centre")).post("/api/v1/bulletins", bad).status_code == 400
    unknown = dict(payload, fraud_type="weather")
    assert api_client(world.user("centre")).post("/api/v1/bulletins", unknown).status_code == 422
    assert not Bulletin.objects.exists()


def test_officer_of_another_township_cannot_read_the_bulletin(
    world, hood, channels, api_client, login, django_capture_on_commit_callbacks
):
    bulletin_id = _send(api_client, world, hood, django_capture_on_commit_callbacks).json()["id"]
    assert api_client(world.user("officer_b1")).get(f"/api/v1/bulletins/{bulletin_id}").status_code == 404
    assert login(world.user("officer_b1")).get(f"/outreach/bulletins/{bulletin_id}/").status_code == 404
    page = login(world.user("officer_a1")).get(f"/outreach/bulletins/{bulletin_id}/")
    assert "东山村群" in page.content.decode()
