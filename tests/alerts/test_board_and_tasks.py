"""The centre's board and the officer's task list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.alerts.services import AlertIntake, alert_intake, attempt_record

pytestmark = pytest.mark.django_db


def intake(external_id, **fields):
    data = {"source": "province", "level": "high", "fraud_type": "investment"}
    data.update(fields)
    return alert_intake(data=AlertIntake(external_id=external_id, **data), by=None)[0]


@pytest.fixture
def alerts(world):
    high = intake("B-high", victim_phone="13900000001")
    low = intake("B-low", level="low", victim_phone="13900000003")
    unrouted = intake("B-unrouted", level="medium")
    late = intake("B-late", victim_phone="13900000002")
    Alert.objects.filter(pk=late.pk).update(contact_deadline=timezone.now() - timedelta(minutes=3))
    done = intake("B-done", victim_phone="13900000001")
    attempt_record(alert=done, by=world.user("officer_a1"), method="visit", reached=True, outcome="dissuaded")
    return {"high": high, "low": low, "unrouted": unrouted, "late": late, "done": done}


def rows(page: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'<tr data-alert="(\d+)"', page)]


def test_board_lists_what_can_be_saved_first_then_the_overdue_with_counts(world, login, alerts):
    page = login(world.user("centre")).get("/alerts/board/").content.decode()
    assert rows(page) == [alerts[k].pk for k in ("high", "unrouted", "low", "late")]
    assert 'data-count="open">4<' in page
    assert 'data-count="overdue">1<' in page
    assert 'data-count="new">1<' in page
    assert "超时" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "low"}, ["low"]),
        ({"overdue": "1"}, ["late"]),
        ({"status": "new"}, ["unrouted"]),
        ({"status": "closed"}, ["done"]),
    ],
)
def test_board_filters(world, login, alerts, query, expected):
    page = login(world.user("centre")).get("/alerts/board/", query).content.decode()
    assert rows(page) == [alerts[k].pk for k in expected]


def test_board_filters_by_township(world, login, alerts):
    page = login(world.user("centre")).get("/alerts/board/", {"township": world.township_b.pk}).content.decode()
    assert rows(page) == [alerts["low"].pk]


def test_board_follows_changes_in_a_live_region(world, login, alerts):
    full = login(world.user("centre")).get("/alerts/board/", {"level": "high"}).content.decode()
    assert 'id="board" data-live="alerts"' in full and "data-live-stamps=" in full
    assert rows(full) == [alerts["high"].pk, alerts["late"].pk]


def test_station_chief_board_shows_only_the_station(world, login, alerts):
    page = login(world.user("chief_a")).get("/alerts/board/").content.decode()
    assert rows(page) == [alerts["high"].pk, alerts["late"].pk]


def test_task_list_puts_the_officers_own_work_first(world, login, alerts):
    page = login(world.user("officer_a1")).get("/alerts/").content.decode()
    assert f'data-alert="{alerts["high"].pk}"' in page
    assert f'data-alert="{alerts["low"].pk}"' not in page
    assert "派给我" in page
    assert "最近办结" in page


def test_navigation_shows_each_role_its_page(world, login):
    assert "值班看板" in login(world.user("centre")).get("/").content.decode()
    officer_home = login(world.user("officer_a1")).get("/").content.decode()
    assert "我的预警" in officer_home and "值班看板" not in officer_home
