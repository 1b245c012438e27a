"""The review store: per-card scheduling state and an append-only review log, in SQLite.

Every grade is one IMMEDIATE transaction that reads the card's state, applies the scheduler, appends the log
row and writes the new state, committed before the caller moves on, so a killed process loses nothing graded.
WAL mode and a busy timeout let two processes share one store. Times are stored as UTC ISO 8601 text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from deckapp.errors import DeckappError
from deckapp.scheduling import is_learned, schedule

APPLICATION_ID = 0x4445434B  # "DECK", in the SQLite header: how a deckapp store is recognised
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class StoreError(DeckappError):
    """A store that cannot be used (not a deckapp store, newer schema, unwritable); nothing was changed."""

    exit_code = 2


SCHEMA_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE card_state (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        scheduler TEXT NOT NULL,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        learned INTEGER NOT NULL,
        last_reviewed TEXT NOT NULL,
        PRIMARY KEY (deck_id, card_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX card_state_due ON card_state (deck_id, due)",
    """CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reviewed_at TEXT NOT NULL,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
        scheduler TEXT NOT NULL,
        state_before TEXT,
        scheduler_before TEXT,
        due_before TEXT,
        learned_before INTEGER NOT NULL,
        last_reviewed_before TEXT,
        state_after TEXT NOT NULL,
        due_after TEXT NOT NULL,
        answer TEXT,
        seed INTEGER,
        duration_ms INTEGER
    )""",
    "CREATE INDEX review_log_deck_time ON review_log (deck_id, reviewed_at)",
    """CREATE TRIGGER review_log_append_only BEFORE UPDATE ON review_log
       BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END""",
    "INSERT INTO meta (key, value) VALUES ('app', 'deckapp')",
)


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One IMMEDIATE transaction: committed when the block ends, rolled back if anything in it (or the COMMIT)
    fails, and that error raised. A failed COMMIT may have rolled back already: then there is nothing to undo."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        conn.execute(statement)


# MIGRATIONS[n] takes a store from schema n - 1 to schema n; schema 0 is an empty file.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _create_v1}


def latest_schema() -> int:
    return max(MIGRATIONS)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def unstamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


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

    def card_records(self, deck_id: str, card_ids: list[str] | None = None) -> dict[str, CardRecord]:
        """The reviewed cards of a deck: all of them, or only those in `card_ids` (the deck's current cards)."""
        query = "SELECT card_id, scheduler, state, due, learned, last_reviewed FROM card_state WHERE deck_id = ?"
        params: tuple = (deck_id,)
        if card_ids is not None:
            query += " AND card_id IN (SELECT value FROM json_each(?))"
            params = (deck_id, json.dumps(card_ids))
        return {card_id: CardRecord(sched, json.loads(state), unstamp(due), bool(learned), unstamp(last))
                for card_id, sched, state, due, learned, last in self.conn.execute(query, params)}

    def review(self, deck_id: str, card_id: str, scheduler: str, quality: int, now: datetime, *,
               answer: str | None = None, seed: int | None = None, duration_ms: int | None = None) -> ReviewRow:
        """Grade one card: schedule it and append the log row, in one committed transaction."""
        conn = self.conn
        with write_transaction(conn):
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
        last = self.conn.execute(f"SELECT MAX(id) FROM review_log {where}", params).fetchone()[0]
        return None if last is None else self.undo_review(last)

    def undo_review(self, review_id: int) -> ReviewRow:
        """Remove one review and restore the card's state before it, in one transaction.

        Only a card's latest review can be undone: after a later one, the state before it no longer applies.
        """
        conn = self.conn
        with write_transaction(conn):
            found = conn.execute(f"SELECT {LOG_COLUMNS} FROM review_log WHERE id = ?", (review_id,)).fetchone()
            if found is None:
                raise StoreError(f"review {review_id} is not in the log (already undone?)")
            undone = _row_to_review(found)
            later = conn.execute("SELECT COUNT(*) FROM review_log WHERE deck_id = ? AND card_id = ? AND id > ?",
                                 (undone.deck_id, undone.card_id, review_id)).fetchone()[0]
            if later:
                raise StoreError(f"card '{undone.card_id}' was reviewed again since; undo that review first")
            conn.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
            if undone.before is None:
                conn.execute("DELETE FROM card_state WHERE deck_id = ? AND card_id = ?",
                             (undone.deck_id, undone.card_id))
            else:
                self._put_state(undone.deck_id, undone.card_id, undone.before)
        return undone

    def log(self, deck_id: str | None = None) -> list[ReviewRow]:
        where, params = ("WHERE deck_id = ?", (deck_id,)) if deck_id else ("", ())
        rows = self.conn.execute(f"SELECT {LOG_COLUMNS} FROM review_log {where} ORDER BY id", params)
        return [_row_to_review(r) for r in rows]

    def day_counts(self, deck_id: str, day_start: datetime) -> DayCounts:
        seen, new = self.conn.execute(
            "SELECT COUNT(DISTINCT card_id), COUNT(DISTINCT CASE WHEN state_before IS NULL THEN card_id END) "
            "FROM review_log WHERE deck_id = ? AND reviewed_at >= ?", (deck_id, stamp(day_start))).fetchone()
        return DayCounts(new_introduced=new, reviewed=seen - new)

    def review_counts(self, deck_id: str, since: datetime, learned_since: datetime) -> tuple[int, int, int, int]:
        """(all reviews, reviews since `since`, reviews of learned cards since `learned_since`, of those >= 3)."""
        total = self.conn.execute("SELECT COUNT(*) FROM review_log WHERE deck_id = ?", (deck_id,)).fetchone()[0]
        today = self.conn.execute("SELECT COUNT(*) FROM review_log WHERE deck_id = ? AND reviewed_at >= ?",
                                  (deck_id, stamp(since))).fetchone()[0]
        learned, passed = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(quality >= 3), 0) FROM review_log "
            "WHERE deck_id = ? AND reviewed_at >= ? AND learned_before = 1",
            (deck_id, stamp(learned_since))).fetchone()
        return total, today, learned, passed


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


