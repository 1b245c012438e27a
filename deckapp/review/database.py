"""The review store's SQLite file: recognising it, creating it, and migrating its schema.

Kept apart from `deckapp.review.store` (the review operations) and light to import: `deckapp stats` reads the store
through this module alone. A file that is not a deckapp store is never written to.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from deckapp.errors import StoreError  # noqa: F401 - part of this module's API

APPLICATION_ID = 0x4445434B  # "DECK", in the SQLite header: how a deckapp store is recognised
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100  # the database header: user_version at offset 60, application_id at 68 (both big-endian)
BUSY_TIMEOUT = 10.0  # seconds a write waits for another process's before giving up
MAX_PATH = 503  # bytes: SQLite takes paths under 512 (MAX_PATHNAME, os_unix.c), its "-journal" file's included


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

# Schema 2 serves `deckapp stats`, which should answer about as fast as `--version` starts, however long the log:
# - deck_index: what each deck file holds, so unchanged decks are not parsed again (see deckapp.review.deck_index);
# - review_days: per deck and UTC day, the number of reviews, of reviews of learned cards, and of those passed
#   (graded 3 or more), kept exact by triggers, so totals and the 30-day retention add up days instead of rows;
# - the log's (deck, time) index also covers learned_before and quality, for the part of a day that is counted
#   row by row (today's reviews, and the first day of the 30).
SCHEMA_V2 = (
    """CREATE TABLE deck_index (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        checksum INTEGER NOT NULL,
        reader TEXT NOT NULL,
        deck_id TEXT NOT NULL,
        title TEXT NOT NULL,
        card_ids TEXT NOT NULL
    )""",
    """CREATE TABLE review_days (
        deck_id TEXT NOT NULL,
        day TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        learned INTEGER NOT NULL,
        learned_passed INTEGER NOT NULL,
        PRIMARY KEY (deck_id, day)
    ) WITHOUT ROWID""",
    """INSERT INTO review_days (deck_id, day, reviews, learned, learned_passed)
       SELECT deck_id, substr(reviewed_at, 1, 10), COUNT(*), SUM(learned_before = 1),
              SUM(learned_before = 1 AND quality >= 3)
       FROM review_log GROUP BY deck_id, substr(reviewed_at, 1, 10)""",
    """CREATE TRIGGER review_log_counted AFTER INSERT ON review_log BEGIN
        INSERT INTO review_days (deck_id, day, reviews, learned, learned_passed)
            VALUES (NEW.deck_id, substr(NEW.reviewed_at, 1, 10), 1, NEW.learned_before = 1,
                    NEW.learned_before = 1 AND NEW.quality >= 3)
            ON CONFLICT (deck_id, day) DO UPDATE SET reviews = reviews + 1, learned = learned + excluded.learned,
                learned_passed = learned_passed + excluded.learned_passed;
    END""",
    """CREATE TRIGGER review_log_uncounted AFTER DELETE ON review_log BEGIN
        UPDATE review_days SET reviews = reviews - 1, learned = learned - (OLD.learned_before = 1),
            learned_passed = learned_passed - (OLD.learned_before = 1 AND OLD.quality >= 3)
        WHERE deck_id = OLD.deck_id AND day = substr(OLD.reviewed_at, 1, 10);
    END""",
    "DROP INDEX review_log_deck_time",
    "CREATE INDEX review_log_deck_time ON review_log (deck_id, reviewed_at, learned_before, quality)",
)


class read_transaction:  # noqa: N801 - used as `with read_transaction(conn):`, like a function
    """Reads that see one snapshot of the store, however other processes write meanwhile (WAL mode lets them).
    Within a transaction already open, it simply joins it."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.began = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.began = True

    def __exit__(self, kind, exc, traceback) -> bool:
        if self.began and self.conn.in_transaction:
            self.conn.execute("COMMIT")
        return False


class reported:  # noqa: N801 - used as `with reported(path, "cannot save the review"):`, like a function
    """Turns an SQLite failure inside the block into a StoreError naming the store and the cause (in the words of
    deckapp.review.failures, imported only then: `deckapp stats` does not pay for it at start-up)."""

    def __init__(self, path: str, doing: str, waited: float | None = None):
        self.path, self.doing, self.waited = path, doing, waited

    def __enter__(self) -> None:
        pass

    def __exit__(self, kind, exc, traceback) -> bool:
        if isinstance(exc, sqlite3.Error):
            from deckapp.review.failures import failure

            raise failure(self.path, exc, self.doing, waited=self.waited) from None
        return False


def reading(conn: StoreConnection) -> reported:
    """For the domain's reads given a store's connection (stats, a session's summary): an SQLite failure in the
    block is a StoreError naming the store, as the Store's own reads have it."""
    return reported(conn.path, "cannot read the store", conn.busy_timeout)


