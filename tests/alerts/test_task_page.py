"""The officer's phone-first task page: the person masked until opened, the contact network, the
playbook for the fraud type, the observables and the timeline."""

import pytest

from fanzha.alerts.models import Alert
from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.core.models import AuditEntry
from tests.factories import GroupFactory, OrganisationFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world):
    return alert_intake(
        data=AlertIntake(
            external_id="P-1",
            source="province",
            level="high",
            fraud_type="impersonate_authority",
            victim_phone="13900000001",
            victim_name="甲一",
            address="甲镇东山村幸福路1号",
            suspect_apps=["屏幕共享助手"],
        ),
        by=None,
    )[0]


def test_task_page_masks_the_person_until_opened(world, login, alert):
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/").content.decode()
    assert "139****0001" in page and "甲*" in page
    assert "13900000001" not in page and "甲一" not in page and "幸福路1号" not in page
    assert not AuditEntry.objects.filter(action="alert.person_viewed").exists()


def test_opening_the_person_shows_them_and_is_audited(world, login, alert):
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/person/").content.decode()
    assert "tel:13900000001" in page and "甲一" in page and "幸福路1号" in page
    entry = AuditEntry.objects.get(action="alert.person_viewed")
    assert entry.actor == world.user("officer_a1") and entry.object_id == str(alert.pk)
    assert alert.timeline.filter(kind="opened", actor=world.user("officer_a1")).exists()


def test_opening_by_the_assignee_acknowledges_the_alert(world, login, alert):
    login(world.user("assistant_a1")).get(f"/alerts/{alert.pk}/person/")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED
    login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/person/", headers={"HX-Request": "true"})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.IN_PROGRESS


def test_contact_network_lists_household_head_helpers_and_employer(world, login, alert):
    household = world.resident_a1.household
    ResidentFactory(household=household, name="甲一之子", phone="+8613900000011")
    head = ResidentFactory(household__village=world.village_a1, name="户长老王", phone="+8613900000012")
    household.group = GroupFactory(village=world.village_a1, head=head)
    household.save()
    world.resident_a1.organisation = OrganisationFactory(
        township=world.township_a, responsible_person="李会计", responsible_phone="+8613900000013"
    )
    world.resident_a1.save()
    world.user("grid_a1").phone = "+8613900000014"
    world.user("grid_a1").save()
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/person/", headers={"HX-Request": "true"})
    text = page.content.decode()
    for expected in (
        "同户家人：甲一之子",
        "139 0000 0011",
        "中心户长：户长老王",
        "139 0000 0012",
        "网格员",
        "139 0000 0014",
        "警务助理",
        "李会计",
        "139 0000 0013",
    ):
        assert expected in text, expected


def test_playbook_for_the_fraud_type_is_on_the_page(world, login, alert):
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/").content.decode()
    assert "处置要点：冒充公检法及政府机关" in page
    assert "宾馆" in page and "屏幕共享" in page and "取出手机卡" in page


def test_observable_seen_in_other_alerts_counts_all_and_links_those_in_scope(world, login, alert):
    def other(external_id, phone):
        return alert_intake(
            data=AlertIntake(
                external_id=external_id,
                source="city",
                level="medium",
                fraud_type="impersonate_authority",
                victim_phone=phone,
                suspect_apps=["屏幕共享助手 APP"],
            ),
            by=None,
        )[0]

    same_village = other("P-2", "13900000001")
    elsewhere = other("P-3", "13900000003")  # 南坡村, another station's
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/").content.decode()
    assert 'data-seen="2"' in page and "另见于 2 条预警" in page
    assert f'href="/alerts/{same_village.pk}/"' in page
    assert f'href="/alerts/{elsewhere.pk}/"' not in page


def test_detail_api_has_the_same_shape_plus_timeline_and_observables(world, api_client, alert):
    body = api_client(world.user("officer_a1")).get(f"/api/v1/alerts/{alert.pk}").json()
    assert body["routing"]["officer"]["name"] == "民警甲"
    assert [e["kind"] for e in body["timeline"]][:2] == ["received", "routed"]
    assert body["observables"] == [{"kind": "app", "value": "屏幕共享助手", "seen_in_other_alerts": 0}]


def test_list_api_is_paginated(world, api_client, alert):
    for n in range(3):
        alert_intake(
            data=AlertIntake(
                external_id=f"P-L{n}", source="city", level="low", fraud_type="loan", victim_phone="13900000001"
            ),
            by=None,
        )
    body = api_client(world.user("officer_a1")).get("/api/v1/alerts", limit=2, offset=1).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    assert api_client(world.user("officer_a1")).get("/api/v1/alerts", level="high").json()["count"] == 1
