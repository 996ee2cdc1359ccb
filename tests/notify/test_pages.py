"""Channels (centre operators and admins) and the deliveries page (everyone; their own unless county-wide)."""

from __future__ import annotations

import logging

import pytest

from fanzha.core.models import AuditEntry
from fanzha.notify.models import Channel, Delivery
from fanzha.notify.services import Message, notify

pytestmark = pytest.mark.django_db


def test_only_centre_and_admins_manage_channels(world, login):
    assert login(world.user("officer_a1")).get("/notify/channels/").status_code == 403
    assert login(world.user("centre")).get("/notify/channels/").status_code == 200


def test_centre_adds_a_signed_dingtalk_channel_for_a_village(world, login, receiver):
    client = login(world.user("centre"))
    form = {
        "name": "东山村群",
        "kind": "dingtalk",
        "target": f"{receiver.url}/robot/send?access_token=SECRET-TOKEN",
        "secret": "SECsign",
        "owner_key": f"village:{world.village_a1.pk}",
        "active": "on",
    }
    response = client.post("/notify/channels/", form)
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.secret == "SECsign" and channel.owner_key == f"village:{world.village_a1.pk}"
    page = client.get("/notify/channels/").content.decode()
    assert "甲镇 · 东山村" in page and f"village:{world.village_a1.pk}<" not in page
    assert "---------" not in page and "请选择" in page
    assert "东山村群" in page and "SECRET-TOKEN" not in page and "SECsign" not in page
    assert AuditEntry.objects.filter(action="channel.created").exists()


def test_a_channel_needs_exactly_one_owner_and_a_fitting_address(world, login):
    client = login(world.user("centre"))
    response = client.post(
        "/notify/channels/", {"name": "x", "kind": "email", "target": "not-an-address", "active": "on"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "有效的电子邮件地址" in page and page.count("二选一") == 1
    response = client.post(
        "/notify/channels/", {"name": "x", "kind": "sms", "target": "138 0000 0009", "owner_key": "village:x"}
    )
    assert "请从列表中选择" in response.content.decode() and not Channel.objects.exists()


def test_test_button_sends_now_and_reports_a_failure(world, login, receiver):
    hook = Channel.objects.create(name="群", kind="wecom", target=f"{receiver.url}/hook", owner_key="county:1")
    client = login(world.user("centre"))
    page = client.post(f"/notify/channels/{hook.pk}/test/", follow=True).content.decode()
    assert "测试消息已发送" in page
    assert "测试" in receiver.on("/hook")[0].body["markdown"]["content"]
    receiver.behaviour["/hook"] = "errcode"
    page = client.post(f"/notify/channels/{hook.pk}/test/", follow=True).content.decode()
    assert "发送失败" in page and "93000" in page


def test_deliveries_page_shows_attempts_and_filters_by_status_and_scope(
    world, login, receiver, django_capture_on_commit_callbacks
):
    receiver.behaviour["/down"] = "500"
    officer = world.user("officer_a1")
    Channel.objects.create(name="村群", kind="wecom", target=f"{receiver.url}/down", owner_key="village:1")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event_key="e:a", message=Message("给甲", "内容"), users=[officer], owner_keys=["village:1"])
        notify(event_key="e:b", message=Message("给乙", "内容"), users=[world.user("officer_b1")])
    centre = login(world.user("centre")).get("/notify/deliveries/?status=failed").content.decode()
    assert "村群" in centre and "HTTP 500" in centre and "给乙" not in centre
    failed = Delivery.objects.get(status="failed")
    assert f'data-delivery="{failed.pk}"' in centre
    everything = login(world.user("centre")).get("/notify/deliveries/").content.decode()
    assert "给甲" in everything and "给乙" in everything
    mine = login(officer).get("/notify/deliveries/").content.decode()
    assert "给甲" in mine and "给乙" not in mine and "村群" not in mine


def test_logs_carry_no_message_text_numbers_or_robot_keys(world, receiver, caplog, django_capture_on_commit_callbacks):
    receiver.behaviour["/down"] = "500"
    Channel.objects.create(name="村群", kind="wecom", target=f"{receiver.url}/down?key=ROBOTKEY", owner_key="village:1")
    Channel.objects.create(name="断线", kind="wecom", target="http://127.0.0.1:9/x?key=OTHERKEY", owner_key="village:1")
    body = "对象：甲一（13900000001），身份证532323198001010019"
    # At INFO, the production level (urllib3's DEBUG lines name the URL, robot key included).
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        notify(event_key="e:log", message=Message("预警：甲一", body), users=[], owner_keys=["village:1"])
    assert "failed" in caplog.text  # the failures are logged…
    for secret in ("甲一", "13900000001", "532323198001010019", "ROBOTKEY", "OTHERKEY", "预警"):
        assert secret not in caplog.text  # …without what was sent or where
    for delivery in Delivery.objects.all():
        assert "KEY" not in delivery.last_error and "1390" not in delivery.last_error


def test_admin_adds_a_channel_with_the_same_checks_and_an_audit_entry(world, login):
    client = login(world.user("admin"))
    assert client.get("/admin/notify/delivery/").status_code == 200
    owner = f"village:{world.village_a1.pk}"  # chosen from the places by name, as on the channels page
    bad = {"name": "x", "kind": "wecom", "target": "not a url", "owner_key": owner, "active": "on"}
    assert client.post("/admin/notify/channel/add/", bad).status_code == 200
    assert not Channel.objects.exists()
    good = dict(bad, target="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    assert client.post("/admin/notify/channel/add/", good).status_code == 302
    assert Channel.objects.get().owner_key == owner
    assert AuditEntry.objects.filter(action="channel.created").exists()
