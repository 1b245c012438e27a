"""Shared helpers for the benchmarks: time whole processes, several runs, in the same session."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Installed packages run from compiled bytecode; so do the benchmarks, even where the environment turns it off.
PYCACHE = Path(tempfile.gettempdir()) / "deckapp-bench-pycache"


def time_processes(commands: list[list[str]], runs: int, env: dict | None = None,
                   before: Callable[[], None] | None = None) -> list[float]:
    """Median wall time of each command over `runs` runs, in seconds, after one warm-up run of each (which also
    compiles). The commands take turns run by run, so a burst of load on this shared machine falls on all of
    them rather than on whichever happened to be running. `before`, if given, runs (untimed) before every run."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE), **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: list[list[float]] = [[] for _ in commands]
    for attempt in range(runs + 1):
        for argv, kept in zip(commands, times, strict=True):
            if before is not None:
                before()
            start = time.perf_counter()
            result = subprocess.run(argv, env=full_env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"benchmark command failed ({result.returncode}): {' '.join(argv)}\n{result.stderr}")
            if attempt:
                kept.append(elapsed)
    return [statistics.median(kept) for kept in times]
