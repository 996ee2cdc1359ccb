"""Plain functions behind `fanzha classify` and `fanzha model train|evaluate`.

Counties can train the model on their own labelled records: a CSV with a text column and a label
column whose values are the taxonomy codes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypedDict

import sklearn

from fanzha.detection import taxonomy
from fanzha.detection.classifier import Detector, EmptyText, fit, is_blank, load_model

BATCH = 1000  # lines judged together: the vectorised path is much faster per text
# Optional column naming where a row came from (the corpus' template id; a county could put the
# source or the month). Calibration then never learns from a group it is scored on.
GROUP_COLUMN = "template"
# Optional column marking the normal rows that are adverts ("yes"/"no"); the model learns them apart.
COMMERCIAL_COLUMN = "commercial"
COMMERCIAL_YES = ("yes", "y", "true", "1", "是")


class TrainingDataError(ValueError):
    """The labelled CSV cannot be used; the message names the row and the column."""


class BinaryScores(TypedDict):
    precision: float
    recall: float
    f1: float


class TypeScores(TypedDict):
    precision: float
    recall: float
    f1: float
    support: int


class Evaluation(TypedDict):
    n: int
    binary: BinaryScores
    fraud_recall: float | None  # share of fraud rows called fraud (None: the file has none)
    normal_called_fraud: float | None  # share of normal rows called fraud (None: the file has none)
    macro_f1: float
    per_type: dict[str, TypeScores]
    confusion: dict[str, dict[str, int]]  # true code → predicted code → count
    msgs_per_s: float


class Writer(Protocol):
    """Where classify_lines writes: a text file, or the output wrapper of a management command."""

    def write(self, text: str, /) -> Any: ...

    def flush(self) -> Any: ...


def classify_lines(stdin: Iterable[str], stdout: Writer, model_path: Path | str | None = None) -> int:
    """One text per input line → one JSON verdict per output line, in order. Returns lines read.

    An empty line gets `{"error": …, "code": "empty_text"}` so that outputs stay aligned with inputs.
    """
    detector = load_model(model_path)
    count = 0
    for batch in _batches(stdin):
        for result in _classify_batch(detector, batch):
            stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        count += len(batch)
    stdout.flush()
    return count


def _batches(stdin: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in stdin:
        batch.append(line.rstrip("\r\n"))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _classify_batch(detector: Detector, lines: list[str]) -> list[dict[str, Any]]:
    blank = [is_blank(line) for line in lines]
    verdicts = iter(detector.classify([line for line, b in zip(lines, blank, strict=True) if not b]))
    return [{"error": str(EmptyText()), "code": "empty_text"} if b else dict(next(verdicts).as_dict()) for b in blank]


class Labelled(NamedTuple):
    texts: list[str]
    labels: list[str]
    groups: list[str] | None  # from GROUP_COLUMN when the file has one
    commercial: list[bool] | None  # from COMMERCIAL_COLUMN when the file has one


def read_labelled(
    data_path: Path | str,
    text_column: str = "text",
    label_column: str = "label",
    for_training: bool = True,
) -> Labelled:
    """Texts and labels of a labelled CSV (UTF-8, with or without BOM), checked row by row.

    Rows are numbered as in a spreadsheet: the header is row 1. Training needs `normal` and at least
    one fraud type; a file to evaluate on may hold one class only (all scams, or all harmless).
    """
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    commercial: list[bool] = []
    with open(data_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        for column in (text_column, label_column):
            if column not in fields:
                raise TrainingDataError(f"{data_path}：没有“{column}”列（表头是：{', '.join(fields)}）")
        for row_number, row in enumerate(reader, start=2):
            label = (row.get(label_column) or "").strip()
            text = row.get(text_column) or ""
            if label not in taxonomy.FRAUD_TYPES:
                raise TrainingDataError(
                    f"第{row_number}行：{label_column}列的“{label}”不是诈骗类型代码，"
                    f"应为以下之一：{', '.join(taxonomy.CODES)}"
                )
            if not text.strip():
                raise TrainingDataError(f"第{row_number}行：{text_column}列为空")
            texts.append(text)
            labels.append(label)
            groups.append(row.get(GROUP_COLUMN) or "")
            commercial.append((row.get(COMMERCIAL_COLUMN) or "").strip().lower() in COMMERCIAL_YES)
    if for_training and ("normal" not in labels or len(set(labels)) < 2):
        raise TrainingDataError(f"{data_path}：训练数据至少要有 normal 和一种诈骗类型")
    if not labels:
        raise TrainingDataError(f"{data_path}：没有数据行")
    return Labelled(
        texts,
        labels,
        groups if GROUP_COLUMN in fields else None,
        commercial if COMMERCIAL_COLUMN in fields else None,
    )


def train(
    data_path: Path | str,
    out_path: Path | str,
    text_column: str = "text",
    label_column: str = "label",
) -> dict[str, Any]:
    """Train a model on a labelled CSV and save it to `out_path`."""
    texts, labels, groups, commercial = read_labelled(data_path, text_column, label_column)
    started = time.perf_counter()
    info = {
        "data": Path(data_path).name,
        "data_sha256": hashlib.sha256(Path(data_path).read_bytes()).hexdigest(),
        "n": len(texts),
        "labels": dict(sorted(Counter(labels).items())),
        "scikit_learn": sklearn.__version__,
    }
    if commercial is not None:
        info["adverts"] = sum(commercial)
    detector = fit(texts, labels, groups=groups, info=info, commercial=commercial)
    seconds = time.perf_counter() - started
    detector.save(Path(out_path))
    return {
        **info,
        "out": str(out_path),
        "model_sha256": hashlib.sha256(Path(out_path).read_bytes()).hexdigest(),
        "train_seconds": round(seconds, 2),
    }


def evaluate(
    data_path: Path | str,
    model_path: Path | str | None = None,
    text_column: str = "text",
    label_column: str = "label",
) -> Evaluation:
    """Score a model (the shipped one by default) on a labelled CSV; it may hold one class only."""
    texts, truth, _, _ = read_labelled(data_path, text_column, label_column, for_training=False)
    detector = load_model(model_path)
    started = time.perf_counter()
    verdicts = detector.classify(texts)
    seconds = time.perf_counter() - started
    predicted = [v.fraud_type for v in verdicts]
    return scores(truth, predicted, msgs_per_s=len(texts) / seconds if seconds > 0 else 0.0)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def scores(truth: list[str], predicted: list[str], msgs_per_s: float = 0.0) -> Evaluation:
    """Fraud-vs-normal and per-type precision/recall/F1. Macro-F1 averages the types present in
    `truth`, so a type that exists only in the predictions counts as errors, not as a zero.

    `fraud_recall` and `normal_called_fraud` are what a file of one class can tell: on scams only,
    the share caught; on harmless messages only, the share of false alarms."""
    pairs = Counter(zip(truth, predicted, strict=True))
    codes = [c for c in taxonomy.CODES if c in set(truth) | set(predicted)]
    per_type: dict[str, TypeScores] = {}
    f1s: dict[str, float] = {}
    for code in codes:
        hit = pairs[(code, code)]
        support = sum(n for (t, _), n in pairs.items() if t == code)
        claimed = sum(n for (_, p), n in pairs.items() if p == code)
        precision, recall = _ratio(hit, claimed), _ratio(hit, support)
        f1s[code] = _f1(precision, recall)
        per_type[code] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1s[code], 4),
            "support": support,
        }
    fraud_hits = sum(n for (t, p), n in pairs.items() if t != "normal" and p != "normal")
    fraud_true = sum(n for (t, _), n in pairs.items() if t != "normal")
    fraud_claimed = sum(n for (_, p), n in pairs.items() if p != "normal")
    precision, recall = _ratio(fraud_hits, fraud_claimed), _ratio(fraud_hits, fraud_true)
    normal_true = len(truth) - fraud_true
    false_alarms = sum(n for (t, p), n in pairs.items() if t == "normal" and p != "normal")
    present = [c for c in codes if per_type[c]["support"]]
    macro = sum(f1s[c] for c in present) / len(present) if present else 0.0
    return {
        "n": len(truth),
        "binary": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_f1(precision, recall), 4),
        },
        "fraud_recall": round(recall, 4) if fraud_true else None,
        "normal_called_fraud": round(false_alarms / normal_true, 4) if normal_true else None,
        "macro_f1": round(macro, 4),
        "per_type": per_type,
        "confusion": {t: {p: pairs[(t, p)] for p in codes} for t in codes},
        "msgs_per_s": round(msgs_per_s, 1),
    }
