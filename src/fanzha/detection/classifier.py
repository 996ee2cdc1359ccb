"""The fraud classifier: character n-grams of the normalised text into a multinomial logistic regression,
with the taxonomy's red-flag rules run beside it so that every verdict can say why.

Character n-grams need no word segmentation and survive the misspellings scam texts are full of.
The rules explain; they do not vote: fed to the model as hit counts they made it worse on wordings it
had not seen (held-out macro-F1 0.93 → 0.78), because it learnt to trust a few phrases. The fraud score
is one minus the model's probability of `normal` (and of an advert), Platt-scaled on out-of-fold predictions so that it
reads as a probability (the benchmark reports its calibration error on held-out wordings).

Adverts (a shop's sale, a carrier's data plan, a licensed lender's offer) are harmless messages that
share many words with scams. When the training data marks them (a `commercial` column), the model
learns them as a class of their own, ADVERT, which counts as normal: the verdict is `normal` with
`advert` set, and the citizen is told it looks like marketing, not a scam script.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

import joblib
import numpy as np

from fanzha.detection import extra_rules, taxonomy
from fanzha.detection.inference import CharTfidf, LinearModel
from fanzha.detection.normalize import clean_surrogates, normalize, normalize_text
from fanzha.detection.rules import RedFlag, RedFlagDict, find_in, for_verdict

MAX_CHARS = 5000  # a consultation is a message or a description, not a document
MODEL_PATH = Path(__file__).with_name("model") / "fanzha-detector.joblib"
MODEL_FORMAT = 3
SEED = 20231002
CALIBRATION_FOLDS = 4
# A consultation this sure of fraud becomes an alert for the community police (consults.services).
ALERT_SCORE = 0.8
# The model's class for commercial messages; never a taxonomy code, always reported as normal.
ADVERT = "advert"
NOT_FRAUD = ("normal", ADVERT)


class EmptyText(ValueError):
    """The text has nothing to judge (empty, or only spaces and invisible characters)."""

    def __init__(self, index: int | None = None) -> None:
        self.index = index
        where = f"第{index + 1}条" if index is not None else ""
        super().__init__(f"{where}文本为空，请输入要识别的短信、聊天内容或来电经过。")


class ModelFormatError(ValueError):
    """The file is not a Fanzha detector model, or one of a format this code cannot read."""


class VerdictDict(TypedDict):
    fraud_type: str
    fraud_type_name: str
    is_fraud: bool
    score: float
    red_flags: list[RedFlagDict]
    advice: list[str]
    truncated: bool
    advert: bool


@dataclass(frozen=True)
class Verdict:
    fraud_type: str
    is_fraud: bool
    score: float  # probability that the text is fraud, 0–1
    red_flags: tuple[RedFlag, ...]
    advice: tuple[str, ...]
    truncated: bool  # only the first MAX_CHARS characters were judged
    advert: bool = False  # not fraud, and most like an advert (营销广告)

    def as_dict(self) -> VerdictDict:
        return {
            "fraud_type": self.fraud_type,
            "fraud_type_name": taxonomy.get(self.fraud_type).name_zh,
            "is_fraud": self.is_fraud,
            "score": round(self.score, 4),
            "red_flags": [f.as_dict() for f in self.red_flags],
            "advice": list(self.advice),
            "truncated": self.truncated,
            "advert": self.advert,
        }


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of the raw fraud score: calibrated = sigmoid(slope · logit(raw) + intercept)."""

    slope: float = 1.0
    intercept: float = 0.0

    def apply(self, raw: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-(self.slope * _logit(raw) + self.intercept))))


def _logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-6, 1.0 - 1e-6)
    return np.asarray(np.log(clipped / (1.0 - clipped)))


