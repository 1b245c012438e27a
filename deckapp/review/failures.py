"""What went wrong with the review store, in plain words.

Every SQLite failure in deckapp.review becomes a StoreError: one line that names the store file and a cause a
person can act on (another process holds the store, the disk is full, the file or its folder is read-only, the
file is damaged), which the command line prints and the study app shows. Imported only once something has
failed, so that `deckapp stats` does not pay for it at start-up.
"""

from __future__ import annotations

import os
import sqlite3

from deckapp.errors import StoreError

# SQLite's primary result codes: the low byte of the extended code an exception carries.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SQLITE_READONLY_ROLLBACK = SQLITE_READONLY | (3 << 8)  # a hot journal that a read-only connection cannot undo


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def failure(path: str, exc: sqlite3.Error, doing: str, *, waited: float | None = None) -> StoreError:
    """`PATH: DOING: CAUSE`, e.g. `s.sqlite3: cannot save the review: the disk is full; free some space`."""
    return StoreError(f"{path}: {doing}: {cause(path, exc, waited)}")


def cause(path: str, exc: sqlite3.Error, waited: float | None = None) -> str:
    code = primary_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        after = f" for {waited:g} s" if waited is not None else ""
        return f"it is locked by another process (waited{after}); try again once that process is done with it"
    if code == SQLITE_FULL:
        return "the disk is full; free some space and try again"
    if code == SQLITE_READONLY:
        return read_only(path)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc))
    if code in (SQLITE_CANTOPEN, SQLITE_PERM):
        return cannot_open(path, exc)
    if code == SQLITE_IOERR:
        # SQLite could not delete or create a file beside it, or the disk failed
        return unwritable(path) or f"the disk could not read or write it ({exc})"
    return one_line(str(exc))


def read_only(path: str) -> str:
    """Which of the file and its folder cannot be written: SQLite needs both (its -wal and -shm files sit beside
    the store)."""
    return unwritable(path) or (
        "the file or its folder is read-only (or on a read-only disk); make them writable or pick another --db")


def unwritable(path: str) -> str | None:
    """Why the store file or its folder cannot be written, if either cannot."""
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    if os.path.exists(real) and not os.access(real, os.W_OK):
        return "the file is read-only (or on a read-only disk); make it writable or pick another --db"
    if not os.access(folder, os.W_OK):
        return _read_only_folder(folder)
    return None


def cannot_open(path: str, exc: sqlite3.Error) -> str:
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    if not os.access(folder, os.W_OK | os.X_OK):
        return _read_only_folder(folder)
    if os.path.exists(real) and not os.access(real, os.R_OK | os.W_OK):
        return "permission denied: the file cannot be read and written by you; pick another --db"
    return f"SQLite cannot open it ({exc}); pick another --db"


def _read_only_folder(folder: str) -> str:
    return (f"its folder {folder} is read-only (deckapp writes its -wal and -shm files beside the store); "
            "make it writable or pick another --db")


def damaged(path: str, detail: str) -> str:
    """The cause for a damaged store, with the ways to recover it."""
    ways = [f"'deckapp doctor --db {path}' writes a recovered copy beside it"]
    backups = _backups(path)
    if backups:
        ways.append(f"the copy made before its last upgrade is {backups[-1]}")
    ways.append("sqlite3's .recover command also rescues what can be read")
    return f"the store is damaged ({one_line(detail)}); to recover: {'; '.join(ways)}"


def one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _backups(path: str) -> list[str]:
    """The NAME.schemaN.bak copies made before migrations, oldest schema first."""
    folder, name = os.path.split(path)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    found = []
    for entry in names:
        middle = entry[len(name):]
        if entry.startswith(name + ".schema") and middle.endswith(".bak") and middle[7:-4].isdigit():
            found.append((int(middle[7:-4]), os.path.join(folder, entry)))
    return [backup for _, backup in sorted(found)]
