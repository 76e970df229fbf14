"""``fpmcoder stats | transitions | agreement`` on the sample project."""

from __future__ import annotations

import itertools

import krippendorff
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from fpmcoder.cli import main


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.fpmc"
    assert main(["demo", str(path)]) == 0
    return path


def sequences(project, transcript, coder):
    from fpmcoder.store import Project

    with Project.open(project) as p:
        return p.sequence(transcript, coder)


def test_stats_to_terminal(project, capsys):
    assert main(["stats", str(project), "--coder", "alex"]) == 0
    out = capsys.readouterr().out
    assert "== summary (one column per group) ==" in out
    assert "mean_run_length" in out and "turbulence_norm" in out
    assert "optimal matching distance" in out


def test_stats_files_match_an_independent_count(project, tmp_path):
    out = tmp_path / "stats.xlsx"
    assert main(["stats", str(project), "--coder", "alex", "-o", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"summary", "activities", "dilemmas", "dilemma_activity", "distance_om"} <= set(sheets)
    summary = sheets["summary"].set_index("group")
    for name in ("day_stay", "home_visit", "ongoing_relationship"):
        acts = [a for a in sequences(project, name, "alex").activities if a is not None]
        runs = 1 + sum(1 for x, y in itertools.pairwise(acts) if x != y)
        assert summary.loc[name, "mean_run_length"] == pytest.approx(len(acts) / runs)
    # the day stay sustains each activity, the home visit shifts rapidly
    assert (
        summary.loc["day_stay", "mean_run_length"]
        > 2 * summary.loc["home_visit", "mean_run_length"]
    )
    csv = tmp_path / "stats.csv"
    assert main(["stats", str(project), "--coder", "alex", "--by", "setting", "-o", str(csv)]) == 0
    assert (tmp_path / "stats-activities.csv").exists()
    assert "home visit" in set(pd.read_csv(csv)["group"])
    md = tmp_path / "stats.md"
    assert main(["stats", str(project), "--coder", "alex", "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("## summary")


def test_transitions(project, tmp_path, capsys):
    fig = tmp_path / "heat.png"
    out = tmp_path / "tr.csv"
    args = ["transitions", str(project), "--coder", "alex", "--pooled", "-o", str(out)]
    assert main([*args, "--figure", str(fig)]) == 0
    table = pd.read_csv(out)
    assert set(table.group) == {"all"}
    seg_total = sum(
        len(sequences(project, t, "alex")) - 1
        for t in ("day_stay", "home_visit", "ongoing_relationship")
    )
    assert table["count"].sum() == seg_total
    assert fig.stat().st_size > 0
    capsys.readouterr()
    assert main(["transitions", str(project), "--coder", "alex", "--level", "run"]) == 0
    assert "run level" in capsys.readouterr().out


def test_agreement_against_sklearn_and_krippendorff(project, tmp_path, capsys):
    fig = tmp_path / "conf.svg"
    out = tmp_path / "agreement.xlsx"
    args = ["agreement", str(project), "--coders", "alex", "sam", "--transcript", "home_visit"]
    assert main([*args, "-o", str(out), "--figure", str(fig)]) == 0
    summary = pd.read_excel(out, sheet_name="summary").set_index("measure")["value"]
    a = sequences(project, "home_visit", "alex").activities
    b = sequences(project, "home_visit", "sam").activities
    assert summary["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b))
    ids = sorted(set(a) | set(b))
    want = krippendorff.alpha(
        reliability_data=[[ids.index(x) for x in a], [ids.index(x) for x in b]],
        level_of_measurement="nominal",
    )
    assert summary["krippendorff_alpha"] == pytest.approx(want)
    assert fig.read_text(encoding="utf-8").startswith("<?xml")
    capsys.readouterr()
    assert main(args) == 0
    assert "disagreements:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stats", "{p}", "--transcript", "nope"], "nope"),
        (["transitions", "{p}", "--coder", "bob"], "bob"),
        (["agreement", "{p}", "--coders", "alex", "bob"], "bob"),
        (["agreement", "{p}", "--coders", "alex", "sam", "--transcript", "day_stay"], "in common"),
        (["agreement", "{p}", "--coders", "alex"], "two coders"),
        (["stats", "{p}", "-o", "{t}/out.docx"], ".csv, .xlsx or .md"),
        (["stats", "{p}", "-o", "{t}/missing/out.csv"], "folder does not exist"),
    ],
)
def test_errors_are_one_line(project, tmp_path, capsys, argv, message):
    argv = [a.format(p=project, t=tmp_path) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "fpmcoder: error:" in err and message in err
    assert "Traceback" not in err


def test_agreement_from_a_tidy_table(project, tmp_path, capsys):
    table = tmp_path / "codings.csv"
    assert main(["export", str(project), "-o", str(table)]) == 0
    capsys.readouterr()
    assert main(["agreement", str(table), "--coders", "alex", "sam"]) == 0
    captured = capsys.readouterr()
    assert "Left out" in captured.err and "day_stay" in captured.err
    assert "krippendorff_alpha" in captured.out
    assert main(["agreement", str(table), "--coders", "alex", "bob"]) == 2
    assert "bob" in capsys.readouterr().err


def test_transitions_lag_and_permutations(project, tmp_path, capsys):
    out = tmp_path / "lag2.csv"
    base = ["transitions", str(project), "--coder", "alex", "--pooled", "--lag", "2"]
    assert main([*base, "--permutations", "300", "--seed", "5", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert (table["lag"] == 2).all()
    assert {"odds_ratio", "or_ci_low", "or_ci_high", "p_value"} <= set(table.columns)
    seg_total = sum(
        len(sequences(project, t, "alex")) - 2
        for t in ("day_stay", "home_visit", "ongoing_relationship")
    )
    assert table["count"].sum() == seg_total
    again = tmp_path / "again.csv"
    assert main([*base, "--permutations", "300", "--seed", "5", "-o", str(again)]) == 0
    assert pd.read_csv(again)["p_value"].equals(table["p_value"])
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main([*base[:-2], "--lag", "9"])
    assert main([*base, "--level", "run", "--permutations", "10"]) == 2
    assert "segment level" in capsys.readouterr().err


def test_agreement_intervals_and_time(project, tmp_path, capsys):
    out = tmp_path / "agree.csv"
    args = ["agreement", str(project), "--coders", "alex", "sam", "--seed", "3"]
    assert main([*args, "-o", str(out)]) == 0
    s = pd.read_csv(out).set_index("measure")
    assert (
        s.loc["cohen_kappa", "ci_low"]
        < s.loc["cohen_kappa", "value"]
        < s.loc["cohen_kappa", "ci_high"]
    )
    assert {"gwet_ac1", "pabak"} <= set(s.index)
    again = tmp_path / "again.csv"
    assert main([*args, "-o", str(again)]) == 0
    assert pd.read_csv(again).equals(pd.read_csv(out))
    capsys.readouterr()
    assert main([*args, "--over", "time"]) == 0
    captured = capsys.readouterr()
    assert "unit: second" in captured.out and "each second" in captured.err


def test_transitions_diagram(project, tmp_path):
    fig = tmp_path / "diagram.svg"
    args = ["transitions", str(project), "--coder", "alex", "--pooled", "--diagram", str(fig)]
    assert main([*args, "--diagram-values", "residual", "--significant"]) == 0
    assert b"<svg" in fig.read_bytes()


def test_agreement_with_and_without_accepted_suggestions(tmp_path, capsys):
    """sam accepts suggestions on five segments (the same activity as alex): they count
    by default, and --without-suggestions compares only what sam coded by hand."""
    from fpmcoder.core import Suggested
    from fpmcoder.store import Project

    path = tmp_path / "s.fpmc"
    assert main(["demo", str(path)]) == 0
    with Project.open(path) as p:
        alex = p.codings("home_visit", "alex")
        segs = p.segments("home_visit")[:5]
        for seg in segs:
            p.assign_activity(seg.id, "sam", None)
            act = alex[seg.id].activity
            assert act is not None
            p.accept_suggestion(seg.id, "sam", act, Suggested("assist-1+test", 0.9))
    capsys.readouterr()

    def summary(*extra: str) -> tuple[pd.DataFrame, str]:
        out = tmp_path / f"a{len(extra)}.csv"
        args = ["agreement", str(path), "--coders", "alex", "sam", "--transcript", "home_visit"]
        assert main([*args, "--bootstrap", "0", *extra, "-o", str(out)]) == 0
        table = pd.read_csv(out)  # the summary; the other tables go beside it
        return table.set_index("measure"), capsys.readouterr().err

    with_them, note_with = summary()
    without, note_without = summary("--without-suggestions")
    assert "accepted suggestions are included (sam 5 segments)" in note_with
    assert "left out accepted suggestions (sam 5 segments)" in note_without
    n_with = with_them.loc["percent_agreement", "n_units"]
    assert without.loc["percent_agreement", "n_units"] == n_with - 5
    assert with_them.loc["percent_agreement", "value"] > without.loc["percent_agreement", "value"]
