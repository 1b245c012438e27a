"""The stable numbers behind exported variants, Anki ids and homework exercises: one SHA-256 helper, whose values
must never change (re-runs and re-exports are byte-identical, and Anki recognises its notes by them)."""

import hashlib

from deckapp.exercises.seeds import SEED_BITS, stable_int
from deckapp.export.anki import anki_id
from deckapp.export.variants import variant_seed
from deckapp.homework.sheets import exercise_seed


def sha256_bits(text: str, bits: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big") >> (256 - bits)


def test_a_stable_int_is_the_first_bits_of_the_sha256_of_its_parts():
    for bits in (1, 30, SEED_BITS, 64):
        assert stable_int("a", "é", bits=bits) == sha256_bits("a\x1fé", bits)
        assert stable_int("a", "é", bits=bits, sep="\n") == sha256_bits("a\né", bits)


def test_homework_and_export_seeds_keep_their_values():
    assert SEED_BITS == 48
    assert exercise_seed(2026, "  Ada   LOVELACE ", 3) == sha256_bits("2026\nada lovelace\n3", 48)
    assert variant_seed("mfdl", "chain-rule", 2) == sha256_bits("deckapp-variant\x1fmfdl\x1fchain-rule\x1f2", 48)
    assert anki_id("deck", "mfdl") == (1 << 30) + sha256_bits("deck\x1fmfdl", 30)
