"""Each channel kind sends the payload its service documents, to a real local receiver."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import unquote_plus

import pytest
from django.core import mail

from fanzha.notify.models import Delivery
from fanzha.notify.services import Message, notify

pytestmark = pytest.mark.django_db

MESSAGE = Message(
    subject="【高风险】预警待处置：冒充公检法", body="请立即联系。\n对象：甲*（139****0001）", link="/alerts/7/"
)


def send(captured, key: str = "alert:7:assigned:1", **kwargs):
    with captured(execute=True):
        return notify(event_key=key, message=MESSAGE, users=kwargs.pop("users", []), **kwargs)


def test_wecom_robot_gets_markdown_with_an_absolute_link(world, receiver, channel, django_capture_on_commit_callbacks):
    channel("wecom", f"{receiver.url}/wecom?key=abc", owner_key="village:1")
    send(django_capture_on_commit_callbacks, owner_keys=["village:1"])
    [got] = receiver.on("/wecom")
    assert got.query == {"key": "abc"}
    assert got.body["msgtype"] == "markdown"
    content = got.body["markdown"]["content"]
    assert "冒充公检法" in content and "139****0001" in content
    assert "https://fanzha.example/alerts/7/" in content
    assert Delivery.objects.get(target_key__startswith="channel:").status == Delivery.Status.SENT


def _dingtalk_checker(secret: str):
    """DingTalk's documented check: sign = urlencode(base64(HmacSHA256(secret, timestamp + "\\n" + secret)))."""

    def check(got):
        timestamp = got.query.get("timestamp", "")
        expected = base64.b64encode(
            hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
        ).decode()
        if got.query.get("sign") != expected:  # parse_qs has already url-decoded it once
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    return check


def test_signed_dingtalk_robot_accepts_the_signature(world, receiver, channel, django_capture_on_commit_callbacks):
    receiver.behaviour["/dingtalk"] = _dingtalk_checker("SECabc123")
    channel("dingtalk", f"{receiver.url}/dingtalk?access_token=tok", secret="SECabc123")
    send(django_capture_on_commit_callbacks, owner_keys=["village:1"])
    [got] = receiver.on("/dingtalk")
    assert got.query["access_token"] == "tok" and len(got.query["timestamp"]) == 13
    assert got.body["msgtype"] == "markdown"
    assert got.body["markdown"]["title"] == MESSAGE.subject
    delivery = Delivery.objects.get(target_key__startswith="channel:")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.tries.get().ok


def test_dingtalk_with_the_wrong_secret_is_a_failure_with_the_robots_errcode(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    receiver.behaviour["/dingtalk"] = _dingtalk_checker("SECright")
    channel("dingtalk", f"{receiver.url}/dingtalk?access_token=tok", secret="SECwrong")
    send(django_capture_on_commit_callbacks, owner_keys=["village:1"])
    delivery = Delivery.objects.get(target_key__startswith="channel:")
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "errcode 310000: sign not match"
    assert "tok" not in delivery.last_error


def test_feishu_bot_gets_text_and_a_valid_signature_when_it_has_a_secret(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    channel("feishu", f"{receiver.url}/feishu-signed", secret="fs-secret", owner_key="group:3")
    channel("feishu", f"{receiver.url}/feishu-plain", owner_key="group:3")
    send(django_capture_on_commit_callbacks, owner_keys=["group:3"])
    [signed] = receiver.on("/feishu-signed")
    [plain] = receiver.on("/feishu-plain")
    assert signed.body["msg_type"] == "text" and "冒充公检法" in signed.body["content"]["text"]
    timestamp = signed.body["timestamp"]
    expected = base64.b64encode(hmac.new(f"{timestamp}\nfs-secret".encode(), b"", hashlib.sha256).digest()).decode()
    assert signed.body["sign"] == expected
    assert "sign" not in plain.body and plain.body["content"]["text"].endswith("https://fanzha.example/alerts/7/")


def test_sms_gateway_gets_to_and_text_with_the_token(
    world, receiver, channel, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_SMS_GATEWAY_URL = f"{receiver.url}/sms"
    settings.NOTIFY_SMS_GATEWAY_TOKEN = "gw-token"
    channel("sms", "+8613800000009", user=world.user("officer_a1"), owner_key="")
    send(django_capture_on_commit_callbacks, users=[world.user("officer_a1")])
    [got] = receiver.on("/sms")
    assert got.headers["authorization"] == "Bearer gw-token"
    assert got.body["to"] == "+8613800000009"
    assert got.body["text"].startswith(MESSAGE.subject) and "139****0001" in got.body["text"]


def test_email_goes_out_with_subject_body_and_link(world, channel, django_capture_on_commit_callbacks):
    channel("email", "duty@example.org", owner_key="county:1")
    send(django_capture_on_commit_callbacks, owner_keys=["county:1"])
    [sent] = mail.outbox
    assert sent.to == ["duty@example.org"] and sent.subject == MESSAGE.subject
    assert "139****0001" in sent.body and "https://fanzha.example/alerts/7/" in sent.body


def test_unused_unsigned_or_inactive_channels_and_other_owners_get_nothing(
    world, receiver, channel, django_capture_on_commit_callbacks
):
    channel("wecom", f"{receiver.url}/off", active=False)
    channel("wecom", f"{receiver.url}/other-village", owner_key="village:2")
    channel("wecom", f"{receiver.url}/other-user", user=world.user("officer_b1"), owner_key="")
    send(django_capture_on_commit_callbacks, users=[world.user("officer_a1")], owner_keys=["village:1"])
    assert receiver.received == []


def test_dingtalk_signature_is_url_encoded(world):
    from fanzha.notify.senders import dingtalk_sign

    sign = dingtalk_sign("SEC", 1700000000000)
    assert "+" not in sign and "/" not in sign and "=" not in sign
    raw = base64.b64encode(hmac.new(b"SEC", b"1700000000000\nSEC", hashlib.sha256).digest()).decode()
    assert unquote_plus(sign) == raw
