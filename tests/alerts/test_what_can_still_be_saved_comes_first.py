"""Board and 我的预警 order by what can still be saved: alerts whose next deadline has not passed, the
soonest first, never paged away; the overdue below in their own section; alerts not opened yet 新."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.alerts.models import Alert, AlertSeen
from fanzha.alerts.services import attempt_record
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-alert="(\d+)"', page)]


def overdue(world, n: int, **fields) -> list[Alert]:
    """Alerts received hours ago whose first contact was never made."""
    long_ago = timezone.now() - timedelta(hours=3)
    return [
        AlertFactory(village=world.village_a1, received_at=long_ago - timedelta(minutes=i), **fields) for i in range(n)
    ]


def test_a_new_high_alert_with_minutes_left_is_the_first_row_above_hours_overdue_ones(world, login):
    overdue(world, 12, level="medium")
    fresh = AlertFactory(village=world.village_a2, received_at=timezone.now())
    page = login(world.user("centre")).get("/alerts/board/").content.decode()
    assert rows(page)[0] == fresh.pk
    live, late = page.split('id="overdue-heading"')
    assert rows(live) == [fresh.pk] and len(rows(late)) == 12


def test_paging_never_hides_an_alert_whose_deadline_has_not_passed(world, login):
    overdue(world, 5)
    now = timezone.now()
    # 105 low alerts with a day to go, and the one with the furthest deadline received last.
    waiting = [
        AlertFactory(village=world.village_a1, level="low", received_at=now, contact_deadline=now + timedelta(hours=20))
        for _ in range(104)
    ]
    furthest = AlertFactory(
        village=world.village_b1, level="low", received_at=now, contact_deadline=now + timedelta(hours=23)
    )
    page = login(world.user("centre")).get("/alerts/board/").content.decode()
    shown = rows(page.split('id="overdue-heading"')[0])
    assert len(shown) == 105 and shown[-1] == furthest.pk and set(shown) >= {a.pk for a in waiting}


def test_an_alert_not_opened_yet_is_marked_new_for_each_user_until_they_open_it(world, login):
    alert = AlertFactory(village=world.village_a1)
    centre = login(world.user("centre"))
    board = centre.get("/alerts/board/").content.decode()
    assert re.search(rf'<tr data-alert="{alert.pk}"[^>]*class="unseen"', board)
    assert "<title>(1) 值班看板" in board

    assert centre.get(f"/alerts/{alert.pk}/").status_code == 200
    assert AlertSeen.objects.filter(alert=alert, user=world.user("centre")).exists()
    board = centre.get("/alerts/board/").content.decode()
    assert not re.search(rf'<tr data-alert="{alert.pk}"[^>]*class="unseen"', board)
    assert "<title>值班看板" in board

    chief = login(world.user("chief_a")).get("/alerts/board/").content.decode()
    assert re.search(rf'<tr data-alert="{alert.pk}"[^>]*class="unseen"', chief)


def test_my_alerts_put_the_one_still_in_time_above_my_own_overdue_one(world, login):
    officer = world.user("officer_a1")
    (late,) = overdue(world, 1, assignee=officer)
    in_time = AlertFactory(village=world.village_a1, assignee=officer, received_at=timezone.now())
    page = login(officer).get("/alerts/").content.decode()
    assert rows(page)[:2] == [in_time.pk, late.pk]
    assert page.index('id="overdue-heading"') < page.index(f'data-alert="{late.pk}"')
    assert "<title>(1) 我的预警" in page
    assert 'class="badge new"' in page


def test_a_closed_alert_shows_no_running_countdown(world, login):
    officer = world.user("officer_a1")
    alert = AlertFactory(village=world.village_a1, assignee=officer, received_at=timezone.now())
    attempt_record(alert=alert, by=officer, method="phone", reached=True, outcome="dissuaded")
    page = login(officer).get(f"/alerts/{alert.pk}/").content.decode()
    assert "还剩" not in page and "data-due=" not in page
    assert "已办结，不再计时" in page
