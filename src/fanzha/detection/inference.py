"""The trained model as plain numpy/scipy: character n-gram TF-IDF and a linear softmax.

Training uses scikit-learn (classifier.fit); what it learns is exported into these two small classes,
so that judging a text needs no scikit-learn at all. That keeps a worker's cold start under a second
(importing scikit-learn alone takes 0.5–1.2 s here), keeps the model file readable across
scikit-learn versions, and lets the batch path be faster than `TfidfVectorizer.transform`: n-grams are
built and looked up with `map` (C loops) and counting, sublinear tf, idf and L2 norm run on the whole
batch in scipy. Tests check that both give exactly what scikit-learn gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import add
from typing import Any

import numpy as np
import scipy.sparse as sp

# scikit-learn's char analyzer folds runs of two or more whitespace characters into one space.
_WHITE_SPACES = re.compile(r"\s\s+")

# The TfidfVectorizer settings CharTfidf reproduces.
_SUPPORTED = {
    "analyzer": "char",
    "lowercase": False,
    "preprocessor": None,
    "strip_accents": None,
    "binary": False,
    "use_idf": True,
    "sublinear_tf": True,
    "norm": "l2",
}


def _char_ngrams(doc: str, low: int, high: int) -> Iterable[str]:
    parts: list[Iterable[str]] = [doc] if low == 1 else []
    grams: list[str] = list(doc)
    for n in range(2, high + 1):
        grams = list(map(add, grams, doc[n - 1 :]))
        if n >= low:
            parts.append(grams)
    return chain.from_iterable(parts)


@dataclass(frozen=True)
class CharTfidf:
    vocabulary: dict[str, int]
    idf: np.ndarray
    ngram_range: tuple[int, int]

    @classmethod
    def from_sklearn(cls, vectorizer: Any) -> CharTfidf:
        """Export a fitted TfidfVectorizer; ValueError names a setting this class cannot reproduce."""
        for name, value in _SUPPORTED.items():
            if getattr(vectorizer, name) != value:
                raise ValueError(f"unsupported TfidfVectorizer setting {name}={getattr(vectorizer, name)!r}")
        low, high = vectorizer.ngram_range
        return cls(dict(vectorizer.vocabulary_), np.asarray(vectorizer.idf_, dtype=np.float64), (low, high))

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        get = self.vocabulary.get
        low, high = self.ngram_range
        columns: list[int] = []
        indptr = np.zeros(len(docs) + 1, dtype=np.int64)
        for row, doc in enumerate(docs):
            grams = _char_ngrams(_WHITE_SPACES.sub(" ", doc), low, high)
            columns.extend(j for j in map(get, grams) if j is not None)
            indptr[row + 1] = len(columns)
        matrix = sp.csr_matrix(
            (np.ones(len(columns)), np.asarray(columns, dtype=np.int32), indptr),
            shape=(len(docs), len(self.vocabulary)),
        )
        matrix.sum_duplicates()
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        rows = np.repeat(np.arange(len(docs)), np.diff(matrix.indptr))
        norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=len(docs)))
        matrix.data /= norms[rows]  # a row with no known n-gram has no data and stays zero
        return matrix


@dataclass(frozen=True)
class LinearModel:
    """A fitted LogisticRegression: multinomial softmax, or the logistic of one score for two classes."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, n_features), or (1, n_features) for two classes
    intercept: np.ndarray

    @classmethod
    def from_sklearn(cls, model: Any) -> LinearModel:
        return cls(
            tuple(str(c) for c in model.classes_),
            np.asarray(model.coef_),
            np.asarray(model.intercept_),
        )

    def predict_proba(self, features: sp.csr_matrix) -> np.ndarray:
        scores = np.asarray(features @ self.coef.T) + self.intercept
        if scores.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))
