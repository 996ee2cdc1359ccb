"""Whatever a citizen pastes, the engine answers or says clearly that there was nothing to judge."""

from __future__ import annotations

import random

import pytest

from fanzha.detection.classifier import MAX_CHARS, EmptyText, classify


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200b\u200c\ufeff", "\u3000\t"])
def test_empty_text_is_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(EmptyText, match="文本为空"):
        classify([text])


def test_empty_text_error_names_its_place_in_the_batch() -> None:
    with pytest.raises(EmptyText) as raised:
        classify(["刷单返利", ""])
    assert raised.value.index == 1
    assert "第2条" in str(raised.value)


def test_a_hundred_thousand_characters_are_truncated_and_the_verdict_says_so() -> None:
    text = "您好，我是京东客服，您的快递丢失了，请下载会议软件开启屏幕共享。" * 4000
    assert len(text) > 100_000
    verdict = classify([text])[0]
    assert verdict.truncated
    assert verdict.is_fraud
    assert all(flag.end <= MAX_CHARS for flag in verdict.red_flags)


def test_a_short_text_is_not_marked_truncated() -> None:
    assert not classify(["晚上回家吃饭吗"])[0].truncated


def test_binary_garbage_gets_an_answer() -> None:
    rng = random.Random(7)
    blobs = [bytes(rng.randrange(256) for _ in range(rng.randint(1, 400))) for _ in range(50)]
    texts: list[str | bytes] = [*blobs, *(b.decode("utf-8", errors="surrogateescape") for b in blobs)]
    texts = [t for t in texts if t.strip()] + ["\x00\x01\x02刷\x00单\x7f"]
    verdicts = classify(texts)
    assert len(verdicts) == len(texts)
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)


def test_emoji_and_mixed_scripts_get_an_answer() -> None:
    texts = ["🙂👍🏽🇨🇳❤️‍🔥", "hello мир こんにちは 안녕 مرحبا", "𝟏𝟐𝟑 Ⓐⓑ ①②", "\u202e\u2066reversed\u2069"]
    for verdict in classify(texts):
        assert verdict.fraud_type == "normal"


def test_a_url_alone_gets_an_answer() -> None:
    verdict = classify(["http://t.cn/A6xYz9"])[0]
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.advice


def test_traditional_characters_are_judged_like_simplified() -> None:
    simplified = "你好，这里是公安局，你的银行卡涉嫌洗钱，需要把钱转到安全账户接受资金清查，不要告诉家人。"
    traditional = "你好，這裡是公安局，你的銀行卡涉嫌洗錢，需要把錢轉到安全帳戶接受資金清查，不要告訴家人。"
    a, b = classify([simplified, traditional])
    assert a.fraud_type == b.fraud_type == "impersonate_authority"
    assert abs(a.score - b.score) < 0.02
    assert [f.why for f in a.red_flags] == [f.why for f in b.red_flags]


def test_spaces_and_full_width_inside_keywords_do_not_hide_them() -> None:
    verdict = classify(["兼职刷 单，点　赞　关　注返佣金１０元一单，把驗證碼发给我"])[0]
    assert verdict.fraud_type == "order_brushing"
    phrases = [f.phrase for f in verdict.red_flags]
    assert "刷 单" in phrases
    assert any("驗證碼" in p for p in phrases)


def test_bytes_are_decoded_leniently() -> None:
    verdict = classify(["刷单返利，垫付后返佣金".encode() + b"\xff\xfe"])[0]
    assert verdict.fraud_type == "order_brushing"
