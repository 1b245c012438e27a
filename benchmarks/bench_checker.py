"""The answer checker against the naive `simplify(sympify(e) - sympify(a)) == 0`, on the checker's corpus.

Run: python benchmarks/bench_checker.py [--timeout SECONDS]. Goal: 100% on the corpus, time ratio <= 0.2, and
no check over 2 s (the max column).

Both graders see the same (expected, answer) pairs from tests/checker_corpus.py, whose verdicts were set by hand.
The naive baseline maps "sympify raised" to invalid, "the difference simplifies to 0" to correct, anything else
to incorrect. It runs in a worker process that is killed after --timeout seconds on one pair (that pair then
counts as wrong and costs the full timeout); its time is measured inside the worker, so process start-up is not
charged to it. The checker is timed in this process, wall clock, including any child it forks for SymPy.
(The baseline sympifies the corpus's hostile strings; they are harmless here: `true`, `lambda: 1`.)
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from deckapp.answers.checker import check  # noqa: E402


def load_corpus():
    spec = importlib.util.spec_from_file_location("checker_corpus", REPO / "tests" / "checker_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


def naive_worker(connection) -> None:
    import sympy

    while True:
        job = connection.recv()
        if job is None:
            return
        expected, answer = job
        started = time.perf_counter()
        try:
            e, a = sympy.sympify(expected), sympy.sympify(answer)
        except Exception:  # any failure to read is the baseline's "invalid"
            status = "invalid"
        else:
            try:
                status = "correct" if sympy.simplify(e - a) == 0 else "incorrect"
            except Exception:  # vectors, equations: the baseline cannot compare them
                status = "incorrect"
        connection.send((status, time.perf_counter() - started))


class NaiveGrader:
    def __init__(self, timeout: float):
        self.timeout = timeout
        self.context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self.worker = None
        self.connection = None

    def start(self) -> None:
        self.connection, child_end = self.context.Pipe()
        self.worker = self.context.Process(target=naive_worker, args=(child_end,), daemon=True)
        self.worker.start()
        child_end.close()
        self.connection.send(("1", "1"))  # import SymPy before the clock starts
        self.connection.recv()

    def grade(self, expected: str, answer: str) -> tuple[str, float]:
        if self.worker is None:
            self.start()
        self.connection.send((expected, answer))
        if self.connection.poll(self.timeout):
            return self.connection.recv()
        self.worker.kill()
        self.worker.join()
        self.worker = None
        return "timeout", self.timeout

    def close(self) -> None:
        if self.worker is not None:
            self.connection.send(None)
            self.worker.join(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per pair for the naive baseline")
    args = parser.parse_args()
    cases = load_corpus()
    check("x^2", "x*x")  # warm-up: imports, as in a running session

    ours, ours_times = 0, []
    for case in cases:
        started = time.perf_counter()
        verdict = check(case.expected, case.answer, kind=case.kind, variables=case.variables)
        ours_times.append(time.perf_counter() - started)
        ours += verdict.status == case.status

    naive = NaiveGrader(args.timeout)
    right, naive_times, timeouts = 0, [], 0
    for case in cases:
        status, elapsed = naive.grade(case.expected, case.answer)
        naive_times.append(elapsed)
        right += status == case.status
        timeouts += status == "timeout"
    naive.close()

    n = len(cases)
    finished = [i for i, t in enumerate(naive_times) if t < args.timeout]
    ratio = sum(ours_times) / sum(naive_times)
    ratio_finished = sum(ours_times[i] for i in finished) / sum(naive_times[i] for i in finished)
    print(f"answer checker: {n} (expected, answer) pairs from tests/checker_corpus.py")
    print(f"  deckapp.answers.checker.check                    accuracy {ours}/{n} = {ours / n:6.1%}   "
          f"total {sum(ours_times):7.3f} s   median {statistics.median(ours_times) * 1000:7.2f} ms   "
          f"max {max(ours_times) * 1000:7.1f} ms")
    print(f"  naive simplify(sympify(e)-sympify(a))==0 accuracy {right}/{n} = {right / n:6.1%}   "
          f"total {sum(naive_times):7.3f} s   median {statistics.median(naive_times) * 1000:7.2f} ms   "
          f"timeouts {timeouts} (at {args.timeout:g} s)")
    print(f"  time ratio check/naive: {ratio:.3f}x (goal <= 0.2); "
          f"on the {len(finished)} pairs the baseline finished: {ratio_finished:.3f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