def open_store(path: Path | str) -> Store:
    """Open (creating or migrating) the store at `path`. A file that is not a deckapp store is left untouched."""
    path = Path(path)
    version = _existing_schema(path)
    if version > latest_schema():
        raise StoreError(f"{path}: this store was written by a newer deckapp (schema {version}); upgrade deckapp")
    if version == 0:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the store's folder: {exc.strerror or exc}") from None
    creating = not path.exists()
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise _unusable(path, creating, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a store in a read-only folder fails here
        if version < latest_schema():
            _migrate(conn, path, version)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise _unusable(path, creating, exc) from None
        raise
    return Store(conn, path)


def _unusable(path: Path, creating: bool, exc: sqlite3.Error) -> StoreError:
    if creating:
        return StoreError(f"{path}: cannot create the store: {exc} (is its folder writable?)")
    return StoreError(f"{path}: cannot open the store: {exc}")


def _existing_schema(path: Path) -> int:
    """The schema version of the store at `path` (0: no store yet), read without writing anything."""
    try:
        if not path.exists():
            return 0
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a deckapp store")
        if not path.is_file():
            raise StoreError(f"{path}: not a regular file, so not a store; pick another --db")
        if path.stat().st_size == 0:
            return 0
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store: {exc.strerror or exc}") from None
    if header != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a deckapp store (not an SQLite database); move it away or pick another --db")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:  # cannot open or read it (a read-only folder), not a damaged file
        raise StoreError(f"{path}: cannot read the store: {exc} (is its folder writable?)") from None
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a deckapp store ({exc}); move it away or pick another --db") from None
    if app_id != APPLICATION_ID:
        if app_id == 0 and version == 0 and objects == 0:
            return 0  # an empty database that nothing has marked as its own
        raise StoreError(f"{path}: not a deckapp store (another program's database); pick another --db")
    return version


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Bring the store to the latest schema, after copying the old file aside."""
    if version > 0:
        backup = path.with_name(f"{path.name}.schema{version}.bak")
        target = sqlite3.connect(backup)
        try:
            conn.backup(target)
        finally:
            target.close()
    with write_transaction(conn):
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(current + 1, latest_schema() + 1):
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
