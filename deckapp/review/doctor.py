"""`deckapp doctor`: the full integrity check of a review store, and a recovered copy of a damaged one.

The store is only read (opened read-only). From a damaged store, every review-log row that can still be read is
copied, range by range (a range that fails is halved until the unreadable rows are isolated), into a new store
beside it, `NAME.recovered`; each card's state is the one its latest recovered review left, or the state table's
own row where that can be read and is newer. The copy is written under a temporary name and renamed when
complete, so a crash leaves no half-made copy under the final name.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field

from deckapp.review.database import connect, existing_schema, latest_schema, read_only_uri, unstamp
from deckapp.review.failures import SQLITE_CORRUPT, SQLITE_NOTADB, StoreError, failure, one_line, primary_code
from deckapp.review.scheduler import SCHEDULERS, is_learned
from deckapp.review.store import LOG_COLUMNS

FIRST_CHUNK = 1024  # review ids read at once before halving a range that fails
SHOWN_PROBLEMS = 5
STATE_COLUMNS = "deck_id, card_id, scheduler, state, due, learned, last_reviewed"


@dataclass
class Examination:
    """What `deckapp doctor` found: `problems` is empty for a sound store."""

    path: str
    problems: list[str]
    reviews: int | None = None  # for a sound store
    cards: int | None = None
    recovered: Recovery | None = None


@dataclass
class Recovery:
    path: str  # the recovered copy
    reviews: int = 0
    cards: int = 0
    unreadable: list[tuple[int, int]] = field(default_factory=list)  # ranges of review ids that could not be read
    rejected: int = 0  # rows read but holding values no review could have

    @property
    def lost_ids(self) -> int:
        return sum(last - first + 1 for first, last in self.unreadable)


def examine(path: str) -> Examination:
    """Run SQLite's full integrity check on the store at `path`; when it fails, write the recovered copy beside
    it. A file that is not a deckapp store (or no file) is a StoreError."""
    if not os.path.lexists(path):  # a folder or a pipe: existing_schema says so in its own words
        raise StoreError(f"{path}: no store here (no such file); give the store's path with --db")
    version = existing_schema(path)
    if version == 0:
        raise StoreError(f"{path}: an empty store: nothing to check")
    if version > latest_schema():
        raise StoreError(f"{path}: this store was written by a newer deckapp (schema {version}); upgrade deckapp")
    conn = _open_read_only(path)
    try:
        problems = _integrity(conn, path)
        if not problems:
            reviews = conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
            cards = conn.execute("SELECT COUNT(*) FROM card_state").fetchone()[0]
            return Examination(path, [], reviews, cards)
        return Examination(path, problems, recovered=_recover(conn, path))
    finally:
        conn.close()


def _open_read_only(path: str) -> sqlite3.Connection:
    try:
        return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise failure(path, exc, "cannot open the store to check it") from None


def _integrity(conn: sqlite3.Connection, path: str) -> list[str]:
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as exc:
        if primary_code(exc) not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise failure(path, exc, "cannot check the store") from None
        return [one_line(str(exc))]
    if rows == ["ok"]:
        return []
    return [one_line(row) for row in rows]


def _recover(source: sqlite3.Connection, path: str) -> Recovery:
    target = f"{path}.recovered"
    partial = f"{target}.partial"
    if os.path.lexists(target):
        raise StoreError(f"{target}: a recovered copy is already there; move it away to make a new one")
    for leftover in (partial, f"{partial}-wal", f"{partial}-shm", f"{partial}-journal"):
        if os.path.lexists(leftover):
            try:
                os.remove(leftover)  # an earlier recovery that did not finish
            except OSError as exc:
                raise StoreError(f"{leftover}: cannot remove this unfinished recovered copy: "
                                 f"{exc.strerror or exc}; move it away") from None
    recovery = Recovery(target)
    rows = list(_log_rows(source, recovery))
    states = _states_from(rows)
    for row in _state_rows(source):
        key = (row[0], row[1])
        if key not in states or row[6] > states[key][6]:
            states[key] = row
    conn = connect(partial)
    try:
        conn.execute("BEGIN IMMEDIATE")
        placeholders = ", ".join("?" * len(LOG_COLUMNS.split(",")))
        conn.executemany(f"INSERT INTO review_log ({LOG_COLUMNS}) VALUES ({placeholders})", rows)
        conn.executemany(f"INSERT INTO card_state ({STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", states.values())
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.close()
        raise failure(partial, exc, "cannot write the recovered copy") from None
    conn.close()
    try:
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError(f"{target}: cannot put the recovered copy here: {exc.strerror or exc}") from None
    recovery.reviews, recovery.cards = len(rows), len(states)
    return recovery


def _log_rows(source: sqlite3.Connection, recovery: Recovery):
    """Every review-log row that can be read and holds sensible values, in id order."""
    last = _last_id(source)
    pending = [(first, min(first + FIRST_CHUNK - 1, last)) for first in range(1, last + 1, FIRST_CHUNK)]
    pending.reverse()
    while pending:
        first, end = pending.pop()
        try:
            rows = source.execute(f"SELECT {LOG_COLUMNS} FROM review_log WHERE id BETWEEN ? AND ? ORDER BY id",
                                  (first, end)).fetchall()
        except sqlite3.DatabaseError:
            if first == end:
                _note_unreadable(recovery, first)
            else:
                middle = (first + end) // 2
                pending += [(middle + 1, end), (first, middle)]
            continue
        for row in rows:
            if _sensible(row):
                yield row
            else:
                recovery.rejected += 1


def _last_id(source: sqlite3.Connection) -> int:
    """The largest review id there may be: from the log itself, else from the AUTOINCREMENT counter."""
    for query in ("SELECT MAX(id) FROM review_log", "SELECT seq FROM sqlite_sequence WHERE name = 'review_log'"):
        try:
            found = source.execute(query).fetchone()
        except sqlite3.DatabaseError:
            continue
        if found and isinstance(found[0], int):
            return found[0]
    return 2**31


def _note_unreadable(recovery: Recovery, review_id: int) -> None:
    if recovery.unreadable and recovery.unreadable[-1][1] == review_id - 1:
        recovery.unreadable[-1] = (recovery.unreadable[-1][0], review_id)
    else:
        recovery.unreadable.append((review_id, review_id))


def _sensible(row: tuple) -> bool:
    """A row from a damaged file may hold anything: keep those that read as a review."""
    (id_, reviewed_at, deck_id, card_id, quality, scheduler, state_before, _scheduler_before, _due_before,
     _learned_before, _last_before, state_after, due_after, _answer, _seed, _duration) = row
    try:
        unstamp(reviewed_at)
        unstamp(due_after)
        json.loads(state_after)
        if state_before is not None:
            json.loads(state_before)
    except (TypeError, ValueError):
        return False
    return (isinstance(id_, int) and isinstance(deck_id, str) and isinstance(card_id, str)
            and quality in range(6) and scheduler in SCHEDULERS)


def _states_from(rows: list[tuple]) -> dict[tuple[str, str], tuple]:
    """Each card's state as its latest review in `rows` left it."""
    states: dict[tuple[str, str], tuple] = {}
    for row in rows:
        reviewed_at, deck_id, card_id, scheduler, state_after, due_after = (row[1], row[2], row[3], row[5],
                                                                           row[11], row[12])
        learned = int(is_learned(scheduler, json.loads(state_after)))
        states[(deck_id, card_id)] = (deck_id, card_id, scheduler, state_after, due_after, learned, reviewed_at)
    return states


def _state_rows(source: sqlite3.Connection) -> list[tuple]:
    """The state table's rows that can be read: from its start until a damaged page, and from its end back."""
    found = []
    for order, compare in (("ASC", ">"), ("DESC", "<")):
        key = None
        while True:
            where = "" if key is None else f"WHERE (deck_id, card_id) {compare} (?, ?)"
            try:
                batch = source.execute(f"SELECT {STATE_COLUMNS} FROM card_state {where} "
                                       f"ORDER BY deck_id {order}, card_id {order} LIMIT 500", key or ()).fetchall()
            except sqlite3.DatabaseError:
                break
            if not batch:
                break
            found += [row for row in batch if _sensible_state(row)]
            key = batch[-1][:2]
    return found


def _sensible_state(row: tuple) -> bool:
    deck_id, card_id, scheduler, state, due, learned, last_reviewed = row
    try:
        json.loads(state)
        unstamp(due)
        unstamp(last_reviewed)
    except (TypeError, ValueError):
        return False
    return isinstance(deck_id, str) and isinstance(card_id, str) and scheduler in SCHEDULERS and learned in (0, 1)
