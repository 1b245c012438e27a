"""Where things live: the bundled decks, the review store, and the clock (DECKAPP_DB, DECKAPP_NOW).

Paths here are plain strings handled with `os.path`: `deckapp stats` goes through this module and must start
fast, and pathlib (with what it imports) costs a few milliseconds of start-up.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from datetime import datetime

from deckapp.errors import UsageError

PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
DECK_SUFFIXES = (".yaml", ".yml")
MAX_DECK_BYTES = 20_000_000  # 20 MB: a deck of 10,000 cards is about 2 MB; reading one takes ~1 s per MB
MAX_INPUT_BYTES = 20_000_000  # a roster, an answers file, a manifest or an import: far more than a class makes
FIRST_YEAR, LAST_YEAR = 1970, 9000  # DECKAPP_NOW: dates and intervals computed from it stay representable


def bundled_decks_dir() -> str:
    """The folder of decks shipped with deckapp.

    An installed wheel carries them as `deckapp/decks`; a source checkout keeps them in the top-level `decks/`.
    """
    installed = os.path.join(PACKAGE_DIR, "decks")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(PACKAGE_DIR), "decks")


def _decks_in(folder: str) -> list[str]:
    """The deck files in `folder`, by name. A deck-named link that leads nowhere is an error, not skipped; the
    directory entries' types spare a stat of each regular file."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if os.path.splitext(entry.name)[1] not in DECK_SUFFIXES:
                continue
            try:
                if entry.is_file():
                    found.append(entry.path)
                    continue
                skipped = entry.is_dir() or not entry.is_symlink()
            except OSError:  # a link that cannot be followed (a loop)
                skipped = False
            if not skipped:
                _check_link(entry.path)
    return sorted(found)


def _check_link(path: str) -> None:
    """A symbolic link that leads to no file (missing target, a loop) is a usage error naming it."""
    try:
        os.stat(path)
    except OSError as exc:
        try:
            target = f" (a symbolic link to '{os.readlink(path)}')"
        except OSError:
            target = " (a symbolic link)"
        reason = (exc.strerror or str(exc)).lower()
        raise UsageError(f"{path}: cannot read: {reason}{target}") from None


