"""`fanzha classify` and `fanzha model train|evaluate` are thin wrappers that speak JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pytest.importorskip("django")

from django.core.management import CommandError, call_command

HANDWRITTEN = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "detection_handwritten.csv"


def test_classify_command_answers_each_stdin_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("你的银行卡涉嫌洗钱，转到安全账户\n\n"))
    out = io.StringIO()
    call_command("classify", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0]["fraud_type"] == "impersonate_authority"
    assert lines[1]["code"] == "empty_text"


def test_model_train_then_evaluate_print_one_json_object(tmp_path: Path) -> None:
    model_path = tmp_path / "m.joblib"
    out = io.StringIO()
    call_command("model", "train", "--data", str(HANDWRITTEN), "--out", str(model_path), stdout=out)
    assert json.loads(out.getvalue())["n"] == 56
    out = io.StringIO()
    call_command("model", "evaluate", "--data", str(HANDWRITTEN), "--model", str(model_path), stdout=out)
    assert set(json.loads(out.getvalue())) == {
        "n",
        "binary",
        "fraud_recall",
        "normal_called_fraud",
        "macro_f1",
        "per_type",
        "confusion",
        "msgs_per_s",
    }


def test_model_train_reports_the_bad_row(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("text,label\n好的,normal\n刷单,bad\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第3行"):
        call_command("model", "train", "--data", str(data), "--out", str(tmp_path / "m.joblib"))