class write_transaction:  # noqa: N801 - used as `with write_transaction(conn):`, like a function
    """One IMMEDIATE transaction: committed when the block ends, rolled back if anything in it (or the COMMIT)
    fails, and that error raised. A failed COMMIT may have rolled back already: then there is nothing to undo.

    A class rather than contextlib.contextmanager, which `deckapp stats` would otherwise import at start-up."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, exc, traceback) -> bool:
        if kind is None:
            try:
                self.conn.execute("COMMIT")
                return False
            except BaseException:
                self._roll_back()
                raise
        self._roll_back()
        return False

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def _run(statements: tuple[str, ...]) -> Callable[[sqlite3.Connection], None]:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return migrate


# MIGRATIONS[n] takes a store from schema n - 1 to schema n; schema 0 is an empty file.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _run(SCHEMA_V1), 2: _run(SCHEMA_V2)}


def latest_schema() -> int:
    return max(MIGRATIONS)


def stamp(moment: datetime) -> str:
    """A time as the store keeps it: UTC ISO 8601 text with microseconds, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def unstamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


class StoreConnection(sqlite3.Connection):
    """A connection to a store that knows the store's path (for messages), its busy timeout, and whether its
    integrity was checked since it was opened."""

    path = ""
    busy_timeout = BUSY_TIMEOUT
    checked = False


