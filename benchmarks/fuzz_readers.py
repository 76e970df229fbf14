"""Fuzz every reader for as long as you like: mutated real and sample files of every format.

    python benchmarks/fuzz_readers.py --inputs 200000 [--seed 1] [--no-realdata]
        [--max-seed-bytes 300000]

Prints inputs per second and how many inputs ended in each outcome (read, or which
fpmcoder error), every 10,000 inputs and at the end. Any exception that is not an
fpmcoder error, anything printed, or an input slower than ``--timeout`` seconds is a bug:
the input is saved under ``--out`` (default /tmp/fpmcoder-fuzz) with its traceback, and the
run goes on. The address space is capped (``--memory`` MB) so a blow-up shows as MemoryError.
Exit status 1 when any such input was found.
"""

from __future__ import annotations

import argparse
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "io"))

import fuzzing


class Slow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Slow("input took longer than the timeout")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--memory", type=int, default=3000, help="address-space cap, MB")
    parser.add_argument("--out", type=Path, default=Path("/tmp/fpmcoder-fuzz"))
    parser.add_argument("--no-realdata", action="store_true")
    parser.add_argument(
        "--max-seed-bytes", type=int, default=None, help="leave out larger seeds (faster)"
    )
    args = parser.parse_args()
    cap = args.memory * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    signal.signal(signal.SIGALRM, _alarm)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fpmcoder-fuzz-"))
    seeds = fuzzing.seeds(work, realdata=not args.no_realdata, max_bytes=args.max_seed_bytes)
    data = {s: s.path.read_bytes() for s in seeds}
    print(f"{len(seeds)} seeds: " + ", ".join(sorted({s.path.suffix for s in seeds})))
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    per_format: Counter[str] = Counter()
    bad = 0
    started = time.perf_counter()
    folder = fuzzing.fresh_folder(work / "inputs")
    for n in range(1, args.inputs + 1):
        seed = rng.choice(seeds)
        ops = fuzzing.random_ops(rng)
        blob, suffix = fuzzing.mutated(
            seed, data[seed], ops, rng.randrange(1 << 16), rng.randrange(1 << 16)
        )
        signal.alarm(args.timeout)
        try:
            outcome = fuzzing.run_one(seed, blob, suffix, folder)
        except Slow as exc:
            outcome = fuzzing.Outcome("foreign", exc, "")
        finally:
            signal.alarm(0)
        kind = outcome.kind
        if outcome.printed and kind != "foreign":
            kind = "printed"
        counts[kind] += 1
        per_format[seed.path.suffix.lower()] += 1
        if kind in ("foreign", "printed"):
            bad += 1
            stem = args.out / f"{n:07d}-{seed.path.stem}"
            Path(f"{stem}{suffix}").write_bytes(blob)
            err = outcome.error
            text = "".join(traceback.format_exception(err)) if err else ""
            text += f"\nprinted:\n{outcome.printed}" if outcome.printed else ""
            Path(f"{stem}.txt").write_text(
                f"seed: {seed.path}\nreader: {seed.reader}\nops: {ops}\n\n{text}", encoding="utf-8"
            )
            print(
                f"  {kind.upper()} #{n}: {type(err).__name__}: {err} -> {stem}{suffix}", flush=True
            )
        if n % 10_000 == 0 or n == args.inputs:
            rate = n / (time.perf_counter() - started)
            print(
                f"{n:,} inputs, {rate:,.0f}/s: "
                + ", ".join(f"{k} {v:,}" for k, v in counts.most_common()),
                flush=True,
            )
    print("by seed format: " + ", ".join(f"{k} {v:,}" for k, v in per_format.most_common()))
    print(f"{bad} input(s) ended in an exception that is not fpmcoder's or printed something")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
