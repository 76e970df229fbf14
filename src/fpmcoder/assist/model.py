"""Train a model on one coder's codings; propose activities for uncoded segments.

Everything runs on this machine from the project's own codings: no network, no
downloaded model. The same codings, options and seed give the same model, the same
:attr:`SuggestionModel.version` and the same proposals.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fpmcoder.assist._data import CodedText, Rows, rows_of
from fpmcoder.assist._features import FeatureBuilder, Options
from fpmcoder.assist._sequence import (
    FloatArray,
    Transitions,
    posteriors,
    posteriors_in_order,
)
from fpmcoder.errors import InputError

__all__ = [
    "MODEL_FAMILY",
    "Proposal",
    "Readiness",
    "SuggestionModel",
    "readiness",
    "suggest",
    "train",
]

MODEL_FAMILY = "assist-2"
"""Changes whenever features or learner change, so an old layer is never mistaken for new."""

MIN_SEGMENTS = 20
MIN_ACTIVITIES = 2
MIN_TRANSCRIPTS = 2
DEFAULT_THRESHOLD = 0.5
LOOKBACK = 8
"""memm: how far back :meth:`SuggestionModel.propose_one` follows uncoded segments."""


@dataclass(frozen=True)
class Proposal:
    """The model's proposal for one segment."""

    transcript: str
    number: int  # 1-based segment number
    activity: str
    probability: float
    runner_up: str | None
    runner_up_probability: float


@dataclass(frozen=True)
class Readiness:
    """Whether a coder has coded enough for suggestions (the gate), and what is missing."""

    segments: int
    activities: int
    transcripts: int
    min_segments: int = MIN_SEGMENTS
    min_activities: int = MIN_ACTIVITIES
    min_transcripts: int = MIN_TRANSCRIPTS

    @property
    def ready(self) -> bool:
        return (
            self.segments >= self.min_segments
            and self.activities >= self.min_activities
            and self.transcripts >= self.min_transcripts
        )

    @property
    def reason(self) -> str:
        if self.ready:
            return "ready"
        return (
            f"suggestions start once at least {self.min_segments} segments of "
            f"{self.min_activities} activities in {self.min_transcripts} transcripts are coded "
            f"(so far: {self.segments} segments, {self.activities} activities, "
            f"{self.transcripts} transcripts)"
        )


def readiness(docs: Sequence[CodedText]) -> Readiness:
    labels = [s.activity for d in docs for s in d.sequence.segments if s.activity is not None]
    return Readiness(
        segments=len(labels),
        activities=len(set(labels)),
        transcripts=sum(1 for d in docs if d.n_coded),
    )


