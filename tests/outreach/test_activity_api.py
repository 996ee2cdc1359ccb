from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from fanzha.core.models import AuditEntry
from fanzha.outreach.models import Activity


def _payload(**extra: Any) -> dict[str, Any]:
    return {"kind": "family", "date": timezone.localdate().isoformat(), "place": "村委会", "audience": 12, **extra}


def test_assistant_logs_an_activity_for_a_group(world, hood, api_client):
    ids = [h.pk for h in hood.group_1_households]
    response = api_client(world.user("assistant_a1")).post("/api/v1/outreach/activities", _payload(households=ids))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["households"] == sorted(ids)
    assert body["village"] == world.village_a1.pk
    assert body["township"] == world.township_a.pk
    assert body["kind_label"] == "进家庭"
    activity = Activity.objects.get(pk=body["id"])
    assert list(activity.organisers.all()) == [world.user("assistant_a1")]
    assert AuditEntry.objects.filter(action="outreach.activity_created", object_id=str(activity.pk)).exists()


def test_activity_dated_in_the_future_is_refused(world, hood, api_client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api_client(world.user("assistant_a1")).post(
        "/api/v1/outreach/activities", _payload(date=tomorrow, households=[hood.group_1_households[0].pk])
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "date" in response.json()["detail"]
    assert not Activity.objects.exists()


def test_household_outside_the_authors_scope_is_refused(world, hood, api_client):
    ids = [hood.group_1_households[0].pk, hood.outside.pk]
    response = api_client(world.user("assistant_a1")).post("/api/v1/outreach/activities", _payload(households=ids))
    assert response.status_code == 400
    assert str(hood.outside.pk) in response.json()["detail"]
    assert not Activity.objects.exists()


def test_unknown_kind_is_refused(world, hood, api_client):
    response = api_client(world.user("assistant_a1")).post("/api/v1/outreach/activities", _payload(kind="party"))
    assert response.status_code == 422


def test_same_external_id_twice_is_one_activity(world, hood, api_client):
    client = api_client(world.user("assistant_a1"))
    payload = _payload(households=[hood.group_2_households[0].pk], external_id="APP-1")
    first = client.post("/api/v1/outreach/activities", payload)
    second = client.post("/api/v1/outreach/activities", payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Activity.objects.count() == 1


def test_officer_of_another_township_does_not_see_the_activity(world, hood, api_client):
    api_client(world.user("assistant_a1")).post(
        "/api/v1/outreach/activities", _payload(households=[hood.group_1_households[0].pk])
    )
    theirs = api_client(world.user("officer_b1")).get("/api/v1/outreach/activities")
    ours = api_client(world.user("chief_a")).get("/api/v1/outreach/activities")
    assert theirs.json()["count"] == 0
    assert ours.json()["count"] == 1


def test_leader_may_read_but_not_log(world, hood, api_client):
    response = api_client(world.user("leader")).post("/api/v1/outreach/activities", _payload())
    assert response.status_code == 403
