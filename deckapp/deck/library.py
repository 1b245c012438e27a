"""Finding decks: the bundled ones, the student's library of decks added with `deckapp add`, files and folders
given by path, and a deck named by its id.

The library is the list of deck files in `decks.json` in deckapp's config folder (see deckapp.config): each
file's absolute path and the id its deck had when it was added. A library deck whose id is a bundled deck's
replaces that bundled deck (a student's own copy of a lecture deck keeps the lecture's review history).

Deck parsing, JSON and the config folder are imported only when needed, so `deckapp stats` can list decks from
its index alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from deckapp import paths
from deckapp.errors import DeckappError, Problems, UsageError, printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the `stats` path
if TYPE_CHECKING:
    from deckapp.deck.model import Deck

LIBRARY = "decks.json"


def read_deck(path: str) -> Deck:
    """Load one deck file (through deckapp.deck.cache: an unchanged deck is not parsed again); an unreadable file
    is a usage error (exit 2), a bad deck a DeckError (exit 1)."""
    from deckapp.deck.cache import read_deck as read_cached

    return read_cached(str(path))


def read_files(files: list[str], read: Callable[[str], Deck] = read_deck) -> tuple[dict[str, Deck], list[str]]:
    """Read each deck file of `files` once (see paths.unique_files) with `read`: the decks read without errors by
    the path given, and the problems of the others, each a line as `deckapp validate` prints it. A deck whose id
    an earlier file's deck has is a problem at its `deck:` id. An unreadable file is a usage error (exit 2)."""
    from deckapp.deck.model import DeckError

    decks: dict[str, Deck] = {}
    problems: list[str] = []
    first: dict[str, str] = {}
    for path in paths.unique_files(files):
        try:
            deck = read(path)
        except DeckError as exc:
            problems += exc.lines()
            continue
        if deck.id in first:
            problems.append(id_taken(path, deck, first[deck.id]))
            continue
        first[deck.id] = path
        decks[path] = deck
    return decks, problems


def id_taken(path: str, deck: Deck, other: str) -> str:
    """The problem of a deck whose id the deck file `other` has already, at its `deck:` id."""
    line, column = deck.id_at
    return printable(f"{path}:{line}:{column}: deck id '{deck.id}' is also used by {other}")


def latest_by_id(decks: Iterable) -> list:
    """One deck per id (anything with an `id`), a later one replacing an earlier one in its place: a deck given
    by path replaces its bundled twin."""
    by_id = {}
    for deck in decks:
        by_id[deck.id] = deck
    return list(by_id.values())


class Entry:
    """One deck as Home lists it: the deck, or the problems that keep its file from being read (each a line
    as `deckapp validate` prints it, `PATH:LINE:COL: message`), so that the other decks stay usable."""

    __slots__ = ("id", "path", "deck", "problems", "line", "bundled", "remembered")

    def __init__(self, deck_id: str, path: str, deck: Deck | None = None, problems: tuple[str, ...] = (),
                 bundled: bool = False, remembered: bool = False, line: int | None = None):
        self.id = deck_id
        self.path = path
        self.deck = deck
        self.problems = problems
        self.line = line  # the line of the first problem, where an editor should open
        self.bundled = bundled
        self.remembered = remembered

    @property
    def title(self) -> str:
        return self.deck.title if self.deck is not None else self.id

    def __repr__(self) -> str:
        return f"Entry({self.id!r}, {self.path!r}, problems={list(self.problems)!r})"


def load_entry(path: str, deck_id: str | None = None, *, bundled: bool = False, remembered: bool = False) -> Entry:
    """The deck file at `path` read now: its deck, or why it cannot be used (`deck_id`, the id it had, names
    it then)."""
    from deckapp.deck.model import DeckError

    fallback = deck_id or os.path.splitext(os.path.basename(path))[0]
    try:
        deck = read_deck(path)
    except DeckError as exc:
        line = exc.problems[0].line if exc.problems else None
        return Entry(fallback, path, None, tuple(exc.lines()), bundled, remembered, line)
    except DeckappError as exc:
        message = str(exc) if os.path.exists(path) else gone(path, fallback)
        return Entry(fallback, path, None, (message,), bundled, remembered)
    return Entry(deck.id, path, deck, (), bundled, remembered)


def unique_entry(fresh: Entry, others: Iterable[Entry], old_id: str) -> Entry:
    """`fresh`, a deck file read again after an edit; or, when its deck now has the id of one of the `others`
    listed with it, that problem (two decks with one id would share one review history), the entry keeping its
    `old_id` and the line of its `deck:` id."""
    other = next((item for item in others if fresh.deck is not None and item.id == fresh.id), None)
    if other is None:
        return fresh
    problem = id_taken(fresh.path, fresh.deck, other.path)
    return Entry(old_id, fresh.path, None, (problem,), fresh.bundled, fresh.remembered, fresh.deck.id_at[0])


def gone(path: str, deck_id: str) -> str:
    """What Home and `deckapp stats` say of a library deck whose file is no longer there."""
    return f"{path}: the file is gone (moved or deleted); `deckapp remove {deck_id}` forgets it"


def remembered() -> list[dict]:
    """The library as saved: a list of {"path", "id"}, in the order the decks were added."""
    from deckapp import config

    data = config.read(LIBRARY)
    decks = data.get("decks", [])
    if not isinstance(decks, list) or not all(
            isinstance(item, dict) and isinstance(item.get("path"), str) and isinstance(item.get("id"), str)
            for item in decks):
        raise UsageError(f"{config.config_file(LIBRARY)}: not a deckapp library (expected "
                         '{"decks": [{"path": ..., "id": ...}]}); fix it or move it away')
    return decks


