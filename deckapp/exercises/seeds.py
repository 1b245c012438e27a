"""Stable seeds and ids: numbers that depend only on some text, the same across runs, machines and Python versions
(unlike `hash()`, which is salted per process). An exported variant, an Anki note id and a homework exercise are
all seeded this way, so the same inputs always give the same files."""

from __future__ import annotations

import hashlib

SEED_BITS = 48  # exercise seeds stay exact in JSON readers that hold numbers as doubles


def stable_int(*parts: str, bits: int = SEED_BITS, sep: str = "\x1f") -> int:
    """A number of `bits` bits (at most 64): the first bits of the SHA-256 of `parts` joined by `sep`."""
    digest = hashlib.sha256(sep.join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - bits)
