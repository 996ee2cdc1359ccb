"""`fanzha demo` loads the prefecture 楚雄州: ten counties with their codes, 牟定县 as the one-county
demo has it, 南华县 in the same depth, logins for the prefecture's and the counties' centres, alerts
across county lines and 串并线索; `--county 牟定县` keeps the one-county demo."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import CommandError
from django.test import Client

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import Alert, CrossCountyTrace, Observable
from fanzha.alerts.services.intake import AlertIntake, alert_intake
from fanzha.core.ids import check_digit
from fanzha.core.models import AuditEntry
from fanzha.demo.county import DEMO_PASSWORD
from fanzha.people.models import Resident
from fanzha.places.models import Assignment, County, PoliceStation, Prefecture, Township, Village
from fanzha.places.scoping import scoped
from tests.demo.conftest import ONE_COUNTY, SMALL, run_demo

CODES = {
    "楚雄市": "532301",
    "双柏县": "532322",
    "牟定县": "532323",
    "南华县": "532324",
    "姚安县": "532325",
    "大姚县": "532326",
    "永仁县": "532327",
    "元谋县": "532328",
    "武定县": "532329",
    "禄丰市": "532331",
}
NANHUA_TOWNSHIPS = {
    "龙川镇": "town",
    "沙桥镇": "town",
    "五街镇": "town",
    "红土坡镇": "town",
    "马街镇": "town",
    "兔街镇": "town",
    "一街乡": "township",
    "罗武庄乡": "township",
    "五顶山乡": "township",
    "雨露白族乡": "township",
}
SEATS = {
    "楚雄市": "鹿城镇",
    "禄丰市": "金山镇",
    "双柏县": "妥甸镇",
    "姚安县": "栋川镇",
    "大姚县": "金碧镇",
    "永仁县": "永定镇",
    "元谋县": "元马镇",
    "武定县": "狮山镇",
}


def login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def test_the_prefecture_has_its_ten_counties_with_their_division_codes(prefecture_demo: str) -> None:
    prefecture = Prefecture.objects.get()
    assert (prefecture.name, prefecture.short_name, prefecture.code) == ("楚雄彝族自治州", "楚雄州", "532300")
    assert dict(County.objects.values_list("name", "code")) == CODES
    assert not County.objects.exclude(prefecture=prefecture).exists()
    assert County.objects.get(name="南华县").full_name == "楚雄彝族自治州南华县"
    # Every resident's ID number begins with their own county's code: ID-number routing can find it.
    for name, code in Resident.objects.values_list("village__township__county__name", "id_number"):
        assert code.startswith(CODES[name])
    for county in County.objects.all():
        assert Resident.objects.filter(village__township__county=county).exists(), county.name

    # 南华县 has its real towns and stations, in the depth of 牟定县; the others their seats.
    townships = dict(Township.objects.filter(county__name="南华县").values_list("name", "kind"))
    assert townships == NANHUA_TOWNSHIPS
    stations = set(PoliceStation.objects.filter(county__name="南华县").values_list("name", flat=True))
    assert {"一街派出所", "雨露派出所", "龙川派出所"} <= stations and len(stations) == 10
    assert set(PoliceStation.objects.get(name="雨露派出所").townships.values_list("name", flat=True)) == {"雨露白族乡"}
    for township in Township.objects.filter(county__name="南华县"):
        villages = Village.objects.filter(township=township)
        assert villages.count() >= 5, township.name
        assert not villages.filter(grids__isnull=True).exists()
        assert not villages.filter(ten_household_groups__isnull=True).exists()
        for village in villages:
            roles = sorted(Assignment.objects.filter(village=village).values_list("role", flat=True))
            assert roles == sorted([Role.COMMUNITY_OFFICER, Role.POLICE_ASSISTANT, Role.GRID_WORKER])
    for county, seat in SEATS.items():
        names = list(Township.objects.filter(county__name=county).order_by("id").values_list("name", flat=True))
        assert names[0] == seat and len(names) >= 3, county
        assert Village.objects.filter(township__county__name=county).count() >= 6


def test_mouding_in_the_prefecture_is_the_one_county_demo(prefecture_demo: str) -> None:
    def mouding() -> tuple[list[Any], list[Any], list[Any]]:
        residents = list(
            Resident.objects.filter(village__township__county__name="牟定县")
            .order_by("id")
            .values_list("name", "phone", "id_number", "household__address", "organisation__name")
        )
        users = list(
            User.objects.filter(username__regex=r"^(admin|centre|leader|chief_|officer_|assistant_|grid_)")
            .order_by("username")
            .values_list("username", "full_name", "phone", "role")
        )
        alerts = list(
            Alert.objects.filter(external_id__regex=r"^DEMO-[0-9]")
            .order_by("external_id")
            .values_list("external_id", "fraud_type", "level", "victim_name", "status")
        )
        return residents, users, alerts

    # Reset rebuilds the same prefecture; with --county 牟定县, 牟定县 alone, the same.
    def snapshot() -> list[Any]:
        return list(
            Resident.objects.order_by("id").values_list("village__township__county__name", "name", "id_number", "phone")
        )

    before = snapshot()
    traces = list(CrossCountyTrace.objects.values_list("kind", "value"))
    run_demo(residents=SMALL, reset=True)
    assert snapshot() == before
    assert Prefecture.objects.count() == 1 and County.objects.count() == 10
    assert list(CrossCountyTrace.objects.values_list("kind", "value")) == traces
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["demo.loaded"]
    again = run_demo(residents=SMALL)
    assert "演示州已载入" in again and "prefecture_leader" in again

    in_prefecture = mouding()
    run_demo(residents=SMALL, county=ONE_COUNTY, reset=True)
    assert County.objects.count() == 1 and not Prefecture.objects.exists()
    assert mouding() == in_prefecture


def test_prefecture_logins_see_their_counties_alerts_cross_counties_and_traces_show(prefecture_demo: str) -> None:
    usernames = re.findall(r"^  ([a-z_0-9]+)\s", prefecture_demo, flags=re.MULTILINE)
    for username in ("prefecture", "prefecture_leader", "centre", "leader", "nanhua_centre", "nanhua_leader"):
        assert username in usernames
    assert "nanhua_chief_yijie" in usernames and "一街派出所" in prefecture_demo
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in usernames:
        home = login(username).get("/")
        assert home.status_code == 200, username
        assert User.objects.get(username=username).full_name in home.content.decode()

    # County centres see their county, the prefecture every county.
    def counties_seen(username: str) -> set[str | None]:
        user = User.objects.get(username=username)
        return set(scoped(Alert.objects.all(), user).values_list("county__name", flat=True))

    assert Assignment.objects.get(user__username="centre").county.name == "牟定县"
    assert Assignment.objects.get(user__username="nanhua_leader").county.name == "南华县"
    assert counties_seen("centre") == counties_seen("leader") == {"牟定县"}
    assert counties_seen("nanhua_centre") == {"南华县"}
    assert counties_seen("prefecture") == {*CODES, None}  # None: the prefecture's own queue
    assert set(
        scoped(Resident.objects.all(), User.objects.get(username="nanhua_centre")).values_list(
            "village__township__county__name", flat=True
        )
    ) == {"南华县"}

    # Alerts cross county lines and one waits for the prefecture.
    entered = Alert.objects.get(external_id="DEMO-PREF-0001")
    assert entered.county.name == "南华县" and entered.township.name == "一街乡"
    assert "由牟定县录入" in entered.routing_explanation and "已转南华县处置" in entered.routing_explanation
    assert entered.assignee is not None and entered.assignee.username.startswith("nanhua_officer_")
    by_id = Alert.objects.get(external_id="DEMO-PREF-0002")
    assert by_id.county.name == "姚安县" and by_id.id_number.startswith("532325")
    assert Alert.objects.get(external_id="DEMO-PREF-0003").county is None
    # Open alerts on every county's board.
    for name in CODES:
        assert Alert.objects.filter(county__name=name).exclude(status=Alert.Status.CLOSED).exists(), name

    # An ID number of a demo county routes a new alert there.
    first17 = "53232619800101123"  # 大姚县, nobody registered
    alert, created = alert_intake(
        data=AlertIntake(
            external_id="TEST-ROUTE-1",
            source="电话",
            level="medium",
            fraud_type="loan",
            id_number=first17 + check_digit(first17),
        ),
        by=User.objects.get(username="centre"),
    )
    assert created and alert.county is not None and alert.county.name == "大姚县"
    assert "大姚县" in alert.routing_explanation

    # A suspect account seen in two counties shows on the prefecture's 串并线索 page.
    trace = CrossCountyTrace.objects.get(kind=Observable.Kind.ACCOUNT)
    counties = set(County.objects.filter(pk__in=trace.county_ids).values_list("name", flat=True))
    assert counties == {"牟定县", "南华县"}
    seen_in = set(Observable.objects.filter(value=trace.value).values_list("alert__county__name", flat=True))
    assert seen_in == counties
    client = login("prefecture")
    page = client.get("/alerts/cross-county/").content.decode()
    assert "串并线索" in page and trace.value in page and "牟定县、南华县" in page
    detail = client.get(f"/alerts/cross-county/{trace.pk}/").content.decode()
    assert "牟定县" in detail and "南华县" in detail
    # A county's centre has no 串并线索.
    assert login("nanhua_centre").get("/alerts/cross-county/").status_code == 403


def test_one_county_demo_has_no_prefecture_and_no_prefecture_menu(demo: str) -> None:
    assert not Prefecture.objects.exists() and County.objects.count() == 1
    assert not Assignment.objects.filter(county__isnull=False).exists()
    assert not User.objects.filter(role__in=[Role.PREFECTURE_OPERATOR, Role.PREFECTURE_LEADER]).exists()
    assert "prefecture" not in demo and "nanhua" not in demo
    home = login("admin").get("/").content.decode()
    assert "串并线索" not in home
    # The one county's centre still sees everything.
    assert scoped(Alert.objects.all(), User.objects.get(username="centre")).count() == Alert.objects.count()


def test_only_mouding_can_be_loaded_alone(db: Any) -> None:
    with pytest.raises(CommandError, match="牟定县"):
        run_demo(residents=SMALL, county="南华县")
    assert not County.objects.exists()
