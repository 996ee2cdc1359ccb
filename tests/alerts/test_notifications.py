"""What alerts ask the notify app to send: who, once per event, and never a full phone or ID number."""

from datetime import timedelta

import pytest

from fanzha.alerts.services import AlertIntake, alert_intake, alerts_escalate_overdue
from fanzha.core.ids import check_digit

pytestmark = pytest.mark.django_db

ID = "53232319800101001" + check_digit("53232319800101001")


def test_assignment_goes_to_the_officer_assistant_and_grid_worker_once(world, _notify_stand_in):
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
    [sent] = _notify_stand_in
    officer = world.user("officer_a1")
    assert sent["event_key"] == f"alert:{alert.pk}:assigned:{officer.pk}"
    assert sent["users"] == [officer, world.user("assistant_a1"), world.user("grid_a1")]
    assert sent["owner_keys"] == [f"village:{world.village_a1.pk}"]
    message = sent["message"]
    assert message.link == f"/alerts/{alert.pk}/"
    text = message.subject + message.body
    assert "虚假网络投资理财" in text and "东山村" in text and "139****0001" in text
    for secret in ("13900000001", ID, "甲一", "幸福路"):
        assert secret not in text


def test_an_alert_nobody_covers_is_not_sent_to_anyone(world, _notify_stand_in):
    alert_intake(data=AlertIntake(external_id="N-2", source="city", level="low", fraud_type="loan"), by=None)
    assert _notify_stand_in == []


def test_escalation_notifies_chief_then_centre_with_their_own_event_keys(world, _notify_stand_in):
    alert, _ = alert_intake(
        data=AlertIntake(
            external_id="N-3", source="province", level="high", fraud_type="loan", victim_phone="13900000001"
        ),
        by=None,
    )
    late = alert.contact_deadline + timedelta(minutes=1)
    alerts_escalate_overdue(now=late)
    alerts_escalate_overdue(now=late + timedelta(minutes=11))
    keys = [s["event_key"] for s in _notify_stand_in]
    assert keys == [
        f"alert:{alert.pk}:assigned:{world.user('officer_a1').pk}",
        f"alert:{alert.pk}:escalated:station",
        f"alert:{alert.pk}:escalated:centre",
    ]
    assert _notify_stand_in[1]["users"] == [world.user("chief_a"), world.user("officer_a1")]
    assert world.user("centre") in _notify_stand_in[2]["users"]
    assert "超时" in _notify_stand_in[1]["message"].subject