@dataclass
class SuggestionModel:
    """A trained model: classifier, transition probabilities and what it was trained on."""

    activities: tuple[str, ...]
    options: Options
    seed: int
    version: str
    trained_on: int  # coded segments
    transcripts: tuple[str, ...]
    _features: FeatureBuilder = field(repr=False)
    _classifier: Any = field(repr=False)
    _prior: FloatArray = field(repr=False)
    _transitions: Transitions = field(repr=False)

    def _rows_x(self, doc: CodedText) -> Any:
        return self._features.transform(rows_of([doc]))

    def classifier_probabilities(self, doc: CodedText) -> FloatArray:
        """The classifier's probabilities alone (codings not used; with ``memm``, as if
        no segment had a previous activity)."""
        if not len(doc.sequence):
            return np.zeros((0, len(self.activities)))
        if self.options.sequence == "memm":
            return self._memm_tables(doc)[:, 0, :]
        return _full_proba(self._classifier, self._rows_x(doc), len(self.activities))

    def _memm_tables(self, doc: CodedText) -> FloatArray:
        """(segments, 1 + activities, activities): P(activity | segment, previous state),
        previous state 0 = none, 1 + k = activity k."""
        return self._memm_tables_x(self._rows_x(doc))

    def _memm_tables_x(self, x: Any) -> FloatArray:
        from scipy.special import expit

        clf = self._classifier
        nb = x.shape[1]
        base = np.asarray(x @ clf.coef_[:, :nb].T) + clf.intercept_
        k = len(self.activities)
        out = np.zeros((x.shape[0], k + 1, k))
        for state in range(k + 1):
            z = base + clf.coef_[:, nb + state]
            if z.shape[1] == 1:  # two classes: one decision function
                p1 = expit(z[:, 0])
                p = np.column_stack([1.0 - p1, p1])
            else:  # one-vs-rest, normalised as scikit-learn does
                p = expit(z)
                p /= np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
            out[:, state, clf.classes_] = p
        return out

    def _memm(self, doc: CodedText, codes: Sequence[int], *, in_order: bool) -> FloatArray:
        tables = self._memm_tables(doc)
        n, k = tables.shape[0], len(self.activities)
        out = np.empty((n, k))
        alpha = np.zeros(k)
        for t in range(n):
            if t == 0:
                p = tables[0, 0]
            elif codes[t - 1] >= 0:
                p = tables[t, 1 + codes[t - 1]]
            else:
                p = alpha @ tables[t, 1:]
            alpha = p
            if codes[t] >= 0:
                alpha = np.zeros(k)
                alpha[codes[t]] = 1.0
            out[t] = p if in_order else alpha
        return out

    def codes(self, doc: CodedText) -> list[int]:
        """The coder's activity index of each segment of ``doc`` (-1: uncoded)."""
        index = {a: i for i, a in enumerate(self.activities)}
        return [index.get(s.activity, -1) if s.activity else -1 for s in doc.sequence.segments]

    def probabilities(self, doc: CodedText, *, use_codings: bool = True) -> FloatArray:
        """Posterior over :attr:`activities` for every segment of ``doc``.

        With ``use_codings`` the segments the coder has coded are taken as known: their
        rows are their codings, and (with a ``sequence`` option) they inform the others.
        """
        codes = self.codes(doc) if use_codings else [-1] * len(doc.sequence)
        if self.options.sequence == "memm":
            return self._memm(doc, codes, in_order=False)
        probs = self.classifier_probabilities(doc)
        if self.options.sequence == "hmm":
            return posteriors(probs, self._prior, self._transitions, codes)
        for i, c in enumerate(codes):
            if c >= 0:
                probs[i] = 0.0
                probs[i, c] = 1.0
        return probs

    def probabilities_in_order(self, doc: CodedText) -> FloatArray:
        """Each segment's posterior when the segments *before* it are coded as the coder
        coded them and none after it (a coder working in order); no row is clamped."""
        codes = self.codes(doc)
        if self.options.sequence == "memm":
            return self._memm(doc, codes, in_order=True)
        probs = self.classifier_probabilities(doc)
        if self.options.sequence == "hmm":
            return posteriors_in_order(probs, self._prior, self._transitions, codes)
        return probs

    def propose(
        self,
        doc: CodedText,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        uncoded_only: bool = True,
        use_codings: bool = True,
    ) -> list[Proposal]:
        """Proposals for the segments of ``doc`` (uncoded ones by default) at or above
        ``threshold``; below it the model stays silent."""
        post = self.probabilities(doc, use_codings=use_codings)
        out = []
        for i, seg in enumerate(doc.sequence.segments):
            if uncoded_only and seg.activity is not None:
                continue
            p = self._proposal(doc.title, seg.number, post[i], threshold)
            if p is not None:
                out.append(p)
        return out

    def propose_one(
        self, doc: CodedText, number: int, *, threshold: float = DEFAULT_THRESHOLD
    ) -> Proposal | None:
        """The proposal for segment ``number`` (1-based) alone, or ``None`` below
        ``threshold``. Only the segments since the last coded one before it (at most
        :data:`LOOKBACK`) and their neighbours are read, so the time does not grow with
        the transcript (the window's path); ``hmm`` reads the whole transcript. Equal to
        :meth:`propose` when the segment is within :data:`LOOKBACK` of a coded one or of
        the start."""
        i = number - 1
        if self.options.sequence == "hmm":
            post = self.probabilities(doc)[i]
            return self._proposal(doc.title, number, post, threshold)
        rows = rows_of([doc])
        codes = self.codes(doc)
        # memm: the chain restarts at the last coded segment before this one
        j = i - 1
        if self.options.sequence == "memm":
            j = next((t for t in range(i - 1, -1, -1) if codes[t] >= 0), -1)
        # the chain starts at the segment after j, or LOOKBACK segments back from a
        # previous state of "none" (unknown: the model learned it with hidden activities)
        start = max(j + 1, i - LOOKBACK)
        w = self.options.context
        lo, hi = max(0, start - w), min(len(rows), i + w + 1)
        x = self._features.transform(rows.take(range(lo, hi)))[start - lo : i + 1 - lo]
        if self.options.sequence == "none":
            post = _full_proba(self._classifier, x, len(self.activities))[-1]
            return self._proposal(doc.title, number, post, threshold)
        tables = self._memm_tables_x(x)
        alpha = np.zeros(len(self.activities))
        if start == j + 1 and j >= 0:
            alpha[codes[j]] = 1.0
        for r in range(i + 1 - start):
            alpha = tables[r, 0] if (r == 0 and not alpha.any()) else alpha @ tables[r, 1:]
        return self._proposal(doc.title, number, alpha, threshold)

    def _proposal(
        self, title: str, number: int, post: FloatArray, threshold: float
    ) -> Proposal | None:
        order = np.argsort(-post, kind="stable")
        best = int(order[0])
        p = float(post[best])
        if p < threshold:
            return None
        second = int(order[1]) if len(order) > 1 else None
        return Proposal(
            transcript=title,
            number=number,
            activity=self.activities[best],
            probability=p,
            runner_up=self.activities[second] if second is not None else None,
            runner_up_probability=float(post[second]) if second is not None else 0.0,
        )


