"""A team's project on a PostgreSQL server, over loopback, beside the file backend.

Run (a server with a superuser login; ``source .ci/postgres.sh`` starts a throw-away one):
    FPMCODER_TEST_POSTGRES=postgresql://postgres:PW@127.0.0.1:54329/postgres \\
        .venv/bin/python benchmarks/bench_server.py [--seconds 60] [--coders 10]

Targets (issue 9), with synchronous_commit=on:
- a coding key to a committed write: median under 5 ms (the file backend printed beside);
- 10 coders coding at once, 5 codings a second each, for 60 s: no error, no loss, p99 under
  50 ms;
- opening a 1,000-transcript, 200,000-segment server project to the window under 1 s.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from fpmcoder.core import Transcript, Turn
from fpmcoder.store import Project
from fpmcoder.store.server import add_coder, init_server

PASSWORD = "bench-password"


def url_for(admin: str, db: str, user: str | None = None) -> str:
    from psycopg.conninfo import conninfo_to_dict

    p = conninfo_to_dict(admin)
    user = user or str(p["user"])
    pw = PASSWORD if user != p["user"] else p.get("password", "")
    return f"postgresql://{user}:{pw}@{p['host']}:{p['port']}/{db}"


def fresh(admin: str, db: str, logins: list[str]) -> str:
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (db,)
        )
        c.execute(f'DROP DATABASE IF EXISTS "{db}"')
        for name in [*logins, f"{db}_lead", f"{db}_coder", f"{db}_viewer"]:
            c.execute(f'DROP ROLE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{db}"')
        print(
            f"  server: synchronous_commit = {c.execute('SHOW synchronous_commit').fetchone()[0]}"
        )
    url = url_for(admin, db)
    init_server(url)
    for name in logins:
        add_coder(url, name, "coder", PASSWORD)
    return url


def transcript(title: str, n: int) -> Transcript:
    return Transcript(
        title,
        tuple(
            Turn(
                "Nurse" if i % 2 else "Mother",
                f"turn {i} of {title}: we tried settling.",
                i * 4.0,
                i * 4.0 + 3,
            )
            for i in range(n)
        ),
    )


def key_latency(project: Project, coder: str, n: int = 400) -> list[float]:
    segs = project.segments(project.transcripts()[0].id)
    acts = ["locating", "meaning", "live_action", "planning"]
    times = []
    for i in range(n):
        seg = segs[i % len(segs)]
        start = time.perf_counter()
        project.assign_activity(seg.id, coder, acts[i % 4])
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    q = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]  # noqa: E731
    return (
        f"{label}: n={len(ms)} median {statistics.median(ms):.2f} ms, p95 {q(0.95):.2f} ms, "
        f"p99 {q(0.99):.2f} ms, max {ms[-1]:.2f} ms"
    )


def _coder(url: str, coder: str, seconds: float, rate: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    project = Project.open(url)
    segs = project.segments("shared")
    acts = ["locating", "meaning", "live_action", "planning"]
    lat, errors, done = [], [], []
    start = time.perf_counter()
    i = 0
    while True:
        due = start + i / rate
        now = time.perf_counter()
        if now - start >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        seg = segs[i % len(segs)]
        t0 = time.perf_counter()
        try:
            project.assign_activity(seg.id, coder, acts[(i // len(segs)) % 4])
            lat.append((time.perf_counter() - t0) * 1000)
            done.append((seg.id, acts[(i // len(segs)) % 4]))
        except Exception as exc:  # counted and reported, never hidden
            errors.append(repr(exc))
        i += 1
    project.close()
    last = dict(done)
    out.put((coder, lat, errors, last))


def concurrent(admin: str, coders: int, seconds: float) -> None:
    logins = [f"bench_c{i}" for i in range(coders)]
    url = fresh(admin, "fpmc_bench_team", logins)
    with Project.open(url) as lead:
        lead.add_transcripts([transcript("shared", 400)])
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    procs = [
        mp.Process(target=_coder, args=(url_for(admin, "fpmc_bench_team", c), c, seconds, 5.0, q))
        for c in logins
    ]
    for p in procs:
        p.start()
    results = [q.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    lat = [x for _, times, _, _ in results for x in times]
    errors = [e for _, _, errs, _ in results for e in errs]
    lost = 0
    with Project.open(url) as lead:
        for coder, _, _, last in results:
            stored = lead.codings("shared", coder)
            lost += sum(
                1
                for sid, act in last.items()
                if stored.get(sid) is None or stored[sid].activity != act
            )
    print(
        f"  {coders} coders x 5 codings/s x {seconds:.0f} s: {len(lat)} codings, {len(errors)} errors, {lost} lost"
    )
    print("  " + describe("latency under load", lat))
    if errors:
        print("  first error:", errors[0])


def big_open(admin: str, n_transcripts: int, per: int) -> None:
    url = fresh(admin, "fpmc_bench_big", [])
    t0 = time.perf_counter()
    with Project.open(url) as lead:
        batch = 50
        for b in range(0, n_transcripts, batch):
            lead.add_transcripts([transcript(f"visit {i:04d}", per) for i in range(b, b + batch)])
        segs = lead.segments("visit 0000")
        for s in segs[:50]:
            lead.assign_activity(s.id, "postgres", "meaning")
    print(
        f"  built {n_transcripts} transcripts x {per} segments in {time.perf_counter() - t0:.1f} s"
    )
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        with Project.open(url) as p:
            infos = p.transcripts()
            first = infos[0].id
            _ = p.codebook
            p.coders()
            p.transcript(first)
            p.segments(first)
            p.codings(first, "postgres")
            p.coded_counts()
        runs.append((time.perf_counter() - start) * 1000)
    print(
        f"  open + list {len(infos)} transcripts + first transcript's codings: median {statistics.median(runs):.0f} ms (store)"
    )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from fpmcoder.qt import create_main_window

    wins = []
    for _ in range(3):
        start = time.perf_counter()
        w = create_main_window(url)
        w.show()
        app.processEvents()
        wins.append((time.perf_counter() - start) * 1000)
        w.close()
        w.deleteLater()
        app.processEvents()
    print(f"  the window on that project, shown: median {statistics.median(wins):.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("FPMCODER_TEST_POSTGRES"))
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--coders", type=int, default=10)
    ap.add_argument("--transcripts", type=int, default=1000)
    ap.add_argument("--segments", type=int, default=200)
    args = ap.parse_args()
    if not args.url:
        sys.exit("bench_server: give --url or set FPMCODER_TEST_POSTGRES (a superuser URL)")

    print("1. a coding key to a committed write")
    url = fresh(args.url, "fpmc_bench_key", ["bench_alex"])
    with Project.open(url) as lead:
        lead.add_transcripts([transcript("visit", 200)])
    with Project.open(url_for(args.url, "fpmc_bench_key", "bench_alex")) as p:
        key_latency(p, "bench_alex", 50)  # warm
        print("  " + describe("server (loopback, as a coder)", key_latency(p, "bench_alex")))
    with tempfile.TemporaryDirectory() as tmp, Project.create(Path(tmp) / "k.fpmc") as f:
        f.add_transcripts([transcript("visit", 200)])
        key_latency(f, "alex", 50)
        print("  " + describe("file (SQLite, synchronous=FULL)", key_latency(f, "alex")))

    print("2. coders coding at once")
    concurrent(args.url, args.coders, args.seconds)

    print("3. opening a big server project")
    big_open(args.url, args.transcripts, args.segments)


if __name__ == "__main__":
    main()
