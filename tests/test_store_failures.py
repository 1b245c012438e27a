"""Every failure of the review store is a StoreError: one line naming the store file and the plain cause, with
nothing half-written, so the study app can show it and let the student grade again. Real conditions: another
connection holding the write lock, SQLite's own disk-full, a read-only file, a damaged page, a second deckapp."""

import sqlite3
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import damage, run_unprivileged

from deckapp.deck.model import Card, Deck
from deckapp.review.stats import deck_stats, report, reviews_per_day
from deckapp.review.store import StoreError, open_store
from deckapp.review.summary import last_review_id, session_summary

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "reviews.sqlite3"


def one_line_naming(error: StoreError, path: Path) -> str:
    text = str(error)
    assert "\n" not in text and text.startswith(f"{path}: ")
    return text


def test_a_grade_while_another_process_holds_the_write_lock_is_refused_whole_and_can_be_given_again(db):
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 5, NOW)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db, busy_timeout=0.2) as store:
            with pytest.raises(StoreError) as caught:
                store.review("deck", "b", "sm2", 4, NOW)
            assert one_line_naming(caught.value, db).endswith(
                "cannot save the review: it is locked by another process (waited for 0.2 s); "
                "try again once that process is done with it")
            assert not store.conn.in_transaction
            other.execute("ROLLBACK")
            store.review("deck", "b", "sm2", 4, NOW)  # the same grade, given again, is saved
            assert [(row.card_id, row.quality) for row in store.log()] == [("a", 5), ("b", 4)]
    finally:
        other.close()


def test_an_undo_while_another_process_holds_the_write_lock_changes_nothing(db):
    with open_store(db, busy_timeout=0.2) as store:
        row = store.review("deck", "a", "sm2", 5, NOW)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="cannot undo the review: it is locked by another process"):
                store.undo_review(row.id)
        finally:
            other.close()
        assert [r.id for r in store.log()] == [row.id]


def test_a_full_disk_is_named_and_loses_no_saved_review(db):
    """SQLite's own disk-full condition (SQLITE_FULL), reached by capping the pages the file may grow to."""
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 5, NOW)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError) as caught:
            for i in range(10_000):
                store.review("deck", f"card-{i}", "sm2", 4, NOW, answer="x" * 500)
        assert one_line_naming(caught.value, db).endswith(
            "cannot save the review: the disk is full; free some space and try again")
        saved = store.log()
        assert len(saved) == 1 + i  # the grades before are kept; the one that failed left nothing behind
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


GRADE = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from deckapp.review.store import StoreError, open_store
    try:
        with open_store(sys.argv[1]) as store:
            store.review("deck", "b", "sm2", 4, datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    except StoreError as exc:
        print(exc)
""")


def test_a_read_only_store_file_is_named_as_such(db):
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 5, NOW)
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        result = run_unprivileged("-c", GRADE, str(db))
    finally:
        db.chmod(0o644)
    assert result.stderr == ""
    assert result.stdout == (f"{db}: cannot save the review: the file is read-only (or on a read-only disk); "
                             "make it writable or pick another --db\n")
    assert db.read_bytes() == before


def page_of(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()


def overwrite_page(db: Path, page: int, seed: int = 15) -> None:
    import random

    with open(db, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(random.Random(seed).randbytes(4096))


def test_reading_a_damaged_page_is_a_store_error_naming_the_file_and_the_way_to_recover(db, monkeypatch):
    """`deckapp stats` reads without checking the whole file first; a page it cannot read is still one line."""
    with open_store(db) as store:
        for i in range(20):
            store.review("mfdl-lecture-02", "find-minimum", "sm2", 4, NOW + timedelta(days=i))
    report([], str(db), NOW)  # the bundled deck is in the index: the next run only reads
    overwrite_page(db, page_of(db, "card_state"))
    with pytest.raises(StoreError) as caught:
        report([], str(db), NOW)
    text = one_line_naming(caught.value, db)
    assert "cannot read the store: the store is damaged (database disk image is malformed); to recover: " \
           f"'deckapp doctor --db {db}' writes a recovered copy beside it" in text


DECK = Deck("deck", "Deck", (Card("a", "Front", back="Back"),))


@pytest.mark.parametrize(("damaged", "read"), [
    ("review_log", lambda store: store.last_review("deck", NOW - timedelta(days=1))),
    ("review_log", lambda store: last_review_id(store.conn)),
    ("review_log", lambda store: session_summary(store.conn, [DECK], 0, NOW)),
    ("card_state", lambda store: deck_stats(store.conn, DECK, NOW)),
    ("review_log_deck_time", lambda store: reviews_per_day(store.conn, "deck", NOW)),
])
def test_the_study_apps_reads_of_a_store_damaged_under_it_are_store_errors_with_the_way_to_recover(db, damaged,
                                                                                                   read):
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 4, NOW)
        damage(store, damaged)
        with pytest.raises(StoreError) as caught:
            read(store)
    assert one_line_naming(caught.value, db).startswith(
        f"{db}: cannot read the store: the store is damaged (database disk image is malformed); to recover: "
        f"'deckapp doctor --db {db}' writes a recovered copy beside it")


def test_an_sqlite_error_that_escapes_to_the_command_line_is_named_by_its_cause(db, monkeypatch, capsys):
    """The last net of `deckapp`: an SQLite error no domain function put in words gets the same words."""
    from deckapp import cli

    open_store(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    def stats(args):
        sqlite3.connect(db, timeout=0, isolation_level=None).execute("BEGIN IMMEDIATE")

    monkeypatch.setitem(cli.COMMANDS, "stats", stats)
    try:
        code = cli.main(["stats", "--db", str(db)])
    finally:
        other.close()
    assert code == 2
    assert capsys.readouterr().err == (f"deckapp: {db}: cannot use the store: it is locked by another process "
                                       "(waited); try again once that process is done with it\n")


def test_undo_after_a_second_deckapp_graded_the_card_again_names_the_store(db):
    with open_store(db) as first, open_store(db) as second:
        mine = first.review("deck", "a", "sm2", 4, NOW)
        second.review("deck", "a", "sm2", 5, NOW + timedelta(minutes=1))
        with pytest.raises(StoreError) as caught:
            first.undo_review(mine.id)
        assert one_line_naming(caught.value, db).endswith(
            "cannot undo the review of card 'a': the card was reviewed again since (perhaps in another deckapp); "
            "undo that review first")
        assert len(first.log()) == 2


def test_the_cli_reports_a_store_failure_in_one_line_with_exit_2(db, deckapp_cli):
    """A damaged store that `stats` would write its deck index to: refused, in one line, before writing."""
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 5, NOW)
    overwrite_page(db, page_of(db, "review_log"))
    before = db.read_bytes()
    result = deckapp_cli("stats", "--db", str(db))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"deckapp: {db}: refused before writing anything: the store is damaged (")
    assert db.read_bytes() == before
