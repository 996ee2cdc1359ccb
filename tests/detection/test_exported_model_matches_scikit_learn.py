"""The exported model judges exactly as the scikit-learn objects it was trained as."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from fanzha.detection.corpus.generate import generate
from fanzha.detection.inference import CharTfidf, LinearModel
from fanzha.detection.normalize import normalize_text

ODD_TEXTS = ["a", "ab", "  \n\n  x  ", "🙂👍🏽", "未知的字符组合𠀀𠀁", "刷单" * 500]


@pytest.fixture(scope="module")
def docs() -> list[str]:
    return [normalize_text(r.text) for r in generate(scale=0.03)]


@pytest.mark.parametrize("ngram_range", [(1, 3), (2, 4), (1, 1)])
def test_char_tfidf_equals_scikit_learn(docs: list[str], ngram_range: tuple[int, int]) -> None:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, lowercase=False, sublinear_tf=True, min_df=2)
    vectorizer.fit(docs)
    ours = CharTfidf.from_sklearn(vectorizer).transform(docs + ODD_TEXTS)
    theirs = vectorizer.transform(docs + ODD_TEXTS)
    assert ours.shape == theirs.shape
    assert abs(ours - theirs).max() < 1e-12


@pytest.mark.parametrize("n_classes", [2, 4])
def test_linear_model_equals_scikit_learn(docs: list[str], n_classes: int) -> None:
    vectorizer = TfidfVectorizer(analyzer="char", lowercase=False, sublinear_tf=True)
    features = vectorizer.fit_transform(docs)
    labels = [str(i % n_classes) for i in range(len(docs))]
    model = LogisticRegression(max_iter=500).fit(features, labels)
    assert np.allclose(LinearModel.from_sklearn(model).predict_proba(features), model.predict_proba(features))


def test_a_vectorizer_it_cannot_reproduce_is_refused() -> None:
    with pytest.raises(ValueError, match="analyzer='word'"):
        CharTfidf.from_sklearn(TfidfVectorizer(analyzer="word"))
