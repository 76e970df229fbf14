"""``fpmcoder suggest``: listing, --evaluate, --write-coder into a machine-marked layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _assisthelp import bundle, transcript

from fpmcoder.cli import main
from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.store import Project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Six transcripts coded by 'ann'; 'x' uncoded; 'y' half coded by 'ann', all by 'bob'."""
    path = tmp_path / "p.fpmc"
    with Project.create(path) as p:
        p.add_bundle(bundle(6))
        tx, _ = transcript("x", 100)
        ty, acts = transcript("y", 101)
        p.add_bundle(
            ImportBundle(
                (
                    CodedTranscript(tx),
                    CodedTranscript(
                        ty,
                        None,
                        {
                            "ann": {i: Coding(a) for i, a in enumerate(acts[:15])},
                            "bob": {i: Coding(a) for i, a in enumerate(acts)},
                        },
                    ),
                )
            )
        )
    return path


def test_lists_proposals_for_uncoded_segments(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", str(project), "--coder", "ann", "--threshold", "0"]) == 0
    _, err = capsys.readouterr()
    assert "trained on 195 segments coded by ann in 7 transcripts" in err
    assert "45 proposals" in err  # 30 of x, 15 of y
    out_csv = tmp_path / "s.csv"
    args = ["suggest", str(project), "--coder", "ann", "--transcript", "y", "-o", str(out_csv)]
    assert main([*args, "--threshold", "0"]) == 0
    import pandas as pd

    table = pd.read_csv(out_csv)
    assert list(table["segment"]) == list(range(16, 31))
    assert table["model_version"].str.startswith("assist-2+").all()
    assert set(table.columns) >= {"proposal", "probability", "runner_up", "runner_up_probability"}


def test_silent_until_enough_is_coded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.fpmc"
    with Project.create(path) as p:
        p.add_bundle(bundle(1, n=15))
        p.add_bundle(bundle(1, n=4, coder="ann"))  # second transcript: 4 segments
    assert main(["suggest", str(path), "--coder", "ann"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "no suggestions yet" in err and "so far: 19 segments" in err


def test_evaluate_writes_a_report(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.md"
    args = ["suggest", str(project), "--coder", "ann", "--evaluate", "--folds", "3"]
    assert main([*args, "-o", str(report)]) == 0
    text = report.read_text()
    for part in ("summary", "per_activity", "confusion", "thresholds", "baseline: most frequent"):
        assert part in text
    capsys.readouterr()
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "3-fold cross-validation by transcript" in err
    assert "195 coded segments in 7 transcripts" in err
    some = [x for t in ("t0", "t1", "t2") for x in ("--transcript", t)]
    assert main([*args, *some]) == 0
    assert "90 coded segments in 3 transcripts" in capsys.readouterr().err
    assert "== summary ==" in out


def test_write_coder_makes_a_machine_layer(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["suggest", str(project), "--coder", "ann", "--transcript", "y", "--transcript", "x"]
    assert main([*args, "--write-coder", "model"]) == 0
    assert "wrote 60 codings of 2 transcript(s) as machine coder 'model'" in capsys.readouterr().out
    with Project.open(project) as p:
        assert len(p.codings("x", "model")) == len(p.codings("y", "model")) == 30
        assert len(p.codings("y", "ann")) == 15  # the human's layer is untouched
        record = json.loads(p.meta()["machine_coders"])["model"]
        assert record["model_version"].startswith("assist-2+")
        assert record["coder"] == "ann"
        assert record["transcripts"] == {"x": record["model_version"], "y": record["model_version"]}
        # trained on ann's other transcripts only: y's 15 codings are not in training
        assert record["trained_on"] == "180 segments coded by ann in 6 transcripts"
        version = record["model_version"]
    # writing again into the same machine coder is allowed and gives the same result
    assert main([*args, "--write-coder", "model"]) == 0
    with Project.open(project) as p:
        assert json.loads(p.meta()["machine_coders"])["model"]["model_version"] == version
    # a machine coder is never learned from
    assert main(["suggest", str(project), "--coder", "model"]) == 2
    assert "is a machine coder" in capsys.readouterr().err
    # agreement can set the model beside the human coder
    assert main(["agreement", str(project), "--transcript", "y", "--coders", "bob", "model"]) == 0


@pytest.mark.parametrize("name", ["bob", "ann"])
def test_write_coder_refuses_a_human_layer(
    project: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["suggest", str(project), "--coder", "ann", "--transcript", "x"]
    assert main([*args, "--write-coder", name]) == 2
    assert "a model never writes into a human's codings" in capsys.readouterr().err
    with Project.open(project) as p:
        assert "machine_coders" not in p.meta()
        assert p.codings("x", name) == {}


def test_write_coder_needs_transcripts_and_a_known_coder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", str(project), "--coder", "ann", "--write-coder", "m"]) == 2
    assert "--write-coder needs the transcripts" in capsys.readouterr().err
    assert main(["suggest", str(project), "--coder", "zed"]) == 2
    assert "no coder called 'zed'" in capsys.readouterr().err
    assert main(["suggest", str(project), "--coder", "ann", "--transcript", "nope"]) == 2
    capsys.readouterr()


def test_without_scikit_learn_says_what_to_install(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sklearn" else real(name, *a)
    )
    assert main(["suggest", str(project), "--coder", "ann"]) == 2
    assert "pip install 'fpmcoder[assist]'" in capsys.readouterr().err


def test_write_coder_on_a_server_is_for_a_lead(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a server the machine layer is written by a lead; a coder login is refused by
    the server itself (row-level security: a coder writes only their own codings), with
    a clear message and nothing written."""
    from fpmcoder.store.server import add_coder, init_server
    from pgtest import admin, admin_url, as_user, fresh_database

    admin_url()
    admin('DROP ROLE IF EXISTS "fpmcts_ann"')
    with fresh_database(["fpmcts_ann"]) as url:
        init_server(url, source=project)
        add_coder(url, "fpmcts_ann", "coder", "pw for suggest")
        coder_url = as_user(url, "fpmcts_ann", "pw for suggest")
        args = ["suggest", "--coder", "ann", "--transcript", "x", "--write-coder", "model"]
        assert main([args[0], coder_url, *args[1:]]) == 2
        assert "a lead writes a machine coder" in capsys.readouterr().err
        with Project.open(url) as p:
            assert "model" not in p.coders()
        assert main([args[0], url, *args[1:]]) == 0
        with Project.open(url) as p:
            coded = p.codings("x", "model")
            assert len(coded) == len(p.segments("x"))
            assert "model" in json.loads(p.meta()["machine_coders"])


def test_evaluate_reports_codings_made_blind(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ann coded t0 in blind mode: the model's hidden proposals, kept with her codings,
    are compared with them (7 of 10 agree) beside the cross-validation."""
    from sklearn.metrics import cohen_kappa_score

    from fpmcoder.core import BlindProposal
    from fpmcoder.core.commands import Batch, SetCoding

    coded, hidden_codes = [], []
    with Project.open(project) as p:
        codings = p.codings("t0", "ann")
        commands = []
        for k, seg in enumerate(p.segments("t0")[:10]):
            own = codings[seg.id]
            assert own.activity is not None
            other = next(a for a in p.codebook.activity_ids if a != own.activity)
            hidden = BlindProposal("assist-2+t", own.activity if k < 7 else other, 0.6)
            commands.append(SetCoding(seg.id, "ann", Coding(own.activity, blind=hidden)))
            coded.append(own.activity)
            hidden_codes.append(hidden.activity)
        p.perform(Batch(tuple(commands)))
    capsys.readouterr()
    assert main(["suggest", str(project), "--coder", "ann", "--evaluate", "--folds", "3"]) == 0
    out = capsys.readouterr().out
    assert "== blind ==" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("coded blind"))
    segments, kappa, accuracy = line.split()[-3:]
    assert (segments, accuracy) == ("10", "0.700")
    assert float(kappa) == pytest.approx(cohen_kappa_score(coded, hidden_codes), abs=5e-4)


def test_accepted_suggestions_are_neither_learned_from_nor_measured_against(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ann accepted 5 suggestions in t0: --evaluate and --write-coder count only her own
    195 - 5 codings."""
    from fpmcoder.core import Suggested

    with Project.open(project) as p:
        for seg in p.segments("t0")[:5]:
            activity = p.codings_of(seg.id)["ann"].activity
            assert activity is not None
            p.assign_activity(seg.id, "ann", None)
            p.accept_suggestion(seg.id, "ann", activity, Suggested("assist-2+t", 0.9))
    capsys.readouterr()
    assert main(["suggest", str(project), "--coder", "ann", "--evaluate", "--folds", "3"]) == 0
    assert "190 coded segments in 7 transcripts" in capsys.readouterr().err
    args = ["suggest", str(project), "--coder", "ann", "--transcript", "x", "--write-coder", "m"]
    assert main(args) == 0
    with Project.open(project) as p:
        record = json.loads(p.meta()["machine_coders"])["m"]
    assert record["trained_on"].startswith("190 segments coded by ann")