def remembered_if_any() -> list[dict]:
    """The library as saved, for `deckapp stats`; [] when there is no library (then nothing more, JSON included,
    is imported)."""
    from deckapp import config

    if not os.path.exists(config.config_file(LIBRARY)):
        return []
    return remembered()


def entries(opened: Iterable[Deck] = ()) -> list[Entry]:
    """Every deck Home lists: the bundled ones, then the library in the order added, then the decks `opened` by
    path for this run only. A later deck with an id already listed takes that deck's place."""
    found = [load_entry(path, bundled=True) for path in paths.bundled_deck_paths()]
    found += [load_entry(item["path"], item["id"], remembered=True) for item in remembered()]
    for deck in opened:  # a bundled or library deck's own file, opened by its path, stays that deck
        if not any(entry.deck is not None and paths.same_file(entry.path, str(deck.path)) for entry in found):
            found.append(Entry(deck.id, str(deck.path or ""), deck))
    return latest_by_id(found)


def add_decks(refs: list[str]) -> list[tuple[Deck, bool]]:
    """`deckapp add`: remember the deck files (and the deck files in the folders) in `refs`, each (deck, whether it
    is new to the library). All or nothing: a deck with errors or two given with one id (Problems, exit 1), an
    unreadable file, or an id another library deck already has (exit 2) leaves the library as it was."""
    from deckapp import config

    files = paths.deck_files(refs)
    if not files:
        raise UsageError("give deck files or folders to add")
    decks, problems = read_files(files)
    if problems:
        raise Problems(problems + ["deckapp: nothing was added; fix the decks above and add them again"])
    library = remembered()
    current = _current_ids(library)
    for path, deck in decks.items():  # ids must stay unique among the decks kept and those given
        clash = next((item for item, now in zip(library, current, strict=True) if now == deck.id
                      and not any(paths.same_file(item["path"], given) for given in decks)), None)
        if clash is not None:
            raise UsageError(f"{path}: deck id '{deck.id}' is already in the library as {clash['path']}; "
                             f"`deckapp remove {deck.id}` first to keep this one instead (nothing was added)")
    added = []
    for path, deck in decks.items():
        full = os.path.abspath(path)
        same = next((item for item in library if paths.same_file(item["path"], full)), None)
        if same is not None:
            same["id"] = deck.id
        else:
            library.append({"path": full, "id": deck.id})
        added.append((deck, same is None))
    config.write(LIBRARY, {"decks": library})
    return added


def remove_deck(ref: str) -> dict:
    """`deckapp remove`: forget the library deck with id (or path) `ref`; its file and review history stay.
    Returns its {"path", "id"}, the id as Home shows it."""
    from deckapp import config

    library = remembered()
    found = next((index for index, item in enumerate(library)
                  if ref == item["path"] or (os.path.exists(ref) and paths.same_file(ref, item["path"]))), None)
    current = None
    if found is None:  # by the id Home shows (the one the file gives now; of two, the later, as Home lists it)
        current = _current_ids(library)
        found = next((index for index in reversed(range(len(library))) if current[index] == ref), None)
    if found is None:  # by the id it was added with
        found = next((index for index in reversed(range(len(library))) if library[index]["id"] == ref), None)
    if found is not None:
        item = library.pop(found)
        config.write(LIBRARY, {"decks": library})
        return {**item, "id": current[found] if current is not None else load_entry(item["path"], item["id"]).id}
    bundled = [entry.id for entry in entries() if entry.bundled]
    if ref in bundled:
        raise UsageError(f"'{ref}' is a bundled deck: it comes with deckapp and cannot be removed")
    from deckapp.errors import suggest

    ids = current or []
    hint = suggest(ref, ids) or (f" (the library holds: {', '.join(ids)})" if ids else " (the library is empty)")
    raise UsageError(f"no deck '{ref}' in the library{hint}")


def _current_ids(library: list[dict]) -> list[str]:
    """The id each library deck's file gives it now (the one it was added with when the file cannot be read)."""
    return [load_entry(item["path"], item["id"], remembered=True).id for item in library]


def folder_decks(folder: str) -> list[Deck]:
    """Every deck in `folder`, for `deckapp study FOLDER`; any deck with errors stops it (Problems, exit 1)."""
    decks, problems = read_files(paths.deck_files([folder]))
    if problems:
        raise Problems(problems)
    return list(decks.values())


def resolve_deck(ref: str) -> Deck:
    """A deck file's path, or the id of a bundled deck or of a deck in the library."""
    if os.path.isdir(ref):
        raise UsageError(f"{ref}: is a folder; give one deck file or a deck id")
    if os.path.lexists(ref):  # a file, or something else there that reading will refuse by name
        return read_deck(ref)
    from deckapp.errors import suggest

    found = entries()
    for entry in found:
        if entry.id == ref:
            if entry.deck is None and entry.remembered and "\0" not in entry.path and not os.path.lexists(entry.path):
                raise UsageError(gone(entry.path, entry.id))  # as Home and `deckapp stats` say it (a NUL: not a path)
            return entry.deck if entry.deck is not None else read_deck(entry.path)  # raises what is wrong
    ids = [entry.id for entry in found]
    hint = suggest(ref, ids) or f" (known decks: {', '.join(ids)})"
    raise UsageError(f"no deck file, bundled deck or library deck named '{ref}'{hint}")
