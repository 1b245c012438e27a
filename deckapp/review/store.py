"""The review store: per-card scheduling state and an append-only review log, in SQLite.

Every grade is one IMMEDIATE transaction that reads the card's state, applies the scheduler, appends the log
row and writes the new state, committed before the caller moves on, so a killed process loses nothing graded.
WAL mode and a busy timeout let two processes share one store. Times are stored as UTC ISO 8601 text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deckapp.review.database import (  # noqa: F401 - StoreError, MIGRATIONS and latest_schema are part of this API
    BUSY_TIMEOUT,
    MIGRATIONS,
    StoreError,
    connect,
    latest_schema,
    reported,
    stamp,
    unstamp,
    write_transaction,
)
from deckapp.review.scheduler import is_learned, schedule


@dataclass(frozen=True)
class CardRecord:
    """A reviewed card's scheduling state."""

    scheduler: str
    state: dict
    due: datetime
    learned: bool
    last_reviewed: datetime


@dataclass(frozen=True)
class ReviewRow:
    """One row of the review log."""

    id: int
    reviewed_at: datetime
    deck_id: str
    card_id: str
    quality: int
    scheduler: str
    before: CardRecord | None
    after: CardRecord
    answer: str | None = None
    seed: int | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class DayCounts:
    new_introduced: int  # cards seen for the first time this study day
    reviewed: int  # cards that were not new, reviewed this study day


