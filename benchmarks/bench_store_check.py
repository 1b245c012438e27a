"""What the integrity check costs when a store is opened for writing (`PRAGMA quick_check`, as the study app
opens it) against opening it without the check, on the issue's 6,000-review store and on bench_stats.py's
store of 10,000 cards and 100,000 reviews; and `deckapp doctor`'s full check of the larger one.

Run: python benchmarks/bench_store_check.py [--runs R]. `deckapp stats` that only reads does not check; see
bench_stats.py for its start-up against `deckapp --version`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from _util import REPO, time_processes
from bench_stats import NOW, best_of, fill_store

sys.path.insert(0, str(REPO))

from deckapp.deck import load_deck  # noqa: E402
from deckapp.review.database import connect  # noqa: E402
from deckapp.review.store import open_store  # noqa: E402


def opened(db: Path, check: bool) -> None:
    connect(str(db), check=check).close()


def issue_store(db: Path) -> None:
    with open_store(db) as store:
        for i in range(6000):
            store.review("mfdl-lecture-02", f"card-{i % 300}", "sm2", 4, NOW - timedelta(minutes=3 * i))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small.sqlite3", Path(tmp) / "large.sqlite3"
        issue_store(small)
        fill_store(large, load_deck(REPO / "decks" / "mfdl-lecture-02.yaml"))
        print(f"best of {args.runs} runs, in process")
        for name, db in (("6,000 reviews", small), ("100,000 reviews", large)):
            megabytes = os.path.getsize(db) / 1e6
            bare = best_of(lambda db=db: opened(db, False), args.runs) * 1000
            checked = best_of(lambda db=db: opened(db, True), args.runs) * 1000
            print(f"{name} ({megabytes:.1f} MB): open {bare:.2f} ms, open + quick_check {checked:.2f} ms "
                  f"(the check: {checked - bare:.2f} ms, {(checked - bare) / megabytes:.2f} ms/MB; "
                  f"ratio {checked / bare:.1f}x)")
        env = {"DECKAPP_DB": str(large), "DECKAPP_NOW": NOW.isoformat()}
        version, doctor = time_processes([[sys.executable, "-m", "deckapp", "--version"],
                                          [sys.executable, "-m", "deckapp", "doctor"]], max(3, args.runs // 3), env)
        print(f"deckapp doctor (full integrity_check) on 100,000 reviews, whole process: {doctor * 1000:.0f} ms "
              f"(deckapp --version: {version * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
