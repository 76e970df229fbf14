"""Segment features: words (tf-idf word 1-2-grams, optionally character n-grams), the
previous and next segments' words, speaker, previous speaker, position, length.

Each text is analysed once: the neighbours' features are the same tf-idf rows shifted by
one segment within each transcript, which keeps training on 10,000 segments fast.
scikit-learn and scipy are imported inside the functions, when a model is trained.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from fpmcoder.assist._data import Rows

__all__ = ["FeatureBuilder", "Options"]


@dataclass(frozen=True)
class Options:
    """What the model looks at; each switch is measured in benchmarks/assist_annomi.py."""

    char_ngrams: bool = False  # character 2-5-grams (no gain on AnnoMI, twice as slow)
    context: int = 1  # words of this many segments before and after
    sequence: Literal["none", "hmm", "memm"] = "memm"
    """How the activities around a segment are used. ``hmm``: a forward-backward pass over
    the coder's transition probabilities; ``memm``: the previous segment's activity is a
    feature of the classifier (the coder's coding in training; in use, the coding when
    there is one, else the model's own distribution, carried forward)."""
    previous_dropout: float = 0.5  # memm: share of previous activities hidden in training
    balance: float = 0.75  # weigh activity a by (n / count(a)) ** balance: 0 none, 1 balanced
    alpha: float = 1e-4  # L2 penalty of the logistic regression (SGD)
    small_data: float = 0.25
    """With few codings the penalty grows to ``small_data / segments`` (when larger than
    ``alpha``): early in a study, 125 codings, the probabilities were overconfident
    (proposals at 90% or more were right 76% of the time; with it, 94%) and kappa rose by
    0.1. From 2,500 codings on ``alpha`` alone applies (AnnoMI's 9,271: unchanged)."""
    epochs: int = 10


_TOKENS = r"(?u)\b\w+\b|[^\w\s]"  # words, and each punctuation mark (a "?" matters)
_N_META = 10


class FeatureBuilder:
    """Fits vocabularies on training rows; turns rows into one sparse matrix."""

    def __init__(self, options: Options) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.options = options
        common = {"sublinear_tf": True, "min_df": 2, "dtype": np.float32}
        self.word = TfidfVectorizer(ngram_range=(1, 2), token_pattern=_TOKENS, **common)
        self.char = (
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), max_features=30000, **common)
            if options.char_ngrams
            else None
        )
        self.speakers: dict[str, int] = {}

    def fit_transform(self, rows: Rows) -> Any:
        """Learn vocabularies and speakers from ``rows`` (every segment of the training
        transcripts, coded or not: no activity is read) and return their features."""
        self.speakers = {s: i for i, s in enumerate(sorted(set(rows.speaker)))}
        return self._matrix(rows, fit=True)

    def transform(self, rows: Rows) -> Any:
        return self._matrix(rows, fit=False)

    def _matrix(self, rows: Rows, *, fit: bool) -> Any:
        from scipy.sparse import csr_matrix, hstack, vstack

        texts = [t or "_empty_" for t in rows.text]
        words = self.word.fit_transform(texts) if fit else self.word.transform(texts)
        parts = [words]
        if self.char is not None:
            parts.append(self.char.fit_transform(texts) if fit else self.char.transform(texts))
        if self.options.context:
            n = len(rows)
            padded = vstack([words, csr_matrix((1, words.shape[1]), dtype=np.float32)], "csr")
            doc = np.asarray(rows.doc, dtype=np.int64)
            here = np.arange(n)
            w = self.options.context
            for shift in [*range(-w, 0), *range(1, w + 1)]:
                other = here + shift
                inside = (other >= 0) & (other < n)
                same = np.zeros(n, dtype=bool)
                same[inside] = doc[other[inside]] == doc[inside]
                parts.append(padded[np.where(same, other, n)])
        parts.append(self._meta(rows))
        return hstack(parts, format="csr", dtype=np.float32)

    def _meta(self, rows: Rows) -> Any:
        from scipy.sparse import csr_matrix

        n, k = len(rows), len(self.speakers)
        dense = np.zeros((n, _N_META + 2 * (k + 1)), dtype=np.float32)
        for i in range(n):
            spk, prev, pos = rows.speaker[i], rows.prev_speaker[i], rows.position[i]
            dense[i, 0] = float(spk == prev and bool(prev))
            dense[i, 1] = float(rows.first_speaker[i])
            dense[i, 2 + min(int(pos * 5), 4)] = 1.0
            dense[i, 7] = pos
            dense[i, 8] = math.log1p(rows.words[i]) / 5.0
            dense[i, 9] = float(not rows.text[i])
            dense[i, _N_META + self.speakers.get(spk, k)] = 1.0
            dense[i, _N_META + k + 1 + self.speakers.get(prev, k)] = 1.0
        return csr_matrix(dense)