def read_deck_file(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a deck file and its status. It must be a regular file (or a link to one) of at most
    MAX_DECK_BYTES, checked before anything is read: a named pipe would block and a device never end. Anything
    else is a UsageError naming the file."""
    try:
        return _read_regular(path, MAX_DECK_BYTES)
    except _NotRegular as exc:
        raise UsageError(f"{path}: {exc.kind}, not a deck file (a deck is a regular file)") from None
    except _TooBig as exc:
        raise UsageError(f"{path}: {exc.size:,} bytes, more than a deck may hold ({MAX_DECK_BYTES // 1_000_000} MB); "
                         "split it into several decks") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {_reason(exc)}") from None


def read_input(path: str, what: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file a user names (`what` it is, e.g. "the roster", for the messages), refused like a deck
    file when it is not a regular file or is over `max_bytes`: a named pipe would block and a device never end."""
    try:
        return _read_regular(path, max_bytes)[0]
    except _NotRegular as exc:
        raise UsageError(f"{path}: {exc.kind}; give {what} as a regular file") from None
    except _TooBig as exc:
        raise UsageError(f"{path}: {exc.size:,} bytes, more than {what} may hold ({max_bytes:,} bytes)") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {_reason(exc)}") from None


def decode_text(data: bytes, path: str, what: str) -> str:
    """`data` as UTF-8 text (a byte order mark dropped); otherwise a UsageError at the line of the first bad byte."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save {what} as UTF-8"
                         ) from None


def read_text(path: str, what: str, max_bytes: int = MAX_INPUT_BYTES) -> str:
    return decode_text(read_input(path, what, max_bytes), path, what)


class _NotRegular(Exception):
    def __init__(self, mode: int):
        super().__init__(mode)
        self.kind = file_kind(mode)


class _TooBig(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def _read_regular(path: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes and status of the regular file at `path`; raises _NotRegular, _TooBig, or OSError."""
    refuse_nul(path)  # as a library entry edited by hand may hold
    try:
        # O_NONBLOCK: opening a named pipe returns at once (to be refused) instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        try:
            mode = os.stat(path).st_mode  # a socket cannot be opened at all
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise _NotRegular(mode) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(info.st_mode)
        if info.st_size > max_bytes:
            raise _TooBig(info.st_size)
        chunks, size = [], 0
        while size <= max_bytes:  # the file may grow while it is read
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise _TooBig(size)
    finally:
        os.close(fd)
    return b"".join(chunks), info


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words (`mode` as os.stat gives it)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    """Why `path` cannot be opened, in words: a folder on the way that cannot be entered is not a missing file."""
    if exc.errno == errno.EACCES:
        return "permission denied (on the file, or on a folder on its way)"
    return (exc.strerror or str(exc)).lower()


def unique_files(files: list[str]) -> list[str]:
    """`files` with each real file once (one named twice, or also through a link), keeping the first name."""
    seen: set = set()
    unique = []
    for path in files:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except (OSError, ValueError):  # ValueError: a name holding a NUL
            key = path  # reading it will say what is wrong
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def bundled_deck_paths() -> list[str]:
    return _decks_in(bundled_decks_dir())


def refuse_nul(path: str) -> None:
    """A UsageError for a path holding a NUL (os.stat and open raise ValueError): it comes from a paste or a file
    edited by hand, never from a file name."""
    if "\0" in path:
        raise UsageError(f"{path}: not a path: it holds a NUL character, which no file or folder name can")


def deck_files(paths: list[str]) -> list[str]:
    """Expand files and folders into the deck files they name, in a stable order."""
    found: list[str] = []
    for raw in paths:
        path = os.fspath(raw)
        refuse_nul(path)
        if os.path.isdir(path):
            try:
                inside = _decks_in(path)
            except OSError as exc:
                raise UsageError(f"{path}: cannot list the folder: {exc.strerror or exc}") from None
            if not inside:
                raise UsageError(f"{path}: no deck files in this folder (deck files end in .yaml or .yml)")
            found.extend(inside)
        elif os.path.exists(path):
            found.append(path)
        else:
            if os.path.islink(path):
                _check_link(path)
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno not in (errno.ENOENT, errno.ENOTDIR):  # a folder on its way that cannot be entered
                    raise UsageError(f"{path}: cannot read: {_reason(exc)}") from None
            raise UsageError(f"{path}: no such file or folder")
    return found


def shown(path: str) -> str:
    """`path` as a person would type it here: relative to the current folder when it is inside it."""
    try:
        full, here = os.path.realpath(path), os.path.realpath(os.getcwd())
    except OSError:
        return path
    if full == here or full.startswith(here.rstrip(os.sep) + os.sep):
        return os.path.relpath(full, here)
    return path


_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "config": ("XDG_CONFIG_HOME", "~/.config"),
        "cache": ("XDG_CACHE_HOME", "~/.cache")}


def user_dir(kind: str) -> str:
    """deckapp's user "data", "config" or "cache" folder, as platformdirs gives it. On Linux the XDG rule is
    applied here, since importing platformdirs costs about a third of deckapp's start-up and `deckapp stats` needs
    two of these folders (tests/test_paths_user_dirs.py holds the two equal); elsewhere, or with an unusual HOME,
    platformdirs decides."""
    if sys.platform.startswith("linux"):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        if os.path.isabs(base):
            return os.path.join(base, "deckapp")
        if os.path.isabs(os.environ.get("HOME", "")):
            return os.path.join(os.path.expanduser(default), "deckapp")
    import platformdirs

    return getattr(platformdirs, f"user_{kind}_dir")("deckapp", appauthor=False)


def data_dir() -> str:
    return user_dir("data")


def db_path(override: str | None = None) -> str:
    """The review store: `--db` first, then DECKAPP_DB, then the user data dir.

    An empty one is refused rather than skipped: falling through would quietly use the real store."""
    if override is not None:
        if override == "":
            raise UsageError("--db is empty: give the path of a store file")
        return os.fspath(override)
    env = os.environ.get("DECKAPP_DB")
    if env is not None:
        if env == "":
            raise UsageError("DECKAPP_DB is set but empty: give the path of a store file")
        return env
    return os.path.join(data_dir(), "deckapp.sqlite3")


def now() -> datetime:
    """The current time as an aware datetime; DECKAPP_NOW (ISO 8601) overrides it."""
    env = os.environ.get("DECKAPP_NOW")
    if not env:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(env.strip())
    except ValueError:
        raise UsageError(
            f"DECKAPP_NOW={env!r} is not an ISO 8601 time (e.g. 2026-03-01T09:30:00+01:00)"
        ) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise UsageError(f"DECKAPP_NOW={env!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}; "
                         "give a time such as 2026-03-01T09:30:00+01:00")
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def same_file(first: str, second: str) -> bool:
    """Whether two names are one file; False when either is missing (a file about to be written) or cannot be a
    name (one holding a NUL, as a hand-edited library may)."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False
