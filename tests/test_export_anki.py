"""deckapp's .apkg and Anki text file, imported into a fresh collection by the official `anki` package, and
Anki's own text export of that collection imported back by `deckapp import`."""

import dataclasses
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest, ImportCsvRequest

from deckapp.deck import load_deck
from deckapp.deck.reader import parse_deck
from deckapp.deck.text import reflow
from deckapp.export import export_deck
from deckapp.export.html import from_html
from deckapp.export.importers import import_file
from deckapp.export.notes import guid, notes
from deckapp.export.variants import variant_seed

sys.path.insert(0, str(Path(__file__).parent))
from export_samples import every_kind_deck  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUNDLED = load_deck(REPO / "decks" / "mfdl-lecture-02.yaml")
NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def collection(tmp_path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col, path):
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def import_csv(col, path):
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def stored(col) -> dict:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


def comparable(deck):
    """A deck's cards as the round trip must keep them (Anki sorts tags, and keeps no deck description; lines the
    deck file wrapped by hand reach Anki joined, deckapp.deck.text.reflow)."""
    return [dataclasses.replace(card, line=0, tags=tuple(sorted(card.tags)), front=reflow(card.front),
                                back=card.back and reflow(card.back)) for card in deck.cards]


def anki_text_export(col, path: Path) -> Path:
    col.export_note_csv(out_path=str(path), limit=None, with_html=True, with_tags=True, with_deck=True,
                        with_notetype=True, with_guid=True)
    return path


@pytest.fixture(params=["bundled", "every-kind"])
def deck(request):
    return BUNDLED if request.param == "bundled" else every_kind_deck(request.getfixturevalue("tmp_path"))


def test_apkg_arrives_in_anki_with_front_back_and_tags_intact(collection, tmp_path, deck):
    export_deck(deck, "apkg", str(tmp_path / "d.apkg"), variants=2, now=NOW)
    log = import_apkg(collection, tmp_path / "d.apkg")
    arrived = stored(collection)
    exercises = deck.exercise_count
    assert len(log.new) == len(arrived) == len(deck.cards) - exercises + 2 * exercises
    for card in deck.cards:
        if card.kind == "exercise":
            for number in (1, 2):
                note = arrived[guid(deck.id, card.id, variant_seed(deck.id, card.id, number))]
                assert from_html(note["Front"]).startswith(reflow(card.front))
                assert sorted(note.tags) == sorted(card.tags)
            continue
        note = arrived[guid(deck.id, card.id)]
        assert from_html(note["Front"]) == reflow(card.front)
        assert sorted(note.tags) == sorted(card.tags)
        if card.kind == "typed":
            assert note["Back"] == card.answer and from_html(note["Note"]) == reflow(card.back or "")
            assert "{{type:Back}}" in note.note_type()["tmpls"][0]["qfmt"]
        else:
            assert from_html(note["Back"]) == reflow(card.back)


def test_maths_is_stored_with_mathjax_delimiters(collection, tmp_path):
    export_deck(BUNDLED, "apkg", str(tmp_path / "d.apkg"), now=NOW)
    import_apkg(collection, tmp_path / "d.apkg")
    note = stored(collection)[guid(BUNDLED.id, "linear-function")]
    assert r"\(f(x) = kx + n\)" in note["Back"] and r"\(k &gt; 0\)" in note["Back"] and "$" not in note["Back"]
    question = collection.get_card(note.card_ids()[0]).answer()
    assert r"\(k = \frac{y_2 - y_1}{x_2 - x_1}\)" in question


def test_importing_a_re_export_adds_no_notes_and_updates_an_edited_card(collection, tmp_path):
    export_deck(BUNDLED, "apkg", str(tmp_path / "d.apkg"), now=NOW)
    first = import_apkg(collection, tmp_path / "d.apkg")
    edited_card = dataclasses.replace(BUNDLED.card("chain-rule"), back="Edited: $g'(f(x)) f'(x)$.")
    edited = dataclasses.replace(BUNDLED, cards=tuple(edited_card if c.id == "chain-rule" else c
                                                      for c in BUNDLED.cards))
    export_deck(edited, "apkg", str(tmp_path / "d.apkg"), now=NOW + timedelta(days=1))
    second = import_apkg(collection, tmp_path / "d.apkg")
    assert len(first.new) == len(stored(collection)) and len(second.new) == 0
    assert stored(collection)[guid(BUNDLED.id, "chain-rule")]["Back"] == r"Edited: \(g'(f(x)) f'(x)\)."


def test_csv_arrives_in_anki_and_a_second_import_adds_nothing(collection, tmp_path, deck):
    export_deck(deck, "csv", str(tmp_path / "d.csv"), now=NOW)
    first = import_csv(collection, tmp_path / "d.csv")
    second = import_csv(collection, tmp_path / "d.csv")
    arrived = stored(collection)
    assert len(first.new) == len(arrived) == len(deck.cards) and len(second.new) == 0
    expected = {note.guid: note for note in notes(deck)}
    for key, note in arrived.items():
        assert note.note_type()["name"] == "Basic"
        assert (note["Front"], note["Back"]) == (expected[key].front, expected[key].back)
        assert sorted(note.tags) == sorted(expected[key].tags)
    if deck is BUNDLED:
        assert r"\(\frac{df}{dx}\)" in arrived[guid(BUNDLED.id, "derivative-notation")]["Back"]


@pytest.mark.parametrize("fmt", ["apkg", "csv"])
def test_into_anki_and_back_loses_and_duplicates_nothing(collection, tmp_path, fmt, deck):
    """The issue's "done": a deck into Anki, Anki's "Notes in Plain Text" export back into deckapp."""
    export_deck(deck, fmt, str(tmp_path / f"d.{fmt}"), variants=3, now=NOW)
    (import_apkg if fmt == "apkg" else import_csv)(collection, tmp_path / f"d.{fmt}")
    text = import_file(str(anki_text_export(collection, tmp_path / "from-anki.txt")))
    back = parse_deck(text)
    assert back.id == deck.id and back.title == deck.title
    assert comparable(back) == comparable(deck)
