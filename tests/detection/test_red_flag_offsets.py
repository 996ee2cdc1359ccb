"""Red flags point at the characters the citizen typed, however the keyword was disguised."""

from __future__ import annotations

import random

import pytest

from fanzha.detection.normalize import normalize_text
from fanzha.detection.rules import find_red_flags


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("他让我刷 单赚钱", "刷 单"),
        ("他让我刷\u200b单赚钱", "刷\u200b单"),
        ("转到安全帳戶", "安全帳戶"),
        ("要转到 安 全 账 户 里", "安 全 账 户"),
        ("对方说：把驗證碼告訴我", "驗證碼告訴我"),
        ("先交ＵＳＤＴ保证金", "ＵＳＤＴ"),
    ],
)
def test_red_flag_offsets_point_at_the_original_characters(text: str, phrase: str) -> None:
    flags = find_red_flags(text)
    spans = [text[f.start : f.end] for f in flags]
    assert phrase in spans
    for flag in flags:
        assert text[flag.start : flag.end] == flag.phrase


def test_offsets_survive_random_spaces_and_invisible_characters() -> None:
    rng = random.Random(3)
    keyword = "屏幕共享"
    for _ in range(200):
        noisy = "".join(ch + rng.choice(["", " ", "\u200b", "\u3000", "\t"]) for ch in keyword).rstrip()
        text = "客服说请开启" + noisy + "，我教你操作"
        flags = [f for f in find_red_flags(text) if normalize_text(f.phrase) == keyword]
        assert flags, text
        assert text[flags[0].start : flags[0].end] == flags[0].phrase


def test_each_red_flag_has_a_reason_and_a_type_or_none() -> None:
    for flag in find_red_flags("我是你领导，在开会不方便接电话，先付后补，把验证码发给我"):
        assert flag.why
        assert flag.fraud_type in (None, "impersonate_acquaintance")


def test_genuine_verification_code_sms_raises_no_red_flag() -> None:
    assert find_red_flags("【京东】验证码482913，5分钟内有效，切勿告诉他人，客服不会索要验证码。") == []