def connect(path: str, *, busy_timeout: float = BUSY_TIMEOUT, check: bool = True) -> StoreConnection:
    """Open (creating or migrating) the store at `path`. A file that is not a deckapp store is left untouched.

    `busy_timeout` is how many seconds a write waits for another process's. An existing store is checked
    (`verify`) before anything is written to it: at once with `check`, else before a migration, and by
    `deckapp.review.deck_index.remember` before it writes. Every failure is a StoreError naming the file."""
    path = os.fspath(path)
    _check_name(path)
    version = existing_schema(path)
    if version > latest_schema():
        raise StoreError(f"{path}: this store was written by a newer deckapp (schema {version}); upgrade deckapp")
    if version == 0:
        _make_folder(path)
    creating = not os.path.exists(path)
    doing = "cannot create the store" if creating else "cannot open the store"
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout, factory=StoreConnection)
    except sqlite3.Error as exc:
        from deckapp.review.failures import failure

        raise failure(path, exc, doing, waited=busy_timeout) from None
    conn.path, conn.busy_timeout = path, busy_timeout
    try:
        conn.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another deckapp may have migrated it since
        if version > latest_schema():
            raise StoreError(f"{path}: this store was written by a newer deckapp (schema {version}); "
                             "upgrade deckapp")
        if version and (check or version < latest_schema()):
            verify(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a store in a read-only folder fails here
        if version < latest_schema():
            _migrate(conn, path, version)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            from deckapp.review.failures import failure

            raise failure(path, exc, doing, waited=busy_timeout) from None
        raise
    return conn


def _check_name(path: str) -> None:
    """Refuse names SQLite would not take as a plain file, and a link that leads nowhere: each would lose the
    reviews (kept in memory only) or put them where nobody looks."""
    if path == ":memory:":
        raise StoreError(f"{path}: would keep the reviews in memory only, lost on exit; give a file "
                         "(./:memory: for a file of that name)")
    if path.startswith("file:"):
        raise StoreError(f"{path}: an SQLite URI, not a file; give the store's file path "
                         "(./file:… for a file whose name starts with 'file:')")
    if path.endswith(("/", os.sep)):
        raise StoreError(f"{path}: ends with '{path[-1]}', which names a folder; the store is a file: give its name "
                         "(such as deckapp.sqlite3)")
    if os.path.islink(path) and not os.path.exists(path):
        try:
            target = f" to '{os.readlink(path)}'"
        except OSError:
            target = ""
        raise StoreError(f"{path}: a symbolic link{target}, which leads to no file; deckapp does not create a "
                         "store through a link: create it at the link's target, or pick another --db")


def verify(conn: StoreConnection) -> None:
    """Refuse a damaged store before anything is written to it (`PRAGMA quick_check`, once per connection:
    it reads every page: about 3 ms per MB, see benchmarks/bench_store_check.py)."""
    if conn.checked:
        return
    from deckapp.review.failures import SQLITE_CORRUPT, SQLITE_NOTADB, damaged, failure, primary_code

    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        if primary_code(exc) not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise failure(conn.path, exc, "cannot check the store", waited=conn.busy_timeout) from None
        found = [str(exc)]
    if found != ["ok"]:
        raise StoreError(f"{conn.path}: refused before writing anything: {damaged(conn.path, '; '.join(found))}")
    conn.checked = True


def _make_folder(path: str) -> None:
    """Create the folders a new store goes in, one by one (os.makedirs recurses once per folder)."""
    full = os.path.abspath(path)
    if len(os.fsencode(full)) > MAX_PATH:
        raise StoreError(f"{path}: the store's full path is {len(os.fsencode(full)):,} bytes long, more than SQLite "
                         f"accepts ({MAX_PATH}); pick a shorter --db")
    folder = os.path.dirname(full)
    missing = []
    while not os.path.isdir(folder):
        if os.path.lexists(folder):
            raise StoreError(f"{path}: cannot create the store's folder {folder}: part of that path is a file, "
                             "not a folder")
        missing.append(folder)
        folder = os.path.dirname(folder)
    for step in reversed(missing):
        try:
            os.mkdir(step)
        except FileExistsError:
            if not os.path.isdir(step):
                raise StoreError(f"{path}: cannot create the store's folder {step}: part of that path is a file, "
                                 "not a folder") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the store's folder {step}: {exc.strerror or exc}") from None


def read_only_uri(path: str) -> str:
    """An SQLite URI opening `path` read-only. In a URI path only '%', '?' and '#' need escaping."""
    escaped = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?mode=ro"


def existing_schema(path: str, recovered: bool = False) -> int:
    """The schema version of the store at `path` (0: no store yet), read without writing anything, except that a
    hot journal (a write interrupted by a crash) is rolled back first, as any SQLite program opening it would."""
    try:
        if not os.path.exists(path):
            return 0
        if os.path.isdir(path):
            raise StoreError(f"{path}: is a folder, not a deckapp store")
        if not os.path.isfile(path):
            raise StoreError(f"{path}: not a regular file, so not a store; pick another --db")
        if os.path.getsize(path) == 0:
            return 0
        with open(path, "rb") as handle:
            header = handle.read(HEADER_SIZE)
        real = os.path.realpath(path)  # SQLite names the -wal and -journal files after the real file
        settled = not os.path.lexists(f"{real}-wal") and not os.path.lexists(f"{real}-journal")
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store: {exc.strerror or exc}") from None
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path}: not a deckapp store (not an SQLite database); move it away or pick another --db")
    if settled and len(header) == HEADER_SIZE and int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        # Marked as ours, and with no write-ahead log or journal beside it the header is the whole truth: no need
        # to open it read-only first. (A WAL left by a crash may hold a newer schema; opening the file read-write
        # would fold that WAL into it, so then the read-only look below decides.)
        return int.from_bytes(header[60:64], "big")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
        try:
            with read_transaction(conn):  # one snapshot: another deckapp may be creating this store right now
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                objects = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:  # cannot open or read it (a read-only folder), not a damaged file
        from deckapp.review.failures import SQLITE_READONLY_ROLLBACK, failure

        if exc.sqlite_errorcode == SQLITE_READONLY_ROLLBACK and not recovered:
            if int.from_bytes(header[68:72], "big") not in (0, APPLICATION_ID):  # leave others' files to them
                raise _foreign(path) from None
            _roll_back_journal(path)
            return existing_schema(path, recovered=True)
        raise failure(path, exc, "cannot read the store") from None
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: not a deckapp store ({exc}); move it away or pick another --db") from None
    if app_id != APPLICATION_ID:
        if app_id == 0 and version == 0 and objects == 0:
            return 0  # an empty database that nothing has marked as its own
        raise _foreign(path)
    return version


def _foreign(path: str) -> StoreError:
    return StoreError(f"{path}: not a deckapp store (another program's database); pick another --db")


def _roll_back_journal(path: str) -> None:
    """Undo the write a crash interrupted, recorded in the hot `-journal` beside the file: SQLite does it when the
    file is first opened read-write, and a read-only look cannot. Only for a file marked as ours or not marked
    at all (a store whose creation was interrupted before it was marked): what the rollback restores is what
    the file held before that interrupted write, as its next SQLite reader would make it anyway."""
    from deckapp.review.failures import failure, unwritable

    journal = f"{os.path.realpath(path)}-journal"
    doing = f"cannot roll back the interrupted write recorded in {journal}"
    reason = unwritable(path)  # then SQLite would restore the file but fail to delete the journal: leave both
    if reason:
        raise StoreError(f"{path}: {doing}: {reason}")
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise failure(path, exc, doing) from None


def _migrate(conn: sqlite3.Connection, path: str, version: int) -> None:
    """Bring the store to the latest schema, after copying the old file aside."""
    if version > 0:
        target = sqlite3.connect(f"{path}.schema{version}.bak")
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
