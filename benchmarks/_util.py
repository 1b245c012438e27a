"""Shared helpers for the benchmarks: time whole processes, several runs, in the same session."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Installed packages run from compiled bytecode; so do the benchmarks, even where the environment turns it off.
PYCACHE = Path(tempfile.gettempdir()) / "deckapp-bench-pycache"


def time_process(argv: list[str], runs: int, env: dict | None = None) -> float:
    """Median wall time of `argv` over `runs` runs (after one warm-up run, which also compiles), in seconds."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE), **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    times = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(argv, env=full_env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0,):
            sys.exit(f"benchmark command failed ({result.returncode}): {' '.join(argv)}\n{result.stderr}")
        if attempt:
            times.append(elapsed)
    return statistics.median(times)
