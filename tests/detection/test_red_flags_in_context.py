"""A red flag is explained as it fits the text it is in: a phrase shared by several scripts is not
given another fraud type's reason."""

from __future__ import annotations

from fanzha.detection.classifier import classify
from fanzha.detection.rules import find_red_flags, for_verdict

BRUSHING = "招聘兼职刷单，垫付货款后一单返佣金30元，加QQ 2384417 联系接待员"


def test_adding_qq_on_an_order_brushing_text_is_not_explained_as_game_trading() -> None:
    verdict = classify([BRUSHING])[0]
    assert verdict.fraud_type == "order_brushing"
    qq = next(f for f in verdict.red_flags if f.phrase == "加QQ")
    assert "游戏" not in qq.why
    assert "正规平台" in qq.why


def test_adding_qq_on_a_game_trading_text_keeps_the_game_reason() -> None:
    flags = for_verdict(find_red_flags("王者荣耀账号低价出，加QQ私下交易"), "game_trading")
    qq = next(f for f in flags if f.phrase == "加QQ")
    assert "游戏" in qq.why and qq.fraud_type == "game_trading"


def test_a_fee_before_a_loan_is_explained_as_a_fee_not_as_investment() -> None:
    flags = for_verdict(find_red_flags("贷款已批，放款前要先交保证金3000元"), "loan")
    fee = next(f for f in flags if f.phrase == "保证金")
    assert fee.fraud_type == "loan" and "放款" in fee.why
