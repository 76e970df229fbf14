"""AnnoMI (real counselling sessions, ../shared/realdata/annomi): the model learns from
singly-annotated transcripts and agrees with the ten annotators of the others.

Kept fast: the table is read with pandas straight into CodedTexts (no project), and the
model trains on a subset; benchmarks/assist_annomi.py makes the full measurement.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fpmcoder.assist import CodedText, train
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.io.codebook_yaml import load_codebook

pytestmark = pytest.mark.realdata

ROOT = Path(__file__).resolve().parents[2]


def _kappa(a: list[str], b: list[str]) -> float:
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(a, b))


def _doc(title: str, rows: pd.DataFrame) -> tuple[CodedText, list[str]]:
    rows = rows.sort_values("utterance_id")
    therapist = rows["interlocutor"] == "therapist"
    labels = np.where(therapist, rows["main_therapist_behaviour"], rows["client_talk_type"])
    texts = rows["utterance_text"].tolist()
    segs, pos = [], 0
    for i, (speaker, text, label) in enumerate(
        zip(rows["interlocutor"], texts, labels, strict=True)
    ):
        end = pos + len(text) + 1
        segs.append(SegmentInfo(i + 1, str(label), speaker=speaker, start_char=pos, end_char=end))
        pos = end
    return CodedText(CodedSequence(title, None, tuple(segs)), "\n".join(texts) + "\n"), list(labels)


def test_model_agrees_with_annomi_annotators_nearly_as_well_as_they_agree(realdata: Path) -> None:
    full = pd.read_csv(realdata / "annomi" / "AnnoMI-full.csv", keep_default_na=False)
    activities = load_codebook(ROOT / "codebooks" / "annomi.yaml").activity_ids
    per = full.groupby("transcript_id")["annotator_id"].nunique()
    single, multi = per[per == 1].index, per[per > 1].index
    train_docs = [_doc(str(t), full[full.transcript_id == t])[0] for t in single[::2]]
    model = train(train_docs, activities, seed=0)
    assert model.trained_on > 3500
    human: dict[int, list[str]] = {}
    predicted: list[str] = []
    for t in multi:
        frame = full[full.transcript_id == t]
        for annotator, rows in frame.groupby("annotator_id"):
            doc, labels = _doc(str(t), rows)
            human.setdefault(int(annotator), []).extend(labels)
        post = model.probabilities(doc, use_codings=False)
        predicted.extend(activities[i] for i in post.argmax(axis=1))
    with_model = np.mean([_kappa(predicted, h) for h in human.values()])
    pairwise = np.mean([_kappa(a, b) for a, b in itertools.combinations(human.values(), 2)])
    assert 0.65 < pairwise < 0.75  # the annotators: about 0.70
    # half the training data gives about 0.66; the full benchmark about 0.67
    assert with_model > pairwise - 0.06, (with_model, pairwise)  # docs: about 0.03 below
