"""`deckapp stats`: per-deck counts, retention over 30 days, and a 14-day forecast."""

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckapp.cli import main
from deckapp.deck import Card, Deck, load_deck
from deckapp.review.stats import deck_stats
from deckapp.review.store import open_store

REPO = Path(__file__).resolve().parent.parent
DECK = load_deck(REPO / "decks" / "mfdl-lecture-02.yaml")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_fresh_store_everything_is_new(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        stats = deck_stats(store.conn, DECK, NOW)
    assert stats == {"id": "mfdl-lecture-02", "title": DECK.title, "cards": 28, "new": 28, "due": 0, "learned": 0,
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
    assert stats["cards"] == 28 and stats["new"] == 23
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
    assert out[1].split() == ["mfdl-lecture-02", "28", "28", "0", "0", "0", "0", "—"]


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
    assert json.loads(capsys.readouterr().out)["decks"][0]["new"] == 28


# --- The fast figures against the plain definitions -----------------------------------------------------------
# deck_stats reads per-day counters and compares stamps as text; these tests recompute every figure from the
# log and the card states the slow, obvious way (COUNT over rows, study.is_due_by on parsed records) and compare.

EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("review"), st.sampled_from(["deck-a", "deck-b"]), st.integers(0, 5),
                  st.integers(0, 45 * 24 * 60), st.integers(0, 5)),
        st.tuples(st.just("undo"), st.sampled_from(["deck-a", "deck-b"])),
    ),
    max_size=40,
)
START = datetime(2026, 1, 20, 0, 0, tzinfo=UTC)


def play(store, events):
    """Reviews at minutes after START (cards c0..c5, graded 0..5) and undos of a deck's last review."""
    for event in events:
        if event[0] == "review":
            _, deck_id, card, minutes, quality = event
            store.review(deck_id, f"c{card}", "sm2", quality, START + timedelta(minutes=minutes))
        else:
            store.undo_last(event[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS, since_minutes=st.integers(-60, 46 * 24 * 60),
       offset_minutes=st.sampled_from([0, 330, -480, 59]))
def test_review_counts_match_counting_the_log(tmp_path_factory, events, since_minutes, offset_minutes):
    from deckapp.review.stats import learned_reviews_since

    db = tmp_path_factory.mktemp("counts") / "s.sqlite3"
    since = (START + timedelta(minutes=since_minutes)).astimezone(timezone(timedelta(minutes=offset_minutes)))
    with open_store(db) as store:
        play(store, events)
        for deck_id in ("deck-a", "deck-b"):
            rows = [row for row in store.log(deck_id)]
            learned = [row for row in rows if row.reviewed_at >= since and row.before and row.before.learned]
            expected = (len(learned), sum(1 for row in learned if row.quality >= 3))
            assert learned_reviews_since(store.conn, deck_id, since) == expected
            deck = Deck(deck_id, deck_id, tuple(Card(f"c{i}", "f", back="b") for i in range(6)))
            assert deck_stats(store.conn, deck, since)["reviews"] == len(rows)


def reference_forecast(store, deck, now):
    """Each card counted once, on the first study day by whose end the study queue (is_due_by) has it due."""
    from deckapp.review.day import study_day_start
    from deckapp.review.queue import is_due_by

    records = store.card_records(deck.id, list(deck.card_ids))
    ends = [study_day_start(now) + timedelta(days=k + 1) for k in range(14)]
    forecast = [0] * 14
    for record in records.values():
        first = next((k for k, end in enumerate(ends) if is_due_by(record, end)), None)
        if first is not None:
            forecast[first] += 1
    return forecast


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS, now_minutes=st.integers(0, 60 * 24 * 60), offset_minutes=st.sampled_from([0, 330, -480]))
def test_forecast_and_due_match_the_study_queues_notion_of_due(tmp_path_factory, events, now_minutes,
                                                              offset_minutes):
    db = tmp_path_factory.mktemp("forecast") / "s.sqlite3"
    deck = Deck("deck-a", "A", tuple(Card(f"c{i}", "f", back="b") for i in range(4)))  # c4, c5 left the deck
    now = (START + timedelta(minutes=now_minutes)).astimezone(timezone(timedelta(minutes=offset_minutes)))
    with open_store(db) as store:
        play(store, events)
        stats = deck_stats(store.conn, deck, now)
        records = store.card_records(deck.id, list(deck.card_ids))
        assert stats["forecast"] == reference_forecast(store, deck, now)
        assert stats["due"] == stats["forecast"][0]
        assert stats["new"] == 4 - len(records)
        assert stats["learned"] == sum(1 for r in records.values() if r.learned)


