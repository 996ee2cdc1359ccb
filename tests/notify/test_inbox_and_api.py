"""The inbox, on the page and through the API: a user sees and marks only their own notifications."""

from __future__ import annotations

import pytest

from fanzha.core.models import AuditEntry
from fanzha.notify.models import Notification
from fanzha.notify.services import Message, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(world):
    a, b = world.user("officer_a1"), world.user("officer_b1")
    notify(event_key="e:1", message=Message("甲的第一条", "内容一", "/alerts/1/"), users=[a])
    notify(event_key="e:2", message=Message("甲的第二条", "内容二"), users=[a])
    notify(event_key="e:3", message=Message("乙的通知", "内容三"), users=[b])
    return a, b


def test_inbox_shows_only_my_notifications_newest_first_unread_highlighted(world, login, notes):
    page = login(world.user("officer_a1")).get("/notify/").content.decode()
    assert "甲的第二条" in page and "甲的第一条" in page and "乙的通知" not in page
    assert page.index("甲的第二条") < page.index("甲的第一条")
    assert page.count('class="unread"') == 2 and 'data-unread="2"' in page


def test_mark_one_read_then_all(world, login, notes):
    me = world.user("officer_a1")
    client = login(me)
    first = Notification.objects.get(subject="甲的第一条")
    response = client.post(f"/notify/{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/alerts/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert 'data-unread="1"' in client.get("/notify/").content.decode()
    client.post("/notify/read-all/")
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.get(subject="乙的通知").read_at is None
    assert AuditEntry.objects.filter(action="notification.read", actor=me).count() == 1


def test_someone_elses_notification_cannot_be_marked(world, login, notes):
    other = Notification.objects.get(subject="乙的通知")
    assert login(world.user("officer_a1")).post(f"/notify/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_api_lists_my_notifications_paginated(world, api_client, notes):
    response = api_client(world.user("officer_a1")).get("/api/v1/notifications", limit=1)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and [n["subject"] for n in data["items"]] == ["甲的第二条"]
    unread = api_client(world.user("officer_b1")).get("/api/v1/notifications", unread="true").json()
    assert [n["subject"] for n in unread["items"]] == ["乙的通知"]


def test_api_marks_my_notification_read_and_not_anyone_elses(world, api_client, notes):
    mine = Notification.objects.get(subject="甲的第一条")
    other = Notification.objects.get(subject="乙的通知")
    client = api_client(world.user("officer_a1"))
    response = client.post(f"/api/v1/notifications/{mine.pk}/read", {})
    assert response.status_code == 200 and response.json()["read_at"]
    refused = client.post(f"/api/v1/notifications/{other.pk}/read", {})
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    other.refresh_from_db()
    assert other.read_at is None
    assert api_client(None).get("/api/v1/notifications").status_code == 401


def test_unread_count_context_processor(world, rf, notes):
    from fanzha.notify.context_processors import unread_count

    request = rf.get("/")
    request.user = world.user("officer_a1")
    assert unread_count(request) == {"notify_unread": 2}
