"""Exercise generation: median and p95 per generator and difficulty, warm, in this process.

Run: python benchmarks/bench_exercises.py [--seeds N]. Goal: median <= 5 ms and p95 <= 20 ms for every generator.
Generation is part of every exercise review and of homework for a whole class. Each generator first runs once
(imports, caches); then N fresh seeds per difficulty are timed one by one. The baseline, measured in the same
run, is `sympy.diff` of one small polynomial, what a SymPy-based generator spent at the least.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deckapp.exercises import GENERATOR_NAMES, generate  # noqa: E402

GOAL_MEDIAN, GOAL_P95 = 5.0, 20.0


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed(call, seeds) -> list[float]:
    times = []
    for seed in seeds:
        start = time.perf_counter()
        call(seed)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=200)
    seeds = range(10_000, 10_000 + parser.parse_args().seeds)
    import sympy

    x = sympy.Symbol("x")
    baseline = timed(lambda s: sympy.diff(s % 7 * x**3 + 2 * x, x), seeds)
    print(f"baseline sympy.diff of a cubic: median {statistics.median(baseline):.2f} ms, p95 {p95(baseline):.2f} ms")
    print(f"{'generator':<20} {'median ms':>10} {'p95 ms':>8}  goal (median <= {GOAL_MEDIAN:g}, p95 <= {GOAL_P95:g})")
    failed = False
    for name in GENERATOR_NAMES:
        for difficulty in (1, 2, 3):
            generate(name, 0, difficulty)  # warm
        times = [t for d in (1, 2, 3) for t in timed(lambda s, d=d, n=name: generate(n, s, d), seeds)]
        median, high = statistics.median(times), p95(times)
        ok = median <= GOAL_MEDIAN and high <= GOAL_P95
        failed |= not ok
        print(f"{name:<20} {median:>10.2f} {high:>8.2f}  {'ok' if ok else 'OVER'}")
    print("every generator within the goal" if not failed else "some generators are over the goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
