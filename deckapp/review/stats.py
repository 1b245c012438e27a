"""Per-deck statistics: what is new, due and learned, how much was reviewed, retention, and a forecast.

Computed straight from the store's tables with the standard library only: `deckapp stats` should start about
as fast as `deckapp --version` (see benchmarks/bench_stats.py), so nothing here imports the deck parser, the
schedulers or dataclasses.
"""

from __future__ import annotations

import os
import sqlite3
from bisect import bisect_right
from datetime import date, datetime, timedelta

from deckapp.errors import DeckappError, Problems, UsageError
from deckapp.review.database import read_transaction, reading, stamp
from deckapp.review.day import later_day_start

FORECAST_DAYS = 14
RETENTION_DAYS = 30


def report(refs: list[str], db: str, now: datetime, skipped: list[str] | None = None) -> list[dict]:
    """`deckapp stats`: the figures of the bundled decks, the library's (`deckapp add`) and the deck files and
    folders in `refs`, from the store at `db`. Every bundled or given deck with errors is reported (Problems,
    exit 1), and two different files given with one id are refused; a library deck that went missing or has
    errors is left out, its problem lines appended to `skipped`. A store that does not exist yet (or is an empty
    file) is made only once every deck was read without error, and then remembers them. Any failure of the store
    is a StoreError naming it; a damaged store is refused before the index is written to it (and only then:
    reading needs no check)."""
    try:
        return _report(refs, db, now, [] if skipped is None else skipped)
    except sqlite3.Error as exc:
        from deckapp.review.failures import failure

        raise failure(db, exc, "cannot read the store") from None


def _report(refs: list[str], db: str, now: datetime, skipped: list[str]) -> list[dict]:
    from deckapp import paths
    from deckapp.deck.library import gone, latest_by_id, remembered_if_any
    from deckapp.review.database import connect
    from deckapp.review.deck_index import remember, summary

    given = paths.unique_files(paths.deck_files(refs))
    conn = connect(db, check=False) if os.path.isfile(db) and os.path.getsize(db) else None
    try:
        problems: list[str] = []
        found = [_summary(conn, path, problems) for path in paths.bundled_deck_paths()]  # in Home's order
        for item in remembered_if_any():
            try:
                found.append(summary(conn, item["path"]))
            except DeckappError as exc:  # Home shows it on the deck's row; the other decks are still counted
                exists = os.path.exists(item["path"])
                skipped += exc.lines() if exists else UsageError(gone(item["path"], item["id"])).lines()
        shown = [_summary(conn, path, problems) for path in given]
        if problems:
            raise Problems(problems)
        first: dict[str, str] = {}
        for path, deck in zip(given, shown, strict=True):
            if first.setdefault(deck.id, path) != path:
                raise UsageError(f"{path}: deck id '{deck.id}' is also used by {first[deck.id]}; give one of them")
        found += shown
        if conn is None:
            conn = connect(db)
            remember(conn, found)
        with read_transaction(conn):  # all decks' figures from one snapshot of the store
            return [deck_stats(conn, deck, now) for deck in latest_by_id(found)]
    finally:
        if conn is not None:
            conn.close()


def _summary(conn: sqlite3.Connection | None, path: str, problems: list[str]):
    """The deck file's summary; None for a deck with errors, its lines added to `problems` (to report every bad
    deck at once). An unreadable file stops the report."""
    from deckapp.review.deck_index import summary

    try:
        return summary(conn, path)
    except DeckappError as exc:
        if exc.exit_code != 1:
            raise
        problems += exc.lines()
        return None


