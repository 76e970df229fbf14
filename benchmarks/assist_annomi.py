"""Suggested codes measured on AnnoMI: ``.venv/bin/python benchmarks/assist_annomi.py``.

Builds a project in a temporary folder from ``../shared/realdata/annomi`` (read in place,
never copied into the repository) with the codebook ``codebooks/annomi.yaml``:

* coder ``annomi``: the 126 transcripts coded by one annotator each (the training set);
* coders ``annotator_0`` .. ``annotator_9``: the 7 transcripts coded by all ten.

Then, through the command line as a researcher would run it:

1. ``fpmcoder suggest P --coder annomi --transcript 7 ... --write-coder model`` trains on
   the 126 and writes the model's codings of the 7 as the machine coder ``model``;
2. prints the model's Cohen's kappa with each annotator and their mean beside the
   annotators' mean pairwise kappa (the human ceiling, about 0.70);
3. ``fpmcoder suggest P --coder annomi --evaluate`` (grouped 5-fold cross-validation by
   transcript over the 126), timed (target < 60 s);

and times training on 10,000 coded segments (target < 2 s) and one proposal in a transcript
of 1,000 segments (< 50 ms).
``--ablation`` also measures each option (character n-grams, neighbours' words, class
weights, the sequence options hmm and memm) on the 7 transcripts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from fpmcoder.analysis.reliability import cohen_kappa
from fpmcoder.assist import CodedText, Options, SuggestionModel, train
from fpmcoder.cli import main as cli
from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.io.codebook_yaml import load_codebook
from fpmcoder.io.transcripts import read_transcripts
from fpmcoder.store import Project

ROOT = Path(__file__).resolve().parent.parent
ANNOMI = ROOT.parent / "shared" / "realdata" / "annomi"
CODEBOOK = ROOT / "codebooks" / "annomi.yaml"
TRAIN_CODER = "annomi"
ANNOTATORS = [f"annotator_{i}" for i in range(10)]


def _labels(frame: pd.DataFrame) -> list[str]:
    therapist = frame["interlocutor"] == "therapist"
    return np.where(
        therapist, frame["main_therapist_behaviour"], frame["client_talk_type"]
    ).tolist()


def build_project(path: Path) -> tuple[list[str], list[str]]:
    """The AnnoMI project; returns (training titles, multi-annotated titles)."""
    transcripts = read_transcripts(ANNOMI / "AnnoMI-simple.csv")
    full = pd.read_csv(ANNOMI / "AnnoMI-full.csv", keep_default_na=False)
    by_title = {t.title: t for t in transcripts}
    n_annot = full.groupby("transcript_id")["annotator_id"].nunique()
    single = sorted((str(t) for t in n_annot[n_annot == 1].index), key=int)
    multi = sorted((str(t) for t in n_annot[n_annot > 1].index), key=int)
    items = []
    for tid, frame in full.groupby("transcript_id", sort=True):
        title = str(tid)
        turns = by_title[title].turns
        codings: dict[str, dict[int, Coding]] = {}
        for annotator, rows in frame.groupby("annotator_id", sort=True):
            rows = rows.sort_values("utterance_id")
            labels = _labels(rows)
            if len(labels) != len(turns):
                raise SystemExit(f"transcript {title}: {len(labels)} codes for {len(turns)} turns")
            coder = TRAIN_CODER if title in single else f"annotator_{annotator}"
            codings[coder] = {i: Coding(a) for i, a in enumerate(labels)}
        items.append(CodedTranscript(by_title[title], None, codings))
    with Project.create(path, load_codebook(CODEBOOK)) as project:
        project.add_bundle(ImportBundle(tuple(items)))
    return single, multi


def run_cli(*args: str) -> tuple[str, float]:
    out = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out):
        status = cli(list(args))
    seconds = time.perf_counter() - t0
    if status:
        raise SystemExit(f"fpmcoder {' '.join(args)} exited with {status}")
    return out.getvalue(), seconds


def kappa_table(project: Project, multi: list[str], model: str) -> tuple[list[float], float]:
    """Model-annotator kappas (one per annotator) and the annotators' mean pairwise kappa."""
    acts = {a: i for i, a in enumerate(project.codebook.activity_ids)}

    def codes(coder: str) -> np.ndarray:
        return np.array(
            [
                acts.get(a, -1) if a else -1
                for t in multi
                for a in project.sequence(t, coder).activities
            ]
        )

    c = {name: codes(name) for name in [model, *ANNOTATORS]}
    with_model = [cohen_kappa(np.column_stack([c[model], c[a]])) for a in ANNOTATORS]
    pairs = [
        cohen_kappa(np.column_stack([c[a], c[b]])) for a, b in itertools.combinations(ANNOTATORS, 2)
    ]
    return with_model, float(np.mean(pairs))


