"""What alerts ask the notify app to send: who, once per event, and never a full phone or ID number."""

from datetime import timedelta

import pytest

from fanzha.alerts.services import AlertIntake, alert_intake, alerts_escalate_overdue
from fanzha.core.ids import check_digit
from fanzha.notify.models import Channel, Delivery, Notification

pytestmark = pytest.mark.django_db

ID = "53232319800101001" + check_digit("53232319800101001")


def event_keys() -> list[str]:
    """The events notified, in the order they happened."""
    keys: list[str] = []
    for key in Notification.objects.order_by("id").values_list("event_key", flat=True):
        if key not in keys:
            keys.append(key)
    return keys


def recipients(event_key: str) -> list:
    return [n.user for n in Notification.objects.filter(event_key=event_key).order_by("id").select_related("user")]


def test_assignment_goes_to_the_officer_assistant_and_grid_worker_once(world):
    village_group = Channel.objects.create(
        name="东山村群", kind="email", target="dongshan@example.org", owner_key=f"village:{world.village_a1.pk}"
    )
    Channel.objects.create(
        name="南坡村群", kind="email", target="nanpo@example.org", owner_key=f"village:{world.village_b1.pk}"
    )
    data = AlertIntake(
        external_id="N-1",
        source="province",
        level="high",
        fraud_type="investment",
        victim_phone="13900000001",
        victim_name="甲一",
        id_number=ID,
        address="甲镇东山村幸福路1号",
    )
    alert, _ = alert_intake(data=data, by=None)
    alert_intake(data=data, by=None)
    officer = world.user("officer_a1")
    key = f"alert:{alert.pk}:assigned:{officer.pk}"
    assert event_keys() == [key]
    assert recipients(key) == [officer, world.user("assistant_a1"), world.user("grid_a1")]
    # The village's channels (owner key village:<id>) get it too, and only that village's.
    channel_deliveries = Delivery.objects.filter(event_key=key, channel__isnull=False)
    assert [d.channel for d in channel_deliveries] == [village_group]
    for message in Notification.objects.filter(event_key=key):
        assert message.link == f"/alerts/{alert.pk}/"
        text = message.subject + message.body
        assert "虚假网络投资理财" in text and "东山村" in text and "139****0001" in text
        for secret in ("13900000001", ID, "甲一", "幸福路"):
            assert secret not in text


def test_an_alert_nobody_covers_is_not_sent_to_anyone(world):
    alert_intake(data=AlertIntake(external_id="N-2", source="city", level="low", fraud_type="loan"), by=None)
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_escalation_notifies_chief_then_centre_with_their_own_event_keys(world):
    alert, _ = alert_intake(
        data=AlertIntake(
            external_id="N-3", source="province", level="high", fraud_type="loan", victim_phone="13900000001"
        ),
        by=None,
    )
    late = alert.contact_deadline + timedelta(minutes=1)
    alerts_escalate_overdue(now=late)
    alerts_escalate_overdue(now=late + timedelta(minutes=11))
    station, centre = f"alert:{alert.pk}:escalated:station", f"alert:{alert.pk}:escalated:centre"
    own = f"{station}:assignee"  # the officer is told to act, the chief to supervise (督办)
    assert event_keys() == [f"alert:{alert.pk}:assigned:{world.user('officer_a1').pk}", station, own, centre]
    assert recipients(station) == [world.user("chief_a")]
    assert recipients(own) == [world.user("officer_a1")]
    assert world.user("centre") in recipients(centre)
    assert "超时" in Notification.objects.filter(event_key=station).first().subject
