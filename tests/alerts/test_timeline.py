"""Every step of an alert's life is on its timeline, with who did it and when."""

from datetime import timedelta

import pytest

from fanzha.alerts.models import Alert
from fanzha.alerts.services import AlertIntake, alert_intake, alerts_escalate_overdue, timeline_add

pytestmark = pytest.mark.django_db


def test_timeline_shows_every_step_with_actor(world, login, api_client):
    body = {
        "external_id": "T-1",
        "source": "province",
        "level": "high",
        "fraud_type": "loan",
        "victim_phone": "13900000001",
    }
    alert_id = api_client(world.user("centre")).post("/api/v1/alerts", body).json()["id"]
    officer = login(world.user("officer_a1"))
    officer.get(f"/alerts/{alert_id}/person/")
    officer.post(f"/alerts/{alert_id}/attempts/", {"method": "phone", "reached": "0"})
    alert = Alert.objects.get(pk=alert_id)
    alerts_escalate_overdue(now=alert.visit_deadline + timedelta(minutes=1))
    timeline_add(
        alert=alert, kind="stop_payment_requested", by=world.user("chief_a"), data={"summary": "申请紧急止付 ¥5,000.00"}
    )
    officer.post(f"/alerts/{alert_id}/attempts/", {"method": "visit", "reached": "1", "outcome": "money_sent"})

    kinds = list(alert.timeline.values_list("kind", "actor__username"))
    assert kinds == [
        ("received", "t_centre"),
        ("routed", None),
        ("notified", None),
        ("opened", "t_officer_a1"),
        ("attempt", "t_officer_a1"),
        ("escalated", None),
        ("stop_payment_requested", "t_chief_a"),
        ("attempt", "t_officer_a1"),
        ("closed", "t_officer_a1"),
    ]
    page = officer.get(f"/alerts/{alert_id}/").content.decode()
    for text in (
        "接收预警",
        "自动分派",
        "发出通知",
        "查看对象信息",
        "电话，未联系上",
        "逾期升级",
        "申请紧急止付 ¥5,000.00",
        "上门见面，联系上，已转账被骗",
        "办结",
    ):
        assert text in page, text


def test_timeline_add_is_available_to_other_apps(world):
    alert = alert_intake(data=AlertIntake(external_id="T-2", source="city", level="low", fraud_type="loan"), by=None)[0]
    event = timeline_add(alert=alert, kind="frozen", by=None, data={"summary": "账户已冻结"})
    assert event.alert == alert and event.actor is None and event.data == {"summary": "账户已冻结"}
