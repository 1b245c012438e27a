"""Marks of deck files. A mark says which file it is, what it held (size, modification time, CRC-32 of its bytes)
and which deckapp code read it (its version and the size and modification time of each of its modules: a deckapp
that validates decks differently starts afresh). The deck cache (deckapp.deck.cache) and the store's deck index
(deckapp.review.deck_index) use what they remember of a file only under the same mark.

The checksum catches an edit that keeps the size within the clock's resolution; CRC-32 is no defence against a file
crafted to collide, which would only make deckapp show the deck as it was.
"""

from __future__ import annotations

import os
import sys
import zlib

from deckapp import __version__
from deckapp.paths import PACKAGE_DIR, read_deck_file

_reader: str | None = None


def reader() -> str:
    """Which code reads decks: deckapp's version and a checksum of the names, sizes and times of its modules and
    of PyYAML's `__init__.py` (rewritten whenever PyYAML is installed, upgraded or rebuilt)."""
    global _reader
    if _reader is None:
        marks = []
        for folder, subfolders, files in os.walk(PACKAGE_DIR):
            subfolders[:] = sorted(name for name in subfolders if name not in ("__pycache__", "decks"))
            for name in sorted(files):
                if name.endswith((".py", ".pyc")):
                    marks.append(_mark(os.path.join(folder, name), PACKAGE_DIR))
        yaml_init = _find_yaml()
        marks.append(_mark(yaml_init, os.path.dirname(yaml_init)) if yaml_init else "no yaml")
        _reader = f"deckapp {__version__} {zlib.crc32(chr(10).join(marks).encode()):08x}"
    return _reader


def _mark(path: str, base: str) -> str:
    info = os.stat(path)
    return f"{os.path.relpath(path, base)}:{info.st_size}:{info.st_mtime_ns}"


def _find_yaml() -> str | None:
    """Where `import yaml` would load PyYAML from, found without importing it (that takes ~10 ms)."""
    for entry in sys.path:
        candidate = os.path.join(entry or os.getcwd(), "yaml", "__init__.py")
        if os.path.isfile(candidate):
            return os.path.realpath(candidate)
    return None


def file_mark(path: str) -> tuple[bytes, tuple[str, int, int, int, str]]:
    """The bytes of the deck file at `path` and its mark: (real path, size, modification time, CRC-32 of the bytes,
    reader()). What was read from the file under the same mark still holds. An unreadable file is a usage error."""
    data, info = read_deck_file(path)
    return data, (os.path.realpath(path), len(data), info.st_mtime_ns, zlib.crc32(data), reader())
