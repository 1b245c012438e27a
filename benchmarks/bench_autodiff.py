"""Benchmark: deckapp's autodiff engine against micrograd 0.1.0, measured in the same run.

The graph: TERMS terms relu(a*b + c) * d with fresh inputs a, b, c, d each, summed pairwise (a balanced tree of
additions); one run builds it (the forward pass, which in deckapp also records every local gradient) and runs
backward. Both engines get the same numbers; runs alternate between them, each after a full garbage collection.
The figure is deckapp's time as a fraction of micrograd's (goal: at most 0.75x), with Python's cyclic garbage
collector on (as programs run) and paused (micrograd's per-node closures make reference cycles that the
collector keeps scanning, so the paused figure compares the engines' own work).

    python -m pip install -e '.[bench]'    # micrograd==0.1.0
    python benchmarks/bench_autodiff.py [--terms 20000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # measure this checkout's deckapp

from deckapp.autodiff import Var  # noqa: E402

GOAL = 0.75


def pairwise_sum(terms: list):
    while len(terms) > 1:
        paired = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        if len(terms) % 2:
            paired.append(terms[-1])
        terms = paired
    return terms[0]


def run(make, numbers: list[tuple[float, float, float, float]]) -> tuple[float, float, object, list]:
    """Build and differentiate the graph once with the leaf type `make`: (build s, backward s, output, the a's)."""
    start = time.perf_counter()
    terms = []
    firsts = []
    for a, b, c, d in numbers:
        a, b, c, d = make(a), make(b), make(c), make(d)
        terms.append((a * b + c).relu() * d)
        firsts.append(a)
    out = pairwise_sum(terms)
    built = time.perf_counter()
    out.backward()
    done = time.perf_counter()
    return built - start, done - built, out, firsts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        from importlib.metadata import version

        from micrograd.engine import Value
    except ImportError:
        print("bench_autodiff: micrograd is not installed; install the baseline with "
              "python -m pip install -e '.[bench]'  (or: python -m pip install micrograd==0.1.0)", file=sys.stderr)
        return 2
    baseline = f"micrograd {version('micrograd')}"

    rng = random.Random(20240501)
    numbers = [tuple(rng.uniform(-1.0, 1.0) for _ in range(4)) for _ in range(args.terms)]
    engines = {baseline: Value, "deckapp.autodiff": Var}
    _, _, mg_out, mg_leaves = run(Value, numbers)
    _, _, our_out, our_leaves = run(Var, numbers)
    value_ok = abs(mg_out.data - our_out.value) <= 1e-9 * max(1.0, abs(mg_out.data))
    grads_ok = all(abs(m.grad - o.grad) <= 1e-12 for m, o in zip(mg_leaves, our_leaves, strict=True))
    if not (value_ok and grads_ok):
        print("bench_autodiff: the two engines disagree on the value or the gradients", file=sys.stderr)
        return 1
    del mg_out, mg_leaves, our_out, our_leaves  # no graph stays alive while the other engine is timed

    nodes = 4 * args.terms + 4 * args.terms + (args.terms - 1)
    print(f"autodiff benchmark: {args.terms:,} terms relu(a*b + c) * d summed pairwise ({nodes:,} nodes), "
          f"build + backward, {args.repeats} alternating runs per engine")
    ratios = {}
    for mode in ("default", "paused"):
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in engines}
        for _ in range(args.repeats):
            for name, make in engines.items():
                gc.collect()
                if mode == "paused":
                    gc.disable()
                try:
                    build, backward, _, _ = run(make, numbers)
                finally:
                    gc.enable()
                times[name].append((build, backward))
        print(f"\ncyclic garbage collector {'on (as Python runs by default)' if mode == 'default' else 'paused'}:")
        print(f"{'engine':<18}  {'build':>8}  {'backward':>8}  {'best':>8}  {'median':>8}")
        best, median = {}, {}
        for name, runs in times.items():
            totals = [b + w for b, w in runs]
            best[name], median[name] = min(totals), statistics.median(totals)
            fastest = runs[totals.index(best[name])]
            print(f"{name:<18}  {fastest[0]:>7.3f}s  {fastest[1]:>7.3f}s  {best[name]:>7.3f}s  {median[name]:>7.3f}s")
        ratios[mode] = (best["deckapp.autodiff"] / best[baseline], median["deckapp.autodiff"] / median[baseline])
        print(f"time ratio deckapp.autodiff / {baseline}: {ratios[mode][0]:.2f}x best, {ratios[mode][1]:.2f}x median")

    worst = max(ratios["default"][0], ratios["paused"][0])
    print(f"\nresult: {ratios['default'][0]:.2f}x micrograd's time (best run, default GC; {ratios['paused'][0]:.2f}x "
          f"with GC paused); goal <= {GOAL}x: {'met' if worst <= GOAL else 'NOT met'}. Same value and gradients; "
          "deckapp also records every node's local gradients.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
