"""A county can train the model on its own labelled CSV and measure it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fanzha.detection.classifier import ModelFormatError, load_model
from fanzha.detection.cli import TrainingDataError, evaluate, train
from fanzha.detection.corpus.generate import generate, to_csv


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "labelled.csv"
    path.write_text(to_csv(generate(scale=0.08)), encoding="utf-8")
    return path


def test_train_then_evaluate_round_trip(small_csv: Path, tmp_path: Path) -> None:
    model_path = tmp_path / "county.joblib"
    summary = train(small_csv, model_path)
    assert model_path.exists()
    assert summary["n"] > 1000
    assert summary["train_seconds"] > 0  # the 60 s target is measured by benchmarks/bench_detection.py
    result = evaluate(small_csv, model_path)
    assert set(result) == {
        "n",
        "binary",
        "fraud_recall",
        "normal_called_fraud",
        "macro_f1",
        "per_type",
        "confusion",
        "msgs_per_s",
    }
    assert set(result["binary"]) == {"precision", "recall", "f1"}
    assert result["n"] == summary["n"]
    assert result["binary"]["f1"] > 0.95
    assert result["macro_f1"] > 0.9
    for scores in result["per_type"].values():
        assert set(scores) == {"precision", "recall", "f1", "support"}
    assert sum(sum(row.values()) for row in result["confusion"].values()) == result["n"]
    assert result["msgs_per_s"] > 0
    assert load_model(model_path).info["n"] == summary["n"]


def test_training_twice_gives_the_same_model_file(small_csv: Path, tmp_path: Path) -> None:
    first = train(small_csv, tmp_path / "a.joblib")
    second = train(small_csv, tmp_path / "b.joblib")
    assert first["model_sha256"] == second["model_sha256"]


def test_custom_column_names_are_used(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["内容", "类型"])
        writer.writerows([["刷单返利，垫付后返佣金", "order_brushing"]] * 3 + [["今晚回家吃饭", "normal"]] * 3)
    summary = train(path, tmp_path / "m.joblib", text_column="内容", label_column="类型")
    assert summary["labels"] == {"normal": 3, "order_brushing": 3}


def test_a_row_with_an_unknown_label_is_an_error_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,label\n今晚回家吃饭,normal\n刷单返利,scam\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="第3行") as raised:
        train(path, tmp_path / "m.joblib")
    assert "scam" in str(raised.value)
    assert not (tmp_path / "m.joblib").exists()


def test_a_row_with_empty_text_is_an_error_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,label\n今晚回家吃饭,normal\n刷单返利,order_brushing\n ,normal\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="第4行"):
        evaluate(path)


def test_a_missing_column_is_an_error_naming_the_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("message,label\n今晚回家吃饭,normal\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="text"):
        train(path, tmp_path / "m.joblib")


def test_a_file_that_is_not_a_model_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "not-a-model.joblib"
    path.write_bytes(b"\x00garbage")
    with pytest.raises(ModelFormatError, match="模型"):
        load_model(path)


def test_a_file_of_scams_only_reports_the_share_caught(tmp_path: Path) -> None:
    path = tmp_path / "scams.csv"
    path.write_text(
        "text,label\n"
        "我是市公安局的，你涉嫌洗钱，把钱转到安全账户配合调查,impersonate_authority\n"
        "刷单兼职，先垫付货款，一单返佣金20元,order_brushing\n",
        encoding="utf-8",
    )
    result = evaluate(path)
    assert result["n"] == 2 and result["normal_called_fraud"] is None
    assert result["fraud_recall"] == 1.0


def test_a_file_of_harmless_messages_only_reports_the_false_alarms(tmp_path: Path) -> None:
    path = tmp_path / "calm.csv"
    path.write_text(
        "text,label\n妈，我今晚加班，晚点回家吃饭。,normal\n明早九点三楼会议室开周会,normal\n", encoding="utf-8"
    )
    result = evaluate(path)
    assert result["n"] == 2 and result["fraud_recall"] is None
    assert result["normal_called_fraud"] == 0.0


def test_a_file_with_only_a_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("text,label\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="没有数据行"):
        evaluate(path)
