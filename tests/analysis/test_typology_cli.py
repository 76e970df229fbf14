"""``fpmcoder typology`` on a tidy table of transcripts of two kinds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _seqhelp import LETTERS

from fpmcoder.cli import main

# sustained focus (day-stay-like) and rapid shifting (home-visit-like)
KINDS = {
    "sustained": [
        "LLLLLLMMMMMAAAAPPP",
        "LLLLLLLMMMMAAAAAPP",
        "LLLLLMMMMMMAAAPPPPP",
        "LLLLLL-MMMMAAAAPPP",
    ],
    "shifting": ["LMLMAMLAPLMAMLPAMA", "MLMALMAPLMLAMAPLMA", "LMAMLMAPMLAMLPAMLA"],
}


@pytest.fixture
def table(tmp_path):
    rows = []
    for kind, texts in KINDS.items():
        for i, text in enumerate(texts):
            for n, c in enumerate(text, start=1):
                rows.append(
                    {
                        "transcript": f"{kind}_{i}",
                        "segment": n,
                        "coder": "alex",
                        "activity": LETTERS[c] or "",
                        "setting": kind,
                    }
                )
    path = tmp_path / "coded.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_typology_auto_writes_clusters_and_distances(table, tmp_path, capsys):
    out, dist = tmp_path / "clusters.csv", tmp_path / "d.csv"
    assert main(["typology", str(table), "-o", str(out), "--distances", str(dist)]) == 0
    captured = capsys.readouterr()
    assert "quality of k clusters" in captured.out
    assert "1 uncoded segments left out" in captured.err
    clusters = pd.read_csv(out).set_index("sequence")
    quality = pd.read_csv(tmp_path / "clusters-quality.csv")
    assert quality["k"].tolist() == list(range(2, 7))  # 7 transcripts: k up to 6
    assert {"ASW", "PBC", "HC"} <= set(quality.columns)
    assert {"cluster", "medoid", "distance_to_medoid", "silhouette"} <= set(clusters.columns)
    kinds = clusters.groupby("setting")["cluster"].nunique()
    assert (kinds == 1).all() and clusters["cluster"].nunique() == 2
    d = pd.read_csv(dist, index_col=0)
    assert list(d.index) == list(d.columns) == list(clusters.index)
    assert np.allclose(d.to_numpy(), d.to_numpy().T)
    # each medoid is at distance 0 from itself and has the smallest sum within its cluster
    for _, group in clusters.groupby("cluster"):
        members = list(group.index)
        sums = d.loc[members, members].sum(axis=1)
        assert group["medoid"].iloc[0] == sums.idxmin()


def test_typology_fixed_k_pam_trate(table, capsys):
    args = ["typology", str(table), "--method", "pam", "--clusters", "3", "--costs", "trate"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "3 clusters (pam; om, trate costs)" in out
    assert "quality of k clusters" not in out


def test_typology_errors(table, tmp_path, capsys):
    assert main(["typology", str(table), "--distance", "hamming"]) == 2
    assert "equal length" in capsys.readouterr().err
    assert main(["typology", str(table), "--clusters", "30"]) == 2
    assert "give 2 to 6" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["typology", str(table), "--clusters", "many"])


def test_typology_figure(table, tmp_path):
    fig = tmp_path / "index.svg"
    assert main(["typology", str(table), "--figure", str(fig)]) == 0
    first = fig.read_bytes()
    assert b"<svg" in first
    assert main(["typology", str(table), "--figure", str(fig)]) == 0
    assert fig.read_bytes() == first  # deterministic
    assert main(["typology", str(table), "--figure", str(tmp_path / "x.doc")]) == 2


def test_chronogram_command(table, tmp_path):
    fig, shares = tmp_path / "chrono.png", tmp_path / "shares.csv"
    args = ["chronogram", str(table), "--by", "setting", "--bins", "5", "-o", str(fig)]
    assert main([*args, "--table", str(shares)]) == 0
    assert fig.stat().st_size > 0
    df = pd.read_csv(shares)
    assert set(df.group) == {"sustained", "shifting"}
    assert np.allclose(df.groupby(["group", "bin"])["share"].sum(), 1.0)
    # sustained transcripts start in locating and end in planning
    sus = df[df.group == "sustained"].set_index(["bin", "activity"])["share"]
    assert sus[1, "locating"] == 1.0 and sus[5, "planning"] > 0.5
    assert main(["chronogram", str(table), "--bins", "0", "-o", str(fig)]) == 2