def docs_of(project: Project, titles: list[str], coder: str) -> list[CodedText]:
    return [CodedText(project.sequence(t, coder), project.transcript(t).text) for t in titles]


def mean_kappa(model: SuggestionModel, targets: dict[str, list[CodedText]]) -> float:
    """The model's mean Cohen's kappa with the annotators (whole transcripts uncoded)."""
    acts = model.activities
    index = {a: i for i, a in enumerate(acts)}
    kappas = []
    for a in ANNOTATORS:
        pred: list[int] = []
        true: list[int] = []
        for d in targets[a]:
            pred.extend(model.probabilities(d, use_codings=False).argmax(axis=1).tolist())
            true.extend(index[s.activity] for s in d.sequence.segments if s.activity)
        kappas.append(cohen_kappa(np.column_stack([pred, true])))
    return float(np.mean(kappas))


def seeds_kappa(project: Project, single: list[str], multi: list[str], seeds: range) -> list[float]:
    train_docs = docs_of(project, single, TRAIN_CODER)
    targets = {a: docs_of(project, multi, a) for a in ANNOTATORS}
    acts = project.codebook.activity_ids
    return [mean_kappa(train(train_docs, acts, seed=s), targets) for s in seeds]


def ablation(project: Project, single: list[str], multi: list[str]) -> None:
    acts = project.codebook.activity_ids
    train_docs = docs_of(project, single, TRAIN_CODER)
    targets = {a: docs_of(project, multi, a) for a in ANNOTATORS}
    variants = {
        "default (sequence memm)": Options(),
        "sequence none": Options(sequence="none"),
        "sequence hmm": Options(sequence="hmm"),
        "memm without hiding previous": Options(previous_dropout=0.0),
        "+ character n-grams": Options(char_ngrams=True),
        "two neighbours each side": Options(context=2),
        "no neighbours' words": Options(context=0),
        "no class balance": Options(balance=0.0),
        "full class balance": Options(balance=1.0),
        "segment's words and speaker only": Options(context=0, balance=0.0, sequence="none"),
    }
    print(
        "\nablation (mean kappa with the 10 annotators on the 7 transcripts, training on the "
        "126; mean over seeds 0-2):"
    )
    for name, opts in variants.items():
        kappas, seconds = [], []
        for seed in range(3):
            t0 = time.perf_counter()
            model = train(train_docs, acts, options=opts, seed=seed)
            seconds.append(time.perf_counter() - t0)
            kappas.append(mean_kappa(model, targets))
        print(
            f"  {name:<34} kappa {np.mean(kappas):.3f} ({min(kappas):.3f}-{max(kappas):.3f})"
            f"   training {min(seconds):.2f} s"
        )


def long_uncoded(docs: list[CodedText], n: int) -> CodedText:
    """One uncoded transcript of at least ``n`` segments: transcripts joined end to end."""
    segs: list[SegmentInfo] = []
    texts: list[str] = []
    offset = 0
    for d in docs:
        for s in d.sequence.segments:
            segs.append(
                replace(
                    s,
                    number=len(segs) + 1,
                    activity=None,
                    start_char=s.start_char + offset,
                    end_char=s.end_char + offset,
                )
            )
        texts.append(d.text)
        offset += len(d.text)
        if len(segs) >= n:
            break
    return CodedText(CodedSequence("long", None, tuple(segs)), "".join(texts))


