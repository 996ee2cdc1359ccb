"""The duty operator types in an alert taken by phone; it is routed and notified like any other."""

import pytest

from fanzha.alerts.models import Alert

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "token": "3f1c0d7e9a2b4c5d",
        "external_id": "",
        "source": "96110转来",
        "level": "high",
        "fraud_type": "investment",
        "victim_phone": "139 0000 0003",
        "victim_name": "乙一",
        "id_number": "",
        "address": "",
        "amount_at_risk": "20000",
        "description": "家属来电：正在向投资平台转账",
        "suspect_phones": "",
        "suspect_accounts": "6222 0212 3456 7890\n6217 0000 1111 2222",
        "suspect_urls": "",
        "suspect_apps": "",
    }
    data.update(overrides)
    return data


def test_operator_enters_an_alert_and_lands_on_its_page(world, login):
    response = login(world.user("centre")).post("/alerts/new/", form(), follow=True)
    alert = Alert.objects.get()
    assert response.redirect_chain[-1][0] == f"/alerts/{alert.pk}/"
    assert alert.external_id == "manual-3f1c0d7e9a2b4c5d"
    assert (alert.village, alert.assignee, alert.created_by) == (
        world.village_b1,
        world.user("officer_b1"),
        world.user("centre"),
    )
    assert alert.observables.count() == 2
    assert "预警已录入并分派" in response.content.decode()


def test_pressing_submit_twice_makes_one_alert(world, login):
    client = login(world.user("centre"))
    client.post("/alerts/new/", form())
    response = client.post("/alerts/new/", form(), follow=True)
    assert Alert.objects.count() == 1
    assert "该预警编号已存在" in response.content.decode()


def test_something_to_find_the_person_by_is_required(world, login):
    response = login(world.user("centre")).post("/alerts/new/", form(victim_phone="", victim_name=""))
    assert response.status_code == 400
    assert "请至少填写" in response.content.decode()
    assert not Alert.objects.exists()


def test_officers_cannot_enter_alerts(world, login):
    assert login(world.user("officer_a1")).get("/alerts/new/").status_code == 403


def test_centre_dispatches_an_unrouted_alert_by_hand(world, login):
    client = login(world.user("centre"))
    client.post("/alerts/new/", form(victim_phone="", victim_name="某人"))
    alert = Alert.objects.get()
    assert alert.status == Alert.Status.NEW
    client.post(f"/alerts/{alert.pk}/dispatch/", {"village": world.village_a1.pk})
    alert.refresh_from_db()
    assert (alert.village, alert.township, alert.assignee) == (
        world.village_a1,
        world.township_a,
        world.user("officer_a1"),
    )
    assert alert.status == Alert.Status.ASSIGNED
    assert alert.timeline.filter(kind="dispatched", actor=world.user("centre")).exists()
