"""Where things live: the bundled decks, the review store, and the clock (DECKAPP_DB, DECKAPP_NOW)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from deckapp.errors import UsageError

PACKAGE_DIR = Path(__file__).resolve().parent
DECK_SUFFIXES = (".yaml", ".yml")
FIRST_YEAR, LAST_YEAR = 1970, 9000  # DECKAPP_NOW: dates and intervals computed from it stay representable


def bundled_decks_dir() -> Path:
    """The folder of decks shipped with deckapp.

    An installed wheel carries them as `deckapp/decks`; a source checkout keeps them in the top-level `decks/`.
    """
    installed = PACKAGE_DIR / "decks"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "decks"


def bundled_deck_paths() -> list[Path]:
    folder = bundled_decks_dir()
    return sorted(p for p in folder.iterdir() if p.suffix in DECK_SUFFIXES and p.is_file())


def deck_files(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into the deck files they name, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in DECK_SUFFIXES and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return found


def shown(path: Path) -> Path:
    """`path` as a person would type it here: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("deckapp", appauthor=False))


def db_path(override: str | Path | None = None) -> Path:
    """The review store: `--db` first, then DECKAPP_DB, then the user data dir.

    An empty one is refused rather than skipped: falling through would quietly use the real store."""
    if override is not None:
        if override == "":
            raise UsageError("--db is empty: give the path of a store file")
        return Path(override)
    env = os.environ.get("DECKAPP_DB")
    if env is not None:
        if env == "":
            raise UsageError("DECKAPP_DB is set but empty: give the path of a store file")
        return Path(env)
    return data_dir() / "deckapp.sqlite3"


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