def coded_prefixes(long: CodedText, docs: list[CodedText]) -> Callable[[int], CodedText]:
    """``long`` with the segments before ``number`` coded (as the training coder did)."""
    truth = [s.activity for d in docs for s in d.sequence.segments][: len(long.sequence)]

    def make(number: int) -> CodedText:
        segs = tuple(
            replace(s, activity=truth[i]) if i < number - 1 else s
            for i, s in enumerate(long.sequence.segments)
        )
        return CodedText(replace(long.sequence, segments=segs), long.text)

    return make


def synthetic_docs(project: Project, single: list[str], n: int) -> list[CodedText]:
    """At least ``n`` coded segments: the training transcripts, repeated under new titles."""
    base = docs_of(project, single, TRAIN_CODER)
    out: list[CodedText] = []
    total = 0
    for rep in itertools.count():
        for d in base:
            if total >= n:
                return out
            seq = d.sequence
            out.append(CodedText(replace(seq, transcript=f"{seq.transcript}#{rep}"), d.text))
            total += len(seq)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablation", action="store_true", help="measure each feature group")
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    args = parser.parse_args()
    if not ANNOMI.is_dir():
        print(f"skipped: {ANNOMI} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "annomi.fpmc"
        t0 = time.perf_counter()
        single, multi = build_project(path)
        print(
            f"built {path.name}: {len(single)} training + {len(multi)} multi-annotated transcripts "
            f"in {time.perf_counter() - t0:.1f} s"
        )

        selection = [x for t in multi for x in ("--transcript", t)]
        out, seconds = run_cli(
            "suggest", str(path), "--coder", TRAIN_CODER, *selection, "--write-coder", "model"
        )
        print(out.rstrip())
        print(f"suggest --write-coder: {seconds:.1f} s")
        with Project.open(path) as project:
            with_model, human = kappa_table(project, multi, "model")
            print(
                "\nCohen's kappa on the 7 multi-annotated transcripts "
                f"({sum(len(project.segments(t)) for t in multi)} utterances):"
            )
            for a, k in zip(ANNOTATORS, with_model, strict=True):
                print(f"  model vs {a}: {k:.3f}")
            print(f"  model vs annotators, mean:       {np.mean(with_model):.3f}")
            print(f"  annotators pairwise (45), mean:  {human:.3f}")
            by_seed = seeds_kappa(project, single, multi, range(5))
            print(
                f"  model vs annotators over seeds 0-4: mean {np.mean(by_seed):.3f} "
                f"(from {min(by_seed):.3f} to {max(by_seed):.3f})"
            )

            docs = synthetic_docs(project, single, 10_000)
            n = sum(len(d.sequence) for d in docs)
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                model = train(docs, project.codebook.activity_ids)
                times.append(time.perf_counter() - t0)
            load = os.getloadavg()[0]
            print(
                f"\ntraining on {n} coded segments: {min(times):.2f} s best of 3, "
                f"{max(times):.2f} s worst (target < 2 s; load average {load:.1f} on "
                f"{os.cpu_count()} cores)"
            )
            long = long_uncoded(docs, 1000)
            n_long = len(long.sequence)
            coded_before = coded_prefixes(long, docs)
            for label, make in (
                ("every earlier segment coded (a coder working in order)", coded_before),
                ("nothing coded", lambda number: long),
            ):
                times = []
                for number in range(2, n_long + 1, max(1, n_long // 20)):
                    doc = make(number)
                    t0 = time.perf_counter()
                    model.propose_one(doc, number, threshold=0.0)
                    times.append(time.perf_counter() - t0)
                print(
                    f"one proposal in a transcript of {n_long} segments, {label}: "
                    f"{np.median(times) * 1000:.1f} ms median, {max(times) * 1000:.1f} ms worst "
                    f"of {len(times)} (target < 50 ms)"
                )
            t0 = time.perf_counter()
            model.propose(long, threshold=0.0)
            print(
                f"proposals for all {n_long} segments: {(time.perf_counter() - t0) * 1000:.0f} ms"
            )
            if args.ablation:
                ablation(project, single, multi)

        out, seconds = run_cli("suggest", str(path), "--coder", TRAIN_CODER, "--evaluate")
        print("\n" + out.rstrip())
        print(f"\nsuggest --evaluate on the AnnoMI project: {seconds:.1f} s (target < 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