def deck_stats(conn: sqlite3.Connection, deck, now: datetime) -> dict:
    """The `deckapp stats` figures for `deck` (a Deck, or a DeckSummary: anything with `id`, `title` and
    `card_ids_json`).

    Cards that left the deck keep their history but are not counted, except in `reviews`, which counts every log
    row of the deck. A card is due on the study day its due time falls in; one graded 3 under SM-2 and awaiting
    its same-day repeat is due today (as `deckapp.review.queue.is_due_by` has it).
    """
    with reading(conn), read_transaction(conn):  # every figure from one snapshot, though reviews go on meanwhile
        card_ids = deck.card_ids_json
        cards = conn.execute("SELECT json_array_length(?)", (card_ids,)).fetchone()[0]
        day_start = later_day_start(now, 0)
        # Stamps are UTC ISO 8601 text of one width, so comparing them as text compares the times.
        day_ends = [stamp(later_day_start(now, k + 1)) for k in range(FORECAST_DAYS)]
        forecast = [0] * FORECAST_DAYS
        reviewed = learned = 0
        rows = conn.execute(
            "SELECT due, learned, scheduler = 'sm2' AND json_extract(state, '$.needs_extra_review') FROM card_state "
            "WHERE deck_id = ? AND card_id IN (SELECT value FROM json_each(?))", (deck.id, card_ids))
        for due, is_learned, repeat_today in rows:
            reviewed += 1
            learned += bool(is_learned)
            day = 0 if repeat_today else bisect_right(day_ends, due)
            if day < FORECAST_DAYS:
                forecast[day] += 1
        reviews = conn.execute("SELECT COALESCE(SUM(reviews), 0) FROM review_days WHERE deck_id = ?",
                               (deck.id,)).fetchone()[0]
        reviews_today = conn.execute(  # not those dated after now, should the clock have moved back
            "SELECT COUNT(*) FROM review_log WHERE deck_id = ? AND reviewed_at >= ? AND reviewed_at <= ?",
            (deck.id, stamp(day_start), stamp(now))).fetchone()[0]
        of_learned, passed = learned_reviews_since(conn, deck.id, now - timedelta(days=RETENTION_DAYS))
    return {
        "id": deck.id,
        "title": deck.title,
        "cards": cards,
        "new": cards - reviewed,
        "due": forecast[0],
        "learned": learned,
        "reviews": reviews,
        "reviews_today": reviews_today,
        "retention": round(passed / of_learned, 4) if of_learned else None,
        "forecast": forecast,
    }


def learned_reviews_since(conn: sqlite3.Connection, deck_id: str, since: datetime) -> tuple[int, int]:
    """(reviews of already-learned cards at or after `since`, how many of them were graded 3 or more).

    Whole UTC days after the one `since` falls in come from the per-day counts; that first day is counted row by
    row from `since` on (review_days keys are the first ten characters of the UTC stamps: their dates)."""
    start = stamp(since)
    first_day = start[:10]
    next_day = (date.fromisoformat(first_day) + timedelta(days=1)).isoformat()  # sorts before that day's stamps
    days_learned, days_passed = conn.execute(
        "SELECT COALESCE(SUM(learned), 0), COALESCE(SUM(learned_passed), 0) FROM review_days "
        "WHERE deck_id = ? AND day > ?", (deck_id, first_day)).fetchone()
    rows_learned, rows_passed = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(quality >= 3), 0) FROM review_log "
        "WHERE deck_id = ? AND reviewed_at >= ? AND reviewed_at < ? AND learned_before = 1",
        (deck_id, start, next_day)).fetchone()
    return days_learned + rows_learned, days_passed + rows_passed


def reviews_per_day(conn: sqlite3.Connection, deck_id: str, now: datetime, days: int = 365) -> list[int]:
    """How many reviews of the deck were logged on each of the last `days` study days (04:00 to 04:00 local
    time), the oldest first and today last: the calendar heatmap of the app's stats screen."""
    starts = [stamp(later_day_start(now, -back)) for back in range(days - 1, -1, -1)]
    counts = [0] * days
    with reading(conn):
        for (reviewed_at,) in conn.execute("SELECT reviewed_at FROM review_log WHERE deck_id = ? AND reviewed_at >= ?",
                                           (deck_id, starts[0])):
            counts[bisect_right(starts, reviewed_at) - 1] += 1
    return counts
