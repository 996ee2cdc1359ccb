"""One deployment, a prefecture's counties: each county's centre sees its own county, alerts cross county
lines with the explanation saying so, what fits no county waits in the prefecture's queue, overdue work
goes on to the prefecture's centre, and a suspect's trace seen in two counties is flagged to it."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from fanzha.accounts.models import Role
from fanzha.alerts.models import Alert, CrossCountyTrace
from fanzha.alerts.services import AlertIntake, alert_intake, alerts_escalate_overdue
from fanzha.core.ids import check_digit
from fanzha.notify.models import Notification
from fanzha.places.models import County, Prefecture
from fanzha.places.scoping import scoped
from tests.factories import ResidentFactory, StationFactory, TownshipFactory, UserFactory, VillageFactory, assign

pytestmark = pytest.mark.django_db

NANHUA_CODE = "532324"


@pytest.fixture
def prefecture(world: Any) -> Any:
    """The shared world's county (甲镇, 乙乡) is 测试县; 南华县 beside it, with 龙川镇 → 新华村, its officer
    and a resident; the counties' centres assigned; the prefecture's operator."""
    chuxiong = Prefecture.objects.create(name="楚雄彝族自治州", short_name="楚雄州", code="532300")
    home = world.township_a.county
    home.prefecture, home.code = chuxiong, "532323"
    home.save()
    nanhua = County.objects.create(
        name="南华县", full_name="楚雄彝族自治州南华县", code=NANHUA_CODE, prefecture=chuxiong
    )
    longchuan = TownshipFactory(name="龙川镇", county=nanhua)
    xinhua = VillageFactory(township=longchuan, name="新华村")
    station = StationFactory(name="龙川派出所", county=nanhua)
    station.townships.add(longchuan)
    users = world.users
    users["officer_nh"] = UserFactory(username="t_officer_nh", role=Role.COMMUNITY_OFFICER, full_name="南华民警")
    assign(users["officer_nh"], xinhua)
    users["chief_nh"] = UserFactory(username="t_chief_nh", role=Role.STATION_CHIEF)
    assign(users["chief_nh"], station)
    assign(users["centre"], home)
    users["centre_nh"] = UserFactory(username="t_centre_nh", role=Role.CENTRE_OPERATOR)
    assign(users["centre_nh"], nanhua)
    users["prefecture"] = UserFactory(username="t_prefecture", role=Role.PREFECTURE_OPERATOR)
    resident = ResidentFactory(household__village=xinhua, name="南一", phone="+8613900000099")
    return {"home": home, "nanhua": nanhua, "xinhua": xinhua, "resident": resident}


_numbers = itertools.count(1)


def intake(by: Any = None, **fields: Any) -> Alert:
    base = {"external_id": f"P-{next(_numbers)}", "source": "province", "level": "high"}
    base.update({"fraud_type": "loan", **fields})
    alert, created = alert_intake(data=AlertIntake(**base), by=by)
    assert created
    return alert


def test_an_alert_entered_in_one_county_about_a_resident_of_the_next_goes_there(world, prefecture):
    alert = intake(by=world.user("centre"), victim_phone="13900000099")
    assert alert.county == prefecture["nanhua"] and alert.village == prefecture["xinhua"]
    assert alert.assignee == world.user("officer_nh")
    assert "由测试县录入，预警对象属南华县，已转南华县处置" in alert.routing_explanation


def test_an_unknown_person_goes_to_the_county_of_their_id_number_and_else_to_the_prefecture(world, prefecture):
    body = NANHUA_CODE + "19800101002"
    by_id = intake(victim_phone="13811112222", id_number=body + check_digit(body))
    assert by_id.county == prefecture["nanhua"] and by_id.township is None
    assert "身份证号归属南华县，转南华县反诈中心" in by_id.routing_explanation
    nowhere = intake(victim_phone="13811113333")
    assert nowhere.county is None
    assert "无法确定所属县，进入州反诈中心队列" in nowhere.routing_explanation
    # each county's centre sees its own queue; the prefecture's sees every one and the unplaced
    alerts = Alert.objects.all()
    assert set(scoped(alerts, world.user("centre_nh"))) == {by_id}
    assert set(scoped(alerts, world.user("centre"))) == set()
    assert set(scoped(alerts, world.user("prefecture"))) == {by_id, nowhere}


def test_a_county_centre_sees_only_its_county_pages_and_api(world, prefecture, login, api_client):
    mine = intake(victim_phone="13900000001")  # 甲一 of 测试县
    theirs = intake(victim_phone="13900000099")  # 南一 of 南华县
    client = login(world.user("centre"))
    assert client.get(f"/alerts/{mine.pk}/").status_code == 200
    assert client.get(f"/alerts/{theirs.pk}/").status_code == 404
    board = client.get("/alerts/board/").content.decode()
    assert f"/alerts/{mine.pk}/" in board and f"/alerts/{theirs.pk}/" not in board
    listed = api_client(world.user("centre")).get("/api/v1/alerts").json()
    assert [a["id"] for a in listed["items"]] == [mine.pk]
    counties = api_client(world.user("centre_nh")).get("/api/v1/places/counties").json()
    assert counties == {"count": 1, "items": [{"id": prefecture["nanhua"].pk, "name": "南华县", "code": NANHUA_CODE}]}
    every = api_client(world.user("prefecture")).get("/api/v1/places/counties").json()
    assert every["count"] == 2
    townships = api_client(world.user("prefecture")).get("/api/v1/places/townships").json()["items"]
    assert {(t["name"], t["county"]["name"]) for t in townships} >= {("龙川镇", "南华县"), ("甲镇", "测试县")}


def test_an_unassigned_county_centre_sees_nothing_where_there_are_several_counties(world, prefecture):
    intake(victim_phone="13900000001")
    stray = UserFactory(username="t_stray_centre", role=Role.CENTRE_OPERATOR)
    assert not scoped(Alert.objects.all(), stray).exists()


def test_overdue_work_goes_to_the_station_then_its_county_centre_then_the_prefecture(world, prefecture):
    alert = intake(victim_phone="13900000099")
    start = alert.contact_deadline + timedelta(minutes=1)
    alerts_escalate_overdue(now=start)
    alerts_escalate_overdue(now=start + timedelta(minutes=11))
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.CENTRE
    told = set(Notification.objects.filter(subject__contains="逾期").values_list("user__username", flat=True))
    assert "t_centre_nh" in told and "t_centre" not in told and "t_prefecture" not in told
    alerts_escalate_overdue(now=start + timedelta(minutes=22))
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.PREFECTURE
    assert Notification.objects.filter(user=world.user("prefecture"), subject__contains="逾期").exists()


def test_an_alert_of_no_county_goes_straight_to_the_prefecture(world, prefecture):
    alert = intake(victim_phone="13811113333")
    alerts_escalate_overdue(now=alert.contact_deadline + timedelta(minutes=1))
    alert.refresh_from_db()
    assert alert.escalation == Alert.Escalation.PREFECTURE
    assert Notification.objects.filter(user=world.user("prefecture")).exists()


def test_an_account_seen_in_two_counties_is_flagged_to_the_prefecture(world, prefecture, login):
    account = "6222 0210 0123 4567 890"
    intake(victim_phone="13900000001", suspect_accounts=[account])
    assert not CrossCountyTrace.objects.exists()
    intake(victim_phone="13900000099", suspect_accounts=[account], external_id="P-second")
    trace = CrossCountyTrace.objects.get()
    assert sorted(trace.county_ids) == sorted([prefecture["home"].pk, prefecture["nanhua"].pk])
    note = Notification.objects.get(user=world.user("prefecture"), subject__contains="串并")
    assert "测试县" in note.body and "南华县" in note.body
    client = login(world.user("prefecture"))
    home = client.get("/").content.decode()
    assert "串并线索" in home
    page = client.get("/alerts/cross-county/").content.decode()
    assert "测试县、南华县" in page
    assert client.get(f"/alerts/cross-county/{trace.pk}/").status_code == 200
    assert login(world.user("centre")).get("/alerts/cross-county/").status_code == 403


def test_one_county_alone_keeps_working_as_before(world, login):
    """No prefecture, no county assignments: the centre sees everything and no prefecture menu."""
    account = "6222021001234567890"
    first = intake(victim_phone="13900000001", suspect_accounts=[account])
    intake(victim_phone="13900000003", suspect_accounts=[account], external_id="P-other")
    assert first.county == world.township_a.county
    assert not CrossCountyTrace.objects.exists()
    assert scoped(Alert.objects.all(), world.user("centre")).count() == 2
    assert "串并线索" not in login(world.user("admin")).get("/").content.decode()


def test_an_alert_nobody_could_place_belongs_to_the_only_county(world):
    alert = intake(victim_phone="13811113333")
    assert alert.county == world.township_a.county
    assert timezone.now() >= alert.received_at


def test_the_prefecture_board_names_each_alerts_county_and_the_home_page_speaks_of_the_prefecture(
    world, prefecture, login
):
    intake(victim_phone="13900000099")  # 南一 of 南华县
    intake(victim_phone="13811113333")  # nobody's: the prefecture's queue
    client = login(world.user("prefecture"))
    board = client.get("/alerts/board/").content.decode()
    assert "<strong>南华县</strong>" in board and "<strong>州队列</strong>" in board
    assert "全州概况" in client.get("/").content.decode()
    assert "全县概况" in login(world.user("centre")).get("/").content.decode()
