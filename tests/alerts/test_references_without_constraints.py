"""The records intake writes by the thousand (timeline events, suspect traces, notifications, deliveries,
audit entries) point at alerts, users and channels without a database constraint (the database's check
of each reference at commit was a third of intake's database CPU). Deleting what they point at still
takes them along, or clears the reference, as each field declares: Django does it, not the database."""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.accounts.models import Role
from fanzha.alerts import services
from fanzha.alerts.models import Alert, Observable, TimelineEvent
from fanzha.core.models import AuditEntry
from fanzha.notify.models import Channel, Delivery, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _received(world: Any, by: Any, external_id: str) -> Alert:
    alert, created = services.alert_intake(
        data=services.AlertIntake(
            external_id=external_id,
            source="province",
            level="high",
            fraud_type="investment",
            victim_phone="13900000001",
            suspect_phones=["13800001111"],
            suspect_urls=["http://invest-fake.example/app"],
        ),
        by=by,
    )
    assert created and alert.assignee == world.users["officer_a1"]
    return alert


def test_deleting_an_alert_takes_its_timeline_and_traces(world: Any) -> None:
    alert = _received(world, None, "PRV-DEL-1")
    kept = _received(world, None, "PRV-DEL-2")
    assert TimelineEvent.objects.filter(alert=alert).count() >= 2
    assert Observable.objects.filter(alert=alert).count() == 2
    alert.delete()
    assert not TimelineEvent.objects.filter(alert_id=alert.pk).exists()
    assert not Observable.objects.filter(alert_id=alert.pk).exists()
    assert TimelineEvent.objects.filter(alert=kept).count() >= 2
    assert Observable.objects.filter(alert=kept).count() == 2


def test_deleting_a_user_clears_or_takes_what_points_at_them(world: Any) -> None:
    operator = UserFactory(username="t_push_gone", role=Role.CENTRE_OPERATOR, full_name="省平台接口")
    helper = world.users["assistant_a1"]
    Channel.objects.create(name="助理企业微信", kind=Channel.Kind.WECOM, target="https://robot.example/h", user=helper)
    alert = _received(world, operator, "PRV-DEL-3")
    assert TimelineEvent.objects.filter(alert=alert, actor=operator).exists()
    assert AuditEntry.objects.filter(actor=operator, action="alert.received").exists()
    assert Notification.objects.filter(user=helper).exists()
    theirs = set(Delivery.objects.filter(user=helper).values_list("pk", flat=True))
    assert theirs
    helper_id = helper.pk

    operator.delete()
    helper.delete()
    assert TimelineEvent.objects.filter(alert=alert, kind="received").get().actor_id is None
    assert AuditEntry.objects.filter(object_id=str(alert.pk), action="alert.received").get().actor_id is None
    assert not Notification.objects.filter(user_id=helper_id).exists()
    # Deliveries are the record of what was sent: kept, without the user.
    assert set(Delivery.objects.filter(pk__in=theirs, user__isnull=True).values_list("pk", flat=True)) == theirs


def test_deleting_a_channel_keeps_its_deliveries_without_it(world: Any) -> None:
    robot = Channel.objects.create(
        name="甲村工作群",
        kind=Channel.Kind.WECOM,
        target="https://robot.example/v",
        owner_key=f"village:{world.village_a1.pk}",
    )
    alert = _received(world, None, "PRV-DEL-4")
    sent = Delivery.objects.get(channel=robot)
    robot.delete()
    sent.refresh_from_db()
    assert sent.channel_id is None and sent.event_key.startswith(f"alert:{alert.pk}:")