def _full_proba(classifier: Any, x: Any, k: int) -> FloatArray:
    """Probabilities for all ``k`` activities (the classifier knows only those it saw)."""
    p = classifier.predict_proba(x)
    out = np.zeros((x.shape[0], k))
    out[:, classifier.classes_] = p
    return out


def _version(docs: Sequence[CodedText], options: Options, seed: int) -> str:
    import sklearn

    h = hashlib.sha256()
    h.update(repr((MODEL_FAMILY, options, seed, sklearn.__version__)).encode())
    for d in docs:
        h.update(d.title.encode() + b"\0")
        for i, s in enumerate(d.sequence.segments):
            h.update(f"{s.activity}\0{s.speaker}\0".encode() + d.segment_text(i).encode())
    return f"{MODEL_FAMILY}+{h.hexdigest()[:12]}"


def _class_weights(y: Any, balance: float) -> dict[int, float] | None:
    """Rare activities weigh more, so the model does not just echo the frequent ones."""
    if balance <= 0:
        return None
    counts = Counter(y.tolist())
    n, k = len(y), len(counts)
    return {a: (n / (k * c)) ** balance for a, c in sorted(counts.items())}


def _with_previous(
    x: Any, rows: Rows, coded: Sequence[int], index: dict[str, int], dropout: float, seed: int
) -> Any:
    """Append the previous segment's activity (one-hot; column 0: none or uncoded).

    A share ``dropout`` of them is hidden (set to none, chosen by the seed), so the words
    keep their weight: when the model codes a whole transcript, the previous activity is
    its own guess, not the coder's coding.
    """
    from scipy.sparse import csr_matrix, hstack

    k = len(index)
    hide = np.random.default_rng(seed).random(len(coded)) < dropout
    cols = []
    for n_, i in enumerate(coded):
        prev = rows.label[i - 1] if i > 0 and rows.doc[i - 1] == rows.doc[i] else None
        known = prev in index and not hide[n_]
        cols.append(1 + index[prev] if known else 0)  # type: ignore[index]
    n = len(coded)
    onehot = csr_matrix((np.ones(n, np.float32), (np.arange(n), cols)), shape=(n, k + 1))
    return hstack([x, onehot], format="csr")


def train(
    docs: Sequence[CodedText],
    activities: Sequence[str],
    *,
    seed: int = 0,
    options: Options | None = None,
) -> SuggestionModel:
    """Train on every coded segment of ``docs`` (one coder's codings).

    ``activities`` are the codebook's activity ids (the model's label order). Raises
    :class:`InputError` when fewer than two activities are coded (nothing to learn).
    """
    from sklearn.linear_model import SGDClassifier

    options = options or Options()
    acts = tuple(activities)
    index = {a: i for i, a in enumerate(acts)}
    rows = rows_of(docs)
    coded = [i for i, a in enumerate(rows.label) if a is not None and a in index]
    y = np.array([index[rows.label[i]] for i in coded], dtype=np.int64)  # type: ignore[index]
    if len(set(y.tolist())) < 2:
        raise InputError("the model needs codings of at least two activities to learn from")
    if options.sequence not in ("none", "hmm", "memm"):
        raise InputError(f"unknown sequence option {options.sequence!r}: none, hmm or memm")
    features = FeatureBuilder(options)
    x = features.fit_transform(rows)[coded]
    if options.sequence == "memm":
        x = _with_previous(x, rows, coded, index, options.previous_dropout, seed)
    # logistic regression by stochastic gradient descent: as good as the exact solver
    # here (kappa within 0.005 on AnnoMI) and ten times faster
    clf = SGDClassifier(
        loss="log_loss",
        alpha=max(options.alpha, options.small_data / len(coded)),
        max_iter=options.epochs,
        tol=None,
        random_state=seed,
        class_weight=_class_weights(y, options.balance),
    )
    clf.fit(x, y)
    counts = Counter(y.tolist())
    prior = np.array([counts.get(i, 0) + 1.0 for i in range(len(acts))])
    prior /= prior.sum()
    seqs = [
        [index.get(s.activity, -1) if s.activity else -1 for s in d.sequence.segments] for d in docs
    ]
    return SuggestionModel(
        activities=acts,
        options=options,
        seed=seed,
        version=_version(docs, options, seed),
        trained_on=len(coded),
        transcripts=tuple(d.title for d in docs if d.n_coded),
        _features=features,
        _classifier=clf,
        _prior=prior,
        _transitions=Transitions(len(acts), seqs),
    )


def suggest(
    docs: Sequence[CodedText],
    targets: Sequence[CodedText],
    activities: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
    options: Options | None = None,
) -> tuple[Readiness, list[Proposal]]:
    """Train on ``docs`` and propose activities for the uncoded segments of ``targets``.

    Silent (no proposals) until the coder has coded enough (:func:`readiness`).
    """
    ready = readiness(docs)
    if not ready.ready:
        return ready, []
    model = train(docs, activities, seed=seed, options=options)
    return ready, [p for t in targets for p in model.propose(t, threshold=threshold)]