@dataclass
class Detector:
    features: CharTfidf
    model: LinearModel
    calibration: Calibration = field(default_factory=Calibration)
    info: dict[str, Any] = field(default_factory=dict)  # what it was trained on, for `model evaluate`

    def raw_scores(self, norm_texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """One minus P(not fraud) per text, and the per-class probabilities (model.classes order)."""
        proba = self.model.predict_proba(self.features.transform(norm_texts))
        columns = [i for i, c in enumerate(self.model.classes) if c in NOT_FRAUD]
        return 1.0 - proba[:, columns].sum(axis=1), proba

    def classify(self, texts: Sequence[str | bytes]) -> list[Verdict]:
        """Judge a batch of texts; raises EmptyText (with the index) if one has nothing to judge."""
        prepared = [_prepare(text) for text in texts]
        norms = [normalize(text) for text, _ in prepared]
        for i, norm in enumerate(norms):
            if not norm.text.strip():  # newlines survive normalisation
                raise EmptyText(i)
        flag_lists = [find_in(norm) for norm in norms]
        if not norms:
            return []
        rule_sets = extra_rules.current()  # new techniques (新型手法), asked once per batch
        extra_lists = [extra_rules.find_extra(norm, rule_sets) for norm in norms]
        raw, proba = self.raw_scores([n.text for n in norms])
        scores = self.calibration.apply(raw)
        classes = self.model.classes
        fraud_columns = [i for i, c in enumerate(classes) if c not in NOT_FRAUD]
        advert_column = classes.index(ADVERT) if ADVERT in classes else None
        normal_column = classes.index("normal")
        verdicts = []
        for row, ((_, truncated), flags, extra) in enumerate(zip(prepared, flag_lists, extra_lists, strict=True)):
            score = float(scores[row])
            is_fraud = score >= 0.5
            advert = False
            if is_fraud:
                best = max(fraud_columns, key=lambda col: proba[row, col])
                fraud_type = str(classes[best])
            elif extra:  # a published technique the model has never seen: at least suspicious
                score, is_fraud, fraud_type = max(score, extra_rules.SCORE_FLOOR), True, str(extra[0].fraud_type)
            else:
                fraud_type = "normal"
                advert = advert_column is not None and proba[row, advert_column] > proba[row, normal_column]
            if extra:
                flags = sorted([*flags, *extra], key=lambda f: (f.start, f.end))
            verdicts.append(
                Verdict(
                    fraud_type=fraud_type,
                    is_fraud=is_fraud,
                    score=score,
                    red_flags=tuple(for_verdict(flags, fraud_type)),
                    advice=taxonomy.ADVERT_ADVICE if advert else taxonomy.get(fraud_type).advice,
                    truncated=truncated,
                    advert=bool(advert),
                )
            )
        return verdicts

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Plain containers and arrays only: the file does not depend on scikit-learn's internals.
        payload = {
            "format": MODEL_FORMAT,
            "vocabulary": self.features.vocabulary,
            "idf": self.features.idf,
            "ngram_range": self.features.ngram_range,
            "classes": self.model.classes,
            "coef": self.model.coef,
            "intercept": self.model.intercept,
            "calibration": (self.calibration.slope, self.calibration.intercept),
            "info": self.info,
        }
        joblib.dump(payload, path, compress=3)


def _prepare(text: str | bytes) -> tuple[str, bool]:
    """Bytes are decoded leniently; over-long text is cut to MAX_CHARS and marked as truncated."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = clean_surrogates(text)
    if len(text) > MAX_CHARS:
        return text[:MAX_CHARS], True
    return text, False


def becomes_alert(verdict: Verdict, threshold: float = ALERT_SCORE) -> bool:
    """Whether a consultation with this verdict raises an alert: fraud, not an advert, sure enough."""
    return verdict.is_fraud and not verdict.advert and verdict.score >= threshold


def is_blank(text: str | bytes) -> bool:
    """True for a text `classify` would refuse as EmptyText."""
    return not normalize_text(_prepare(text)[0]).strip()


def _fit_model(norm_texts: Sequence[str], labels: Sequence[str]) -> Detector:
    # Imported here: judging texts never needs scikit-learn (see inference.py).
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        lowercase=False,  # normalize() already folded case
        sublinear_tf=True,
        min_df=2,
        max_features=60000,
        dtype=np.float32,  # the coefficients follow: half the model file, same verdicts
    )
    features = vectorizer.fit_transform(norm_texts)
    # Balanced class weights: the corpus has ten normal texts for each of a fraud type's, and a
    # scam's recall matters as much as its precision. C was chosen on held-out wordings (benchmark).
    model = LogisticRegression(C=5.0, class_weight="balanced", max_iter=2000, random_state=SEED)
    model.fit(features, list(labels))
    return Detector(CharTfidf.from_sklearn(vectorizer), LinearModel.from_sklearn(model))


def _calibrate(norm_texts: list[str], labels: list[str], groups: Sequence[str] | None) -> Calibration:
    """Fit Platt scaling on out-of-fold raw scores.

    With `groups` (the corpus' template ids) a fold never shares a template with its training part,
    so the scores it learns from look like scores on new wordings; fitted on in-template folds the
    scaling would be far too confident. Without enough data for folds the raw score is kept.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    y = np.array([label not in NOT_FRAUD for label in labels])
    smallest = min(Counter(labels).values())
    if groups is not None and len(set(groups)) >= CALIBRATION_FOLDS:
        folds = GroupKFold(n_splits=CALIBRATION_FOLDS).split(norm_texts, y, list(groups))
    elif smallest >= 2:
        splitter = StratifiedKFold(n_splits=min(CALIBRATION_FOLDS, smallest), shuffle=True, random_state=SEED)
        folds = splitter.split(norm_texts, labels)
    else:
        return Calibration()
    raw = np.full(len(labels), np.nan)
    for train_index, test_index in folds:
        fold_labels = [labels[i] for i in train_index]
        if "normal" not in fold_labels or not y[train_index].any():
            continue
        detector = _fit_model([norm_texts[i] for i in train_index], fold_labels)
        raw[test_index] = detector.raw_scores([norm_texts[i] for i in test_index])[0]
    scored = ~np.isnan(raw)
    if len(set(y[scored])) < 2:
        return Calibration()
    platt = LogisticRegression(C=100.0).fit(_logit(raw[scored]).reshape(-1, 1), y[scored])
    return Calibration(float(platt.coef_[0, 0]), float(platt.intercept_[0]))


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str] | None = None,
    info: dict[str, Any] | None = None,
    commercial: Sequence[bool] | None = None,
) -> Detector:
    """Train a detector. Labels must be taxonomy codes and include `normal`; `groups` (optional, one
    per text) keeps texts of one group in the same calibration fold; `commercial` (optional, one per
    text) marks the normal texts that are adverts, which the model then learns as ADVERT."""
    norm_texts = [normalize_text(_prepare(t)[0]) for t in texts]
    classes = list(labels)
    if commercial is not None:
        classes = [ADVERT if ad and label == "normal" else label for label, ad in zip(labels, commercial, strict=True)]
    detector = _fit_model(norm_texts, classes)
    calibration = _calibrate(norm_texts, classes, groups)
    return Detector(detector.features, detector.model, calibration, dict(info or {}))


def load_model(path: Path | str | None = None) -> Detector:
    """Load a detector saved by `Detector.save`; the shipped one when `path` is None (cached)."""
    if path is None:
        return _shipped_model()
    return _load(Path(path))


@cache
def _shipped_model() -> Detector:
    return _load(MODEL_PATH)


def _load(path: Path) -> Detector:
    try:
        payload = joblib.load(path)
    except FileNotFoundError:
        raise
    except Exception as exc:  # joblib raises many kinds of error on a file that is not its own
        raise ModelFormatError(f"{path} 不是可读取的模型文件：{exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise ModelFormatError(f"{path} 不是本版本的反诈识别模型（需要格式 {MODEL_FORMAT}）")
    features = CharTfidf(payload["vocabulary"], payload["idf"], tuple(payload["ngram_range"]))
    model = LinearModel(tuple(payload["classes"]), payload["coef"], payload["intercept"])
    return Detector(features, model, Calibration(*payload["calibration"]), payload["info"])


def classify(texts: Sequence[str | bytes], model: Detector | None = None) -> list[Verdict]:
    """Judge a batch of texts with `model`, or with the shipped model."""
    return (model or load_model()).classify(texts)
