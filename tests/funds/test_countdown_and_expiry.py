"""The 48 h window: computed from the stop, counted down on the page, ended by the periodic sweep."""

from datetime import timedelta

import pytest

from fanzha.alerts.models import TimelineEvent
from fanzha.funds import services
from fanzha.funds.models import StopPayment
from fanzha.funds.tasks import expire_due_stoppayments

pytestmark = pytest.mark.django_db


def test_expiry_is_48_hours_from_the_request_then_from_the_bank_confirming(world, alert_a, clock, request_stop):
    stop = request_stop(alert_a)
    assert stop.status == StopPayment.Status.REQUESTED
    assert stop.expires_at == stop.requested_at + timedelta(hours=48)
    clock.move(minutes=40)
    services.stoppayment_mark_effective(stop=stop, by=world.user("officer_a1"))
    stop.refresh_from_db()
    assert stop.effective_at == clock.now
    assert stop.expires_at == clock.now + timedelta(hours=48)


def test_list_page_shows_hours_and_minutes_left(world, alert_a, clock, login, request_stop):
    stop = request_stop(alert_a)
    services.stoppayment_mark_effective(stop=stop, by=world.user("officer_a1"))
    clock.move(hours=12, minutes=30)
    page = login(world.user("officer_a1")).get("/funds/").content.decode()
    assert "剩余 <strong data-left>35:30</strong>" in page
    assert f'data-expires="{stop.expires_at.isoformat()}"' in page
    clock.move(hours=35)
    page = login(world.user("officer_a1")).get("/funds/").content.decode()
    assert "剩余 <strong data-left>00:30</strong>" in page


def test_periodic_task_expires_effective_stops_past_48_hours_only(world, alert_a, clock, request_stop):
    officer = world.user("officer_a1")
    effective = request_stop(alert_a)
    services.stoppayment_mark_effective(stop=effective, by=officer)
    frozen = request_stop(alert_a, account_number="6217000011112222")
    services.stoppayment_mark_effective(stop=frozen, by=officer)
    services.freeze_record(stop=frozen, by=officer, amount=frozen.amount)
    waiting = request_stop(alert_a, account_number="6228480033334444")  # the bank has not answered

    clock.move(hours=47, minutes=59)
    assert expire_due_stoppayments.call_local() == 0
    effective.refresh_from_db()
    assert effective.status == StopPayment.Status.EFFECTIVE

    clock.move(minutes=1)
    assert expire_due_stoppayments.call_local() == 1
    for stop, status in ((effective, "expired"), (frozen, "frozen"), (waiting, "requested")):
        stop.refresh_from_db()
        assert stop.status == status
    assert effective.closed_at == clock.now
    assert TimelineEvent.objects.filter(alert=alert_a, kind="stoppayment_expired").count() == 1
    assert expire_due_stoppayments.call_local() == 0  # once only


def test_expired_stop_no_longer_counts_down(world, alert_a, clock, login, request_stop):
    stop = request_stop(alert_a)
    services.stoppayment_mark_effective(stop=stop, by=world.user("officer_a1"))
    clock.move(hours=49)
    services.stoppayments_expire_due()
    page = login(world.user("officer_a1")).get("/funds/").content.decode()
    assert f'data-stop="{stop.pk}" data-status="expired"' in page
    assert "data-left" not in page
