"""`deckapp stats`: per-deck counts, retention over 30 days, and a 14-day forecast."""

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deckapp.cli import main
from deckapp.deck import load_deck
from deckapp.stats import deck_stats
from deckapp.store import open_store

REPO = Path(__file__).resolve().parent.parent
DECK = load_deck(REPO / "decks" / "mfdl-lecture-02.yaml")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_fresh_store_everything_is_new(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        stats = deck_stats(store.conn, DECK, NOW)
    assert stats == {"id": "mfdl-lecture-02", "title": DECK.title, "cards": 21, "new": 21, "due": 0, "learned": 0,
                     "reviews": 0, "reviews_today": 0, "retention": None, "forecast": [0] * 14}


def test_counts_after_some_reviews(tmp_path):
    ids = [card.id for card in DECK.cards]
    with open_store(tmp_path / "s.sqlite3") as store:
        # Five days ago: four cards learned (due in 1 day, so overdue now); one failed.
        for card_id in ids[:4]:
            store.review(DECK.id, card_id, "sm2", 4, NOW - timedelta(days=5))
        store.review(DECK.id, ids[4], "sm2", 1, NOW - timedelta(days=5))
        # Today: two of the learned cards reviewed again, one passes (interval 6), one fails.
        store.review(DECK.id, ids[0], "sm2", 5, NOW)
        store.review(DECK.id, ids[1], "sm2", 2, NOW)
        # A card that has left the deck keeps its history in `reviews` only.
        store.review(DECK.id, "retired-card", "sm2", 5, NOW)
        stats = deck_stats(store.conn, DECK, NOW)
    assert stats["cards"] == 21 and stats["new"] == 16
    assert stats["learned"] == 3  # ids[0], ids[2], ids[3]; ids[1] and ids[4] lapsed
    assert stats["due"] == 4  # ids[1] and ids[4] (lapsed), ids[2] and ids[3] (overdue)
    assert stats["reviews"] == 8 and stats["reviews_today"] == 3
    assert stats["retention"] == 0.5  # of the two reviews of learned cards, one passed
    forecast = [0] * 14
    forecast[0] = 4
    forecast[6] = 1  # ids[0]: interval 6 from today
    assert stats["forecast"] == forecast


def test_retention_only_counts_the_last_30_days(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        store.review(DECK.id, "find-minimum", "sm2", 4, NOW - timedelta(days=60))
        store.review(DECK.id, "find-minimum", "sm2", 1, NOW - timedelta(days=40))
        assert deck_stats(store.conn, DECK, NOW)["retention"] is None
        store.review(DECK.id, "find-minimum", "sm2", 4, NOW - timedelta(days=39))
        store.review(DECK.id, "find-minimum", "sm2", 3, NOW - timedelta(days=1))
        assert deck_stats(store.conn, DECK, NOW)["retention"] == 1.0


def test_cli_json_has_the_contract_keys(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_NOW", NOW.isoformat())
    extra = tmp_path / "extra.yaml"
    extra.write_text("deck: extra\ntitle: Extra\ncards:\n  - id: a\n    front: F\n    back: B\n", encoding="utf-8")
    assert main(["stats", "--json", str(extra)]) == 0
    decks = json.loads(capsys.readouterr().out)["decks"]
    assert [d["id"] for d in decks] == ["mfdl-lecture-02", "extra"]
    assert set(decks[0]) == {"id", "title", "cards", "new", "due", "learned", "reviews", "reviews_today",
                             "retention", "forecast"}


def test_cli_table_is_readable(monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_NOW", NOW.isoformat())
    assert main(["stats"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Deck", "Cards", "New", "Due", "Learned", "Reviews", "Today", "Retention"]
    assert out[1].split() == ["mfdl-lecture-02", "21", "21", "0", "0", "0", "0", "—"]


@pytest.mark.parametrize("environment_store_exists", [False, True])
def test_cli_db_flag_overrides_the_environment(environment_store_exists, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_NOW", NOW.isoformat())
    from_environment = tmp_path / "environment" / "store.sqlite3"
    from_environment.parent.mkdir()
    monkeypatch.setenv("DECKAPP_DB", str(from_environment))
    if environment_store_exists:
        with open_store(from_environment) as store:
            store.review(DECK.id, DECK.cards[0].id, "sm2", 5, NOW - timedelta(days=3))
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in from_environment.parent.iterdir()}
    chosen = tmp_path / "chosen.sqlite3"
    assert main(["stats", "--json", "--db", str(chosen)]) == 0
    assert chosen.exists()
    assert json.loads(capsys.readouterr().out)["decks"][0]["reviews"] == 0  # read from the chosen store
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in from_environment.parent.iterdir()}
    assert after == before  # the environment's store was neither created nor touched


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    """Where the default store would go (platformdirs reads XDG_DATA_HOME), to see that nothing lands there."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.mark.parametrize("argv", [["stats", "--db", ""], ["stats", "--db="], ["--db", "", "stats"]])
def test_an_empty_db_flag_is_a_usage_error_not_the_default_store(argv, user_data, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "deckapp: --db is empty: give the path of a store file\n"
    assert not user_data.exists() and not Path(os.environ["DECKAPP_DB"]).exists()


def test_an_empty_db_variable_is_a_usage_error_not_the_default_store(user_data, monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_DB", "")
    assert main(["stats"]) == 2
    assert capsys.readouterr().err == "deckapp: DECKAPP_DB is set but empty: give the path of a store file\n"
    assert not user_data.exists()


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59+00:00", "9001-01-01T00:00:00", "1969-12-31T23:59:59+00:00",
                                    "0001-01-01T00:00:00+00:00"])
def test_a_clock_override_outside_1970_to_9000_is_a_usage_error(moment, monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_NOW", moment)
    assert main(["stats"]) == 2
    assert capsys.readouterr().err == (f"deckapp: DECKAPP_NOW={moment!r} is outside the years 1970 to 9000; "
                                       "give a time such as 2026-03-01T09:30:00+01:00\n")


@pytest.mark.parametrize("moment", ["1970-01-01T00:00:00+05:00", "9000-12-31T23:59:59-12:00"])
def test_a_clock_override_at_the_edges_of_the_range_works(moment, monkeypatch, capsys):
    monkeypatch.setenv("DECKAPP_NOW", moment)
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decks"][0]["new"] == 21
