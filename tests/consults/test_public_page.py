"""The public page: no login, an answer for whatever a citizen pastes, never a 500."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.urls import reverse

from fanzha.consults.models import Channel, Consultation
from tests.consults.conftest import AUTHORITY_SCAM, NORMAL_TEXT

URL = "/consult/"


def ask(client: Any, text: str, **extra: Any) -> Any:
    return client.post(URL, {"text": text, **extra}, REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))


def test_the_page_opens_without_login(client: Any, db: Any) -> None:
    assert reverse("consults:public") == URL
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="text"' in body and 'name="phone"' in body and 'name="village"' in body
    assert "96110" in body


def test_villages_are_offered_grouped_by_township(client: Any, world: Any) -> None:
    body = client.get(URL).content.decode()
    assert '<optgroup label="甲镇">' in body and '<optgroup label="乙乡">' in body
    assert "东山村" in body and "南坡村" in body


def test_a_scam_gets_its_type_red_flags_and_advice(client: Any, db: Any) -> None:
    response = ask(client, AUTHORITY_SCAM)
    assert response.status_code == 200
    body = response.content.decode()
    assert "很可能是诈骗" in body and "冒充公检法" in body
    assert '<mark title="' in body and ">安全账户</mark>" in body
    assert "拨打96110" in body or "96110" in body
    stored = Consultation.objects.get()
    assert stored.channel == Channel.WEB and stored.fraud_type == "impersonate_authority"
    assert stored.handled_by is None and stored.is_fraud
    assert any(f["phrase"] == "安全账户" for f in stored.red_flags)


def test_a_normal_message_is_answered_calmly(client: Any, db: Any) -> None:
    body = ask(client, NORMAL_TEXT).content.decode()
    assert "暂未发现明显的诈骗特征" in body
    assert "很可能是诈骗" not in body


def test_the_village_officer_and_their_phone_are_shown(client: Any, world: Any) -> None:
    officer = world.user("officer_a1")
    officer.phone = "13800001111"
    officer.save()
    body = ask(client, AUTHORITY_SCAM, village=world.village_a1.pk).content.decode()
    assert "民警甲" in body
    assert 'href="tel:13800001111"' in body


@pytest.mark.parametrize("text", ["", "    ", "\n\n\t", "\u200b\ufeff"])
def test_empty_text_gets_a_clear_message(client: Any, db: Any, text: str) -> None:
    response = ask(client, text)
    assert response.status_code == 400
    assert "请填写要咨询的内容" in response.content.decode()
    assert not Consultation.objects.exists()


def test_a_hundred_thousand_characters_are_judged_on_the_first_five_thousand_and_the_answer_says_so(
    client: Any, db: Any
) -> None:
    text = (AUTHORITY_SCAM * 2000)[:100_000]
    response = ask(client, text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "只识别了前 5000 个字" in body
    stored = Consultation.objects.get()
    assert len(stored.text) == 5000 and stored.text_length == 100_000 and stored.truncated


def test_binary_garbage_gets_an_answer(client: Any, db: Any) -> None:
    rng = random.Random(11)
    for _ in range(5):
        blob = bytes(rng.randrange(256) for _ in range(300))
        response = client.post(URL, data=b"text=" + blob, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 400)
        body = response.content.decode()
        assert "暂未发现" in body or "很可能是诈骗" in body or "请填写要咨询的内容" in body


def test_nul_characters_do_not_break_storage(client: Any, db: Any) -> None:
    response = ask(client, "\x00\x01刷单返利\x00先付后补")
    assert response.status_code == 200
    assert "很可能是诈骗" in response.content.decode()
    assert "\x00" not in Consultation.objects.get().text


@pytest.mark.parametrize(
    "text",
    ["😀🙏🔥 hello мир こんにちは 你好呀", "https://t.cn/A6xYz", "ℌ𝔢𝔩𝔩𝔬 ①②③ ＡＰＰ", "\u202e\u202d奇怪的方向"],
)
def test_emoji_mixed_scripts_and_a_url_alone_get_an_answer(client: Any, db: Any, text: str) -> None:
    response = ask(client, text)
    assert response.status_code == 200
    assert "识别为诈骗的可能性" in response.content.decode()


def test_traditional_characters_and_spaces_inside_keywords_are_still_caught(client: Any, db: Any) -> None:
    body = ask(client, "刷 单返利，日結佣金，先付后补").content.decode()
    assert "很可能是诈骗" in body and "刷单返利" in body
    assert ">刷 单</mark>" in body
    body = ask(client, "您的驗證碼是多少，請告訴我").content.decode()
    assert "驗證碼" in body and "<mark" in body


def test_full_width_digits_in_the_phone_are_accepted(client: Any, db: Any) -> None:
    ask(client, NORMAL_TEXT, phone="１３９ ００００ ０００９")
    assert Consultation.objects.get().phone == "+8613900000009"


def test_a_bad_phone_number_gets_a_clear_message(client: Any, db: Any) -> None:
    response = ask(client, NORMAL_TEXT, phone="12ab")
    assert response.status_code == 400
    assert "电话号码" in response.content.decode()
    assert not Consultation.objects.exists()


def test_an_unknown_village_gets_a_clear_message(client: Any, world: Any) -> None:
    response = ask(client, NORMAL_TEXT, village="999999")
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_pasted_html_is_shown_not_run(client: Any, db: Any) -> None:
    body = ask(client, '<script>alert("x")</script>请把钱转到安全账户<b>').content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert ">安全账户</mark>&lt;b&gt;" in body
