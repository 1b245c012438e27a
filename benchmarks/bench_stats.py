"""`deckapp stats` on a store of 10,000 cards and 100,000 review rows (whole process) against
`deckapp --version`, and the in-process time to build today's queue.

Run: python benchmarks/bench_stats.py [--runs R]. Goal: ratio <= 1.3x.
The store's history belongs to the bundled deck (its 21 cards plus 9,979 cards that have since left it), so
stats reads every row of it; the queue is also built for an in-memory deck holding all 10,000 cards.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _util import REPO, time_processes

sys.path.insert(0, str(REPO))

from deckapp.deck import Card, Deck, load_deck  # noqa: E402
from deckapp.review.queue import build_queue  # noqa: E402
from deckapp.review.scheduler import schedule  # noqa: E402
from deckapp.review.store import open_store, stamp  # noqa: E402

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CARDS = 10_000
REVIEWS = 100_000


def fill_store(path: Path, deck: Deck) -> list[str]:
    """Ten reviews per card at random times over the last 200 days, so that today's reviews and the last
    30 days' are there to count; each is scheduled by SM-2 as a student would have graded it."""
    rng = random.Random(20261126)
    card_ids = [card.id for card in deck.cards]
    card_ids += [f"retired-{i}" for i in range(CARDS - len(card_ids))]
    log_rows, state_rows = [], []
    for card_id in card_ids:
        state = None
        learned = False
        moments = sorted(NOW - timedelta(minutes=rng.randrange(200 * 24 * 60)) for _ in range(REVIEWS // CARDS))
        for moment in moments:
            quality = rng.choice([1, 3, 4, 4, 5, 5])
            result = schedule("sm2", state, quality, moment)
            log_rows.append((stamp(moment), deck.id, card_id, quality, "sm2",
                             json.dumps(state) if state else None, "sm2" if state else None, None, int(learned),
                             None, json.dumps(result.state), stamp(result.due), None, None, 4000))
            state, learned = result.state, result.learned
        state_rows.append((deck.id, card_id, "sm2", json.dumps(state), stamp(result.due), int(learned),
                           stamp(moment)))
    with open_store(path) as store:
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO review_log (reviewed_at, deck_id, card_id, quality, scheduler, state_before, "
            "scheduler_before, due_before, learned_before, last_reviewed_before, state_after, due_after, answer, "
            "seed, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log_rows)
        conn.executemany("INSERT INTO card_state VALUES (?, ?, ?, ?, ?, ?, ?)", state_rows)
        conn.execute("COMMIT")
    return card_ids


def best_of(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    bundled = load_deck(REPO / "decks" / "mfdl-lecture-02.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.sqlite3"
        card_ids = fill_store(db, bundled)
        env = {"DECKAPP_DB": str(db), "DECKAPP_NOW": NOW.isoformat()}
        version, stats = time_processes([[sys.executable, "-m", "deckapp", "--version"],
                                         [sys.executable, "-m", "deckapp", "stats"]], args.runs, env)
        big = Deck(bundled.id, "all 10,000 cards", tuple(Card(i, i, back="b") for i in card_ids))
        with open_store(db) as store:
            rows = store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
            states = store.conn.execute("SELECT COUNT(*) FROM card_state").fetchone()[0]
            small_queue = best_of(lambda: build_queue(store, bundled, NOW), args.runs)
            big_queue = best_of(lambda: build_queue(store, big, NOW), args.runs)
    print(f"store: {states:,} cards, {rows:,} review rows; median of {args.runs} runs per command")
    print(f"baseline  deckapp --version, whole process: {version * 1000:8.1f} ms")
    print(f"deckapp stats, whole process:              {stats * 1000:8.1f} ms")
    print(f"ratio: {stats / version:.2f}x (goal <= 1.3x)")
    print(f"today's queue, in process: {small_queue * 1000:.2f} ms for the 21-card deck, "
          f"{big_queue * 1000:.1f} ms for a 10,000-card deck")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