class Store:
    """An open review store. Use `open_store(path)`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _reported(self, doing: str) -> reported:
        """Any SQLite failure in the block becomes a StoreError naming this store and the cause."""
        return reported(os.fspath(self.path), doing, getattr(self.conn, "busy_timeout", None))

    def card_records(self, deck_id: str, card_ids: list[str] | None = None) -> dict[str, CardRecord]:
        """The reviewed cards of a deck: all of them, or only those in `card_ids` (the deck's current cards)."""
        query = "SELECT card_id, scheduler, state, due, learned, last_reviewed FROM card_state WHERE deck_id = ?"
        params: tuple = (deck_id,)
        if card_ids is not None:
            query += " AND card_id IN (SELECT value FROM json_each(?))"
            params = (deck_id, json.dumps(card_ids))
        with self._reported("cannot read the store"):
            return {card_id: CardRecord(sched, json.loads(state), unstamp(due), bool(learned), unstamp(last))
                    for card_id, sched, state, due, learned, last in self.conn.execute(query, params)}

    def review(self, deck_id: str, card_id: str, scheduler: str, quality: int, now: datetime, *,
               answer: str | None = None, seed: int | None = None, duration_ms: int | None = None) -> ReviewRow:
        """Grade one card: schedule it and append the log row, in one committed transaction (or, on a StoreError,
        nothing at all: the grade can be given again)."""
        conn = self.conn
        with self._reported("cannot save the review"), write_transaction(conn):
            row = conn.execute(
                "SELECT scheduler, state, due, learned, last_reviewed FROM card_state "
                "WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)).fetchone()
            before = None
            if row:
                before = CardRecord(row[0], json.loads(row[1]), unstamp(row[2]), bool(row[3]), unstamp(row[4]))
            # A deck that changed scheduler starts the card afresh under the new one; its history stays.
            state = before.state if before and before.scheduler == scheduler else None
            result = schedule(scheduler, state, quality, now)
            after = CardRecord(scheduler, result.state, result.due, result.learned, now)
            cursor = conn.execute(
                "INSERT INTO review_log (reviewed_at, deck_id, card_id, quality, scheduler, state_before, "
                "scheduler_before, due_before, learned_before, last_reviewed_before, state_after, due_after, "
                "answer, seed, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (stamp(now), deck_id, card_id, quality, scheduler,
                 json.dumps(before.state) if before else None, before.scheduler if before else None,
                 stamp(before.due) if before else None, int(bool(before and before.learned)),
                 stamp(before.last_reviewed) if before else None,
                 json.dumps(after.state), stamp(after.due), answer, seed, duration_ms))
            self._put_state(deck_id, card_id, after)
        return ReviewRow(cursor.lastrowid, now, deck_id, card_id, quality, scheduler, before, after,
                         answer, seed, duration_ms)

    def _put_state(self, deck_id: str, card_id: str, record: CardRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO card_state (deck_id, card_id, scheduler, state, due, learned, last_reviewed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (deck_id, card_id, record.scheduler, json.dumps(record.state), stamp(record.due),
             int(record.learned), stamp(record.last_reviewed)))

    def undo_last(self, deck_id: str | None = None) -> ReviewRow | None:
        """Remove the last review (of one deck, or of any) and restore the card's state before it."""
        where, params = ("WHERE deck_id = ?", (deck_id,)) if deck_id else ("", ())
        with self._reported("cannot read the store"):
            last = self.conn.execute(f"SELECT MAX(id) FROM review_log {where}", params).fetchone()[0]
        return None if last is None else self.undo_review(last)

    def last_review(self, deck_id: str | None, since: datetime,
                    card_ids: list[str] | None = None) -> ReviewRow | None:
        """The latest review logged at or after `since`, of the deck `deck_id` or of any deck (None), and of one of
        `card_ids` when given: what undo takes back in a session that began after it, such as the same day's
        earlier session, or on Home, in any deck."""
        query = f"SELECT {LOG_COLUMNS} FROM review_log WHERE reviewed_at >= ?"
        params: tuple = (stamp(since),)
        if deck_id is not None:
            query += " AND deck_id = ?"
            params += (deck_id,)
        if card_ids is not None:
            query += " AND card_id IN (SELECT value FROM json_each(?))"
            params += (json.dumps(card_ids),)
        with self._reported("cannot read the store"):
            found = self.conn.execute(query + " ORDER BY id DESC LIMIT 1", params).fetchone()
        return None if found is None else _row_to_review(found)

    def undo_review(self, review_id: int) -> ReviewRow:
        """Remove one review and restore the card's state before it, in one transaction.

        Only a card's latest review can be undone: after a later one, the state before it no longer applies.
        """
        conn = self.conn
        with self._reported("cannot undo the review"), write_transaction(conn):
            found = conn.execute(f"SELECT {LOG_COLUMNS} FROM review_log WHERE id = ?", (review_id,)).fetchone()
            if found is None:
                raise StoreError(f"{self.path}: cannot undo review {review_id}: it is not in the log "
                                 "(undone already, perhaps in another deckapp)")
            undone = _row_to_review(found)
            later = conn.execute("SELECT COUNT(*) FROM review_log WHERE deck_id = ? AND card_id = ? AND id > ?",
                                 (undone.deck_id, undone.card_id, review_id)).fetchone()[0]
            if later:
                raise StoreError(f"{self.path}: cannot undo the review of card '{undone.card_id}': the card was "
                                 "reviewed again since (perhaps in another deckapp); undo that review first")
            conn.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
            if undone.before is None:
                conn.execute("DELETE FROM card_state WHERE deck_id = ? AND card_id = ?",
                             (undone.deck_id, undone.card_id))
            else:
                self._put_state(undone.deck_id, undone.card_id, undone.before)
        return undone

    def log(self, deck_id: str | None = None) -> list[ReviewRow]:
        where, params = ("WHERE deck_id = ?", (deck_id,)) if deck_id else ("", ())
        with self._reported("cannot read the store"):
            rows = self.conn.execute(f"SELECT {LOG_COLUMNS} FROM review_log {where} ORDER BY id", params)
            return [_row_to_review(r) for r in rows]

    def day_counts(self, deck_id: str, day_start: datetime) -> DayCounts:
        with self._reported("cannot read the store"):
            seen, new = self.conn.execute(
                "SELECT COUNT(DISTINCT card_id), COUNT(DISTINCT CASE WHEN state_before IS NULL THEN card_id END) "
                "FROM review_log WHERE deck_id = ? AND reviewed_at >= ?", (deck_id, stamp(day_start))).fetchone()
        return DayCounts(new_introduced=new, reviewed=seen - new)


LOG_COLUMNS = ("id, reviewed_at, deck_id, card_id, quality, scheduler, state_before, scheduler_before, due_before, "
               "learned_before, last_reviewed_before, state_after, due_after, answer, seed, duration_ms")


def _row_to_review(row: tuple) -> ReviewRow:
    (id_, reviewed_at, deck_id, card_id, quality, scheduler, state_before, scheduler_before, due_before,
     learned_before, last_before, state_after, due_after, answer, seed, duration_ms) = row
    at = unstamp(reviewed_at)
    before = None
    if state_before is not None:
        before = CardRecord(scheduler_before, json.loads(state_before), unstamp(due_before), bool(learned_before),
                            unstamp(last_before))
    after_state = json.loads(state_after)
    after = CardRecord(scheduler, after_state, unstamp(due_after), is_learned(scheduler, after_state), at)
    return ReviewRow(id_, at, deck_id, card_id, quality, scheduler, before, after, answer, seed, duration_ms)


def open_store(path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT) -> Store:
    """Open (creating or migrating) the store at `path`, checked for damage. A file that is not a deckapp store
    is left untouched. A write waits up to `busy_timeout` seconds for another process's."""
    return Store(connect(os.fspath(path), busy_timeout=busy_timeout), Path(path))
