"""Normalisation folds the disguises scam texts use and never fails on any string."""

from __future__ import annotations

import random

from fanzha.detection.normalize import clean_surrogates, normalize


def test_traditional_becomes_simplified() -> None:
    assert normalize("驗證碼 安全帳戶 詐騙").text == "验证码安全账户诈骗"


def test_full_width_and_circled_forms_become_ascii_lower_case() -> None:
    assert normalize("ＡＰＰ１２３％ ①⑩ 𝟓").text == "app123%1105"


def test_chinese_punctuation_is_kept() -> None:
    assert normalize("好的，收到！").text == "好的，收到！"


def test_newlines_are_kept_as_sentence_boundaries() -> None:
    assert normalize("对方：你好\n我：在").text == "对方：你好\n我：在"


def test_any_string_normalises_and_maps_back_inside_the_original() -> None:
    rng = random.Random(11)
    for _ in range(300):
        text = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(0, 60)))
        norm = normalize(text)
        for i in range(len(norm.text)):
            start, end = norm.span(i, i + 1)
            assert 0 <= start < end <= len(text)


def test_lone_surrogates_are_replaced_one_for_one() -> None:
    text = "ab\udcffcd"
    cleaned = clean_surrogates(text)
    assert len(cleaned) == len(text)
    cleaned.encode("utf-8")
