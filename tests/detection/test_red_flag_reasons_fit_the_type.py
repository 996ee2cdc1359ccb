"""A red flag's explanation fits the text it is shown on (issue 15, item 8)."""

from __future__ import annotations

from fanzha.detection.rules import find_red_flags, for_verdict


def test_add_qq_on_an_order_brushing_text_is_not_explained_as_game_trading():
    text = "兼职刷单，日结三百，加QQ 123456 领任务"
    flags = {f.phrase: f for f in for_verdict(find_red_flags(text), "order_brushing")}
    assert "游戏" not in flags["加QQ"].why
    assert "刷单" in flags  # the type's own flag keeps its own reason
    assert flags["刷单"].why.startswith("刷单")


def test_on_a_game_trading_text_the_same_phrase_keeps_its_own_reason():
    flags = {f.phrase: f for f in for_verdict(find_red_flags("卖游戏账号，加QQ私聊"), "game_trading")}
    assert "游戏" in flags["加QQ"].why
