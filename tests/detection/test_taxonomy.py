"""The twelve fraud types carry everything the citizen page and the officer playbook need."""

from __future__ import annotations

import re

import pytest

from fanzha.detection import taxonomy
from fanzha.detection.rules import _index


def test_the_twelve_codes_are_the_stable_ones() -> None:
    assert taxonomy.CODES == (
        "order_brushing", "investment", "shopping", "customer_service", "loan", "credit_repair",
        "impersonate_acquaintance", "impersonate_authority", "romance", "game_trading", "other_fraud",
        "normal",
    )  # fmt: skip
    assert taxonomy.get("romance").name_zh == "网络婚恋交友"


def test_every_piece_of_advice_tells_the_citizen_what_never_to_do_and_whom_to_call() -> None:
    for fraud_type in taxonomy.FRAUD_TYPES.values():
        advice = "".join(fraud_type.advice)
        for words in ("验证码", "身份信息", "不转账", "96110", "社区民警"):
            assert words in advice, (fraud_type.code, words)


def test_every_fraud_type_has_red_flags_and_a_full_playbook() -> None:
    for code in taxonomy.FRAUD_CODES:
        fraud_type = taxonomy.get(code)
        assert fraud_type.red_flags and fraud_type.description
        book = fraud_type.playbook
        assert book.checks and book.questions and book.where_to_look and book.actions
    assert any("宾馆" in place for place in taxonomy.get("impersonate_authority").playbook.where_to_look)


def test_every_red_flag_pattern_compiles_and_can_be_found_by_its_first_character() -> None:
    for fraud_type in taxonomy.FRAUD_TYPES.values():
        for rule in fraud_type.red_flags:
            if rule.regex:
                re.compile(rule.pattern)
    assert _index().unanchored == ()


def test_an_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(taxonomy.UnknownFraudType):
        taxonomy.get("scam")