def test_a_card_awaiting_its_same_day_repeat_is_due_today_even_when_reviewed_tomorrow(tmp_path):
    """SM-2 step 7: a 3 marks the card for a repeat; it is due today whatever its due time says."""
    deck = Deck("deck-a", "A", (Card("c0", "f", back="b"),))
    with open_store(tmp_path / "s.sqlite3") as store:
        store.review(deck.id, "c0", "sm2", 3, NOW + timedelta(days=3))
        assert store.card_records(deck.id)["c0"].state["needs_extra_review"] is True
        assert deck_stats(store.conn, deck, NOW)["forecast"][:4] == [1, 0, 0, 0]


def test_a_store_migrated_from_schema_1_counts_its_old_reviews(tmp_path, monkeypatch):
    from deckapp.review import store as store_module

    db = tmp_path / "s.sqlite3"
    with monkeypatch.context() as patched:
        patched.delitem(store_module.MIGRATIONS, 2)
        with open_store(db) as store:
            for day in range(40):
                store.review(DECK.id, DECK.cards[day % 3].id, "sm2", 4 if day % 5 else 2, NOW - timedelta(days=day))
    with open_store(db) as store:
        stats = deck_stats(store.conn, DECK, NOW)
        rows = store.log(DECK.id)
    learned = [r for r in rows if r.reviewed_at >= NOW - timedelta(days=30) and r.before and r.before.learned]
    assert stats["reviews"] == 40 == len(rows)
    assert stats["retention"] == round(sum(r.quality >= 3 for r in learned) / len(learned), 4)


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(microseconds=-1), timedelta(microseconds=1)])
def test_retention_window_edges_are_exact(tmp_path, offset):
    """Reviews of learned cards at the window's first instant, just around it, and at the UTC midnights around."""
    from deckapp.review.stats import learned_reviews_since

    since = datetime(2026, 2, 8, 15, 30, tzinfo=UTC) + offset
    moments = [datetime(2026, 2, 8, 15, 30, tzinfo=UTC) + timedelta(microseconds=d) for d in (-1, 0, 1)]
    moments += [datetime(2026, 2, 8, tzinfo=UTC), datetime(2026, 2, 9, tzinfo=UTC),
                datetime(2026, 2, 9, tzinfo=UTC) - timedelta(microseconds=1)]
    with open_store(tmp_path / "s.sqlite3") as store:
        for k, moment in enumerate(sorted(moments)):
            store.review("deck", f"c{k}", "sm2", 5, moment - timedelta(days=1))  # learned the day before
            store.review("deck", f"c{k}", "sm2", 2 if k % 2 else 4, moment)
        counted = [m for m in sorted(moments) if m >= since]
        passed = [m for k, m in enumerate(sorted(moments)) if m >= since and not k % 2]
        assert learned_reviews_since(store.conn, "deck", since) == (len(counted), len(passed))


def test_the_figures_come_from_one_snapshot_while_another_process_grades(tmp_path):
    """A review graded between deck_stats' reads must show in all of its figures or in none."""
    deck = Deck("deck-a", "A", (Card("c0", "f", back="b"),))
    db = tmp_path / "s.sqlite3"
    with open_store(db) as store, open_store(db) as grader:
        graded = []

        def grade_meanwhile(statement):
            if "review_days" in statement and not graded:
                graded.append(grader.review(deck.id, "c0", "sm2", 5, NOW))

        store.conn.set_trace_callback(grade_meanwhile)
        stats = deck_stats(store.conn, deck, NOW)
        store.conn.set_trace_callback(None)
        assert graded
        assert (stats["new"], stats["reviews"], stats["reviews_today"]) in [(1, 0, 0), (0, 1, 1)]
        assert deck_stats(store.conn, deck, NOW)["reviews"] == 1  # the next look sees it


def test_cli_reports_every_bad_deck_then_exits_1(tmp_path, capsys):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("deck: a\ntitle: A\ncards: []\n", encoding="utf-8")
    second.write_text("deck: b\ntitle: B\ncards:\n  - id: x\n    front: F\n", encoding="utf-8")
    assert main(["stats", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == [str(first), str(second)]


def test_cli_refuses_two_given_decks_with_one_id_but_not_one_file_given_twice(tmp_path, capsys):
    deck = tmp_path / "mine.yaml"
    deck.write_text("deck: mine\ntitle: Mine\ncards:\n  - id: a\n    front: F\n    back: B\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(deck)
    assert main(["stats", "--json", str(deck), str(tmp_path / "link.yaml"), str(deck)]) == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)["decks"]] == ["mfdl-lecture-02", "mine"]
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(deck.read_bytes())
    assert main(["stats", str(deck), str(copy)]) == 2
    assert capsys.readouterr().err == f"deckapp: {copy}: deck id 'mine' is also used by {deck}; give one of them\n"


def test_a_folder_with_no_decks_is_a_usage_error_not_silence(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not a deck")
    assert main(["stats", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"deckapp: {tmp_path}: no deck files in this folder "
                                       "(deck files end in .yaml or .yml)\n")
