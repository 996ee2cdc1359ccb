"""`fanzha classify` answers each input line with one JSON line, in order."""

from __future__ import annotations

import io
import json

from fanzha.detection.cli import classify_lines


def test_each_line_gets_one_json_line_in_order() -> None:
    stdin = io.StringIO("刷单返利，先垫付再返佣金\n\n今晚回家吃饭吗\r\n驗證碼發給我\n")
    stdout = io.StringIO()
    assert classify_lines(stdin, stdout) == 4
    results = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert len(results) == 4
    assert results[0]["fraud_type"] == "order_brushing"
    assert results[1]["code"] == "empty_text"
    assert results[2]["is_fraud"] is False
    assert "刷单" in stdout.getvalue()  # Chinese is written as is, not as \\u escapes


def test_verdict_json_has_the_documented_fields() -> None:
    stdout = io.StringIO()
    classify_lines(io.StringIO("你的银行卡涉嫌洗钱，转到安全账户\n"), stdout)
    result = json.loads(stdout.getvalue())
    assert {"fraud_type", "is_fraud", "score", "red_flags", "advice", "truncated"} <= set(result)
    assert {"phrase", "start", "end", "why", "fraud_type"} == set(result["red_flags"][0])
