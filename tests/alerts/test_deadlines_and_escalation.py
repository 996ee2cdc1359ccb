"""Deadlines come from the admin-edited policy; overdue work goes to the chief, then the centre."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.alerts.models import Alert, DeadlinePolicy, TimelineEvent
from fanzha.alerts.services import AlertIntake, alert_intake, alerts_escalate_overdue, attempt_record
from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def intake(external_id="E-1", **fields):
    data = {"source": "province", "level": "high", "fraud_type": "investment", "victim_phone": "13900000001"}
    data.update(fields)
    return alert_intake(data=AlertIntake(external_id=external_id, **data), by=None)[0]


def test_default_deadlines_per_level(world):
    for level, contact, visit in [("high", 5, 30), ("medium", 30, 24 * 60), ("low", 24 * 60, None)]:
        alert = intake(external_id=f"D-{level}", level=level)
        assert alert.contact_deadline - alert.received_at == timedelta(minutes=contact)
        if visit is None:
            assert alert.visit_deadline is None
        else:
            assert alert.visit_deadline - alert.received_at == timedelta(minutes=visit)


def test_an_admin_changes_the_policy_and_new_alerts_follow_it(world, login):
    policy = DeadlinePolicy.objects.get(level="high")
    response = login(world.user("admin")).post(
        f"/admin/alerts/deadlinepolicy/{policy.pk}/change/",
        {"level": "high", "contact_minutes": "3", "visit_minutes": "20", "centre_after_minutes": "10"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = intake()
    assert alert.contact_deadline - alert.received_at == timedelta(minutes=3)
    assert alert.visit_deadline - alert.received_at == timedelta(minutes=20)


def test_deadlines_cannot_be_typed_in_by_the_operator(world, login):
    page = login(world.user("centre")).get("/alerts/new/").content.decode()
    assert "deadline" not in page


def test_overdue_first_contact_goes_to_the_station_chief_with_a_timeline_entry(world):
    alert = intake()
    later = alert.contact_deadline + timedelta(minutes=1)
    assert alerts_escalate_overdue(now=later) == 1
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.STATION
    event = TimelineEvent.objects.get(alert=alert, kind="escalated")
    assert event.data["to"] == "station" and event.data["late"] == ["contact"]
    assert event.data["users"] == [world.user("chief_a").display_name, "民警甲"]
    assert AuditEntry.objects.filter(action="alert.escalated", object_id=str(alert.pk)).exists()


def test_still_overdue_after_the_grace_period_goes_to_the_centre(world):
    alert = intake()
    first = alert.contact_deadline + timedelta(minutes=1)
    alerts_escalate_overdue(now=first)
    assert alerts_escalate_overdue(now=first + timedelta(minutes=5)) == 0  # high: 10 minutes' grace
    assert alerts_escalate_overdue(now=first + timedelta(minutes=11)) == 1
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.CENTRE
    assert list(alert.timeline.filter(kind="escalated").values_list("data__to", flat=True)) == ["station", "centre"]


def test_escalation_runs_are_idempotent(world):
    alert = intake()
    later = alert.contact_deadline + timedelta(minutes=1)
    assert alerts_escalate_overdue(now=later) == 1
    assert alerts_escalate_overdue(now=later) == 0
    assert alert.timeline.filter(kind="escalated").count() == 1


def test_work_done_in_time_is_never_escalated(world):
    alert = intake()
    attempt_record(alert=alert, by=world.user("officer_a1"), method="visit", reached=True, outcome="refused")
    assert alerts_escalate_overdue(now=alert.visit_deadline + timedelta(hours=5)) == 0


def test_contact_made_but_visit_overdue_still_escalates(world):
    alert = intake()
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True, outcome="refused")
    assert alerts_escalate_overdue(now=alert.contact_deadline + timedelta(minutes=1)) == 0
    assert alerts_escalate_overdue(now=alert.visit_deadline + timedelta(minutes=1)) == 1
    assert alert.timeline.get(kind="escalated").data["late"] == ["visit"]


def test_an_unrouted_alert_goes_straight_to_the_centre(world):
    alert = intake(victim_phone="", address="")
    assert alerts_escalate_overdue(now=alert.contact_deadline + timedelta(minutes=1)) == 1
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.CENTRE
    assert world.user("centre").display_name in alert.timeline.get(kind="escalated").data["users"]


def test_closed_alerts_are_left_alone(world):
    alert = intake()
    attempt_record(alert=alert, by=world.user("officer_a1"), method="phone", reached=True, outcome="not_fraud")
    assert alerts_escalate_overdue(now=timezone.now() + timedelta(days=3)) == 0


def test_the_officer_is_told_to_act_on_her_overdue_alert_and_the_chief_to_supervise(world):
    from fanzha.notify.models import Notification

    alert = intake()
    alerts_escalate_overdue(now=alert.contact_deadline + timedelta(minutes=1))
    own = Notification.objects.get(user=world.user("officer_a1"), event_key__contains="escalated")
    chief = Notification.objects.get(user=world.user("chief_a"), event_key__contains="escalated")
    assert "督办" not in own.body and "请立即联系并劝阻" in own.body and "已上报派出所所长" in own.body
    assert "请督办" in chief.body and "处置人：民警甲" in chief.body
