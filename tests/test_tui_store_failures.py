"""The study app when the review store fails under it, in real conditions: another connection holding the write
lock, a full store, a read-only file, a file damaged while in use, and an undo after another deckapp graded the
same card. The app keeps running, says what happened naming the file, keeps the grade for a retry, and the run
ends with an error (exit 2) rather than exit 0."""

import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import damage
from tui_pilot import NOW, text_of

from deckapp.deck.model import Card, Deck
from deckapp.review.store import open_store
from deckapp.tui.app import DeckApp, make_app

DECK_ID = "mfdl-lecture-02"  # the bundled deck
WAIT = 0.1  # seconds a write waits for a lock before giving up (deckapp waits 10 s)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "reviews.sqlite3"


def holding_the_write_lock(path):
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def cards_graded(store):
    return [(row.card_id, row.quality) for row in store.log()]


async def test_a_grade_while_another_program_holds_the_lock_is_kept_and_saved_by_r(path):
    with open_store(path, busy_timeout=WAIT) as store:
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space")
            other = holding_the_write_lock(path)
            await pilot.press("5")
            problem = text_of(app, "#problem")
            assert "Grade 5 was not saved" in problem and str(path) in problem and "locked" in problem
            assert "r tries again" in problem
            assert problem.count("lock") == 1  # the store's own words, not followed by a paraphrase of them
            screen = app.screen
            assert screen.prompt.card.id == "find-minimum" and screen.answered and screen.pending == 5
            assert cards_graded(store) == []
            other.execute("ROLLBACK")
            other.close()
            await pilot.press("r")
            assert cards_graded(store) == [("find-minimum", 5)]
            assert screen.prompt.card.id == "linear-function" and text_of(app, "#problem") == ""
            assert len(app.store_failures) == 1 and app.grades_lost == 0
        failure = app.failure()
        assert failure is not None and str(path) in str(failure) and "locked" in str(failure)


async def test_a_full_store_keeps_the_grade_until_there_is_room(path):
    long_id = "a" * 6000  # a grade of this card needs new pages
    deck = Deck("full", "Full", (Card(long_id, "Front", back="Back"), Card("b", "Second", back="Back")))
    with open_store(path, busy_timeout=WAIT) as store:
        app = make_app(store, lambda: NOW, deck)
        async with app.run_test(size=(100, 30)) as pilot:
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
            await pilot.press("space", "4")
            problem = text_of(app, "#problem")
            assert "full" in problem and str(path) in problem and app.screen.pending == 4
            await pilot.press("3")  # another grade is tried, and kept in its place
            assert app.screen.pending == 3 and store.log() == []
            store.conn.execute("PRAGMA max_page_count = 1073741823")
            await pilot.press("r")
            assert cards_graded(store) == [(long_id, 3)] and app.screen.prompt.card.id == "b"


@pytest.fixture
def read_only(path):
    """Make the store file unwritable: chmod for a user; for root, whom permissions do not stop, the immutable
    attribute."""
    with open_store(path, busy_timeout=WAIT) as store:
        store.review(DECK_ID, "chain-rule", "sm2", 4, NOW.replace(day=1))
    if os.geteuid() != 0:
        os.chmod(path, 0o444)
        yield path
        os.chmod(path, 0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root where the file system has no immutable attribute")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


async def test_a_read_only_store_keeps_the_app_running_and_the_lost_grade_is_reported(read_only):
    with open_store(read_only, busy_timeout=WAIT) as store:
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space", "4")
            problem = text_of(app, "#problem")
            assert "read-only" in problem and str(read_only) in problem
            await pilot.press("escape")
            assert "still not saved" in text_of(app, "#problem") and type(app.screen).__name__ == "StudyScreen"
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen" and app.grades_lost == 1
            assert cards_graded(store) == [("chain-rule", 4)]  # what was there is intact
        assert "1 grade could not be saved" in str(app.failure())


async def test_a_store_damaged_under_the_app_is_reported_and_the_app_goes_on(path):
    with open_store(path, busy_timeout=WAIT) as store:
        store.review(DECK_ID, "chain-rule", "sm2", 4, NOW.replace(day=1))
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            damage(store)
            await pilot.press("enter")
            front = text_of(app, "#front")
            assert "cannot be read" in front and "damaged" in front and str(path) in front
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen" and app.is_running
        assert "malformed" in str(app.failure())


async def test_one_failure_met_by_several_reads_at_once_is_one_message(path):
    """Back from a session on a damaged store, the summary and Home's counts both fail to read it: the student
    sees the message once, not stacked twice."""
    with open_store(path, busy_timeout=WAIT) as store:
        store.review(DECK_ID, "chain-rule", "sm2", 4, NOW.replace(day=1))
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            damage(store, "review_log")
            damage(store, "card_state")
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen).__name__ == "HomeScreen" and len(app.store_failures) == 2
            shown = [str(note.message) for note in app._notifications]
            assert len(shown) == len(set(shown)) == 1 and "damaged" in shown[0]


@pytest.mark.parametrize(("table", "keys", "shown_in"), [
    ("card_state", ["m"], None),  # study more counts the cards left
    ("card_state", ["s"], "#stats-counts"),  # the stats screen
    ("review_log", ["enter"], None),  # a session notes where the log stood when it began
    ("review_log", ["ctrl+p", *"undo", "enter"], None),  # undo from Home looks for today's last grade
])
async def test_a_store_damaged_under_home_is_reported_whatever_reads_it(path, table, keys, shown_in):
    with open_store(path, busy_timeout=WAIT) as store:
        store.review(DECK_ID, "chain-rule", "sm2", 4, NOW)
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            damage(store, table)
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running and app.store_failures
            line = app.store_failures[-1]
            assert "damaged" in line and str(path) in line and f"deckapp doctor --db {path}" in line
            if shown_in is None:  # a notification, the screen under it unchanged
                assert any(line == str(note.message) for note in app._notifications)
            else:
                assert line in text_of(app, shown_in)
            await pilot.press("escape")
            assert type(app.screen).__name__ == "HomeScreen"
        assert "damaged" in str(app.failure())


def test_an_sqlite_error_that_slipped_through_is_described_in_the_stores_words(path):
    from deckapp.tui.store_problems import describe

    open_store(path).close()
    other = holding_the_write_lock(path)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            sqlite3.connect(path, timeout=0, isolation_level=None).execute("BEGIN IMMEDIATE")
    finally:
        other.close()
    assert describe(caught.value, path, waited=WAIT) == (
        f"the review store {path}: it is locked by another process (waited for {WAIT} s); try again once that "
        "process is done with it")


async def test_undo_after_another_deckapp_graded_the_card_says_so_and_goes_on(path):
    with open_store(path, busy_timeout=WAIT) as store, open_store(path, busy_timeout=WAIT) as second_instance:
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space", "5")
            second_instance.review(DECK_ID, "find-minimum", "sm2", 2, NOW)
            await pilot.press("u")
            problem = text_of(app, "#problem")
            assert "Nothing was undone" in problem and "reviewed again since" in problem and str(path) in problem
            assert app.screen.prompt.card.id == "linear-function" and app.is_running
            assert cards_graded(store) == [("find-minimum", 5), ("find-minimum", 2)]
            await pilot.press("space", "4")  # the session goes on
            assert cards_graded(store)[-1] == ("linear-function", 4)


async def test_undo_on_home_while_another_program_holds_the_lock_is_a_store_failure_of_the_run(path):
    with open_store(path, busy_timeout=WAIT) as store:
        app = make_app(store, lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "space", "5", "escape")
            other = holding_the_write_lock(path)
            try:
                await pilot.press("ctrl+p", *"undo", "enter")
                await pilot.pause()
            finally:
                other.close()
            assert app.is_running and type(app.screen).__name__ == "HomeScreen"
            line = app.store_failures[-1]
            assert "cannot undo the review" in line and "locked" in line and str(path) in line
            assert any(line == str(note.message) for note in app._notifications)
            assert cards_graded(store) == [("find-minimum", 5)]
        assert "locked" in str(app.failure())


def test_the_command_line_ends_with_one_line_and_exit_2_after_a_store_failure(path, monkeypatch, capsys):
    """The real `deckapp` run (headless), a grade the store never took, then Ctrl+Q: not exit 0."""
    from deckapp import cli

    held = []

    async def student(pilot):
        await pilot.press("enter", "space")
        held.append(holding_the_write_lock(path))
        await pilot.press("4")
        await pilot.press("ctrl+q")

    real_run = DeckApp.run
    monkeypatch.setattr(DeckApp, "run", lambda self: real_run(self, headless=True, size=(80, 24), auto_pilot=student))
    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli.sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("DECKAPP_NOW", NOW.isoformat())
    code = cli.main(["--db", str(path)])
    held[0].close()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert str(path) in err[0] and "locked" in err[0] and "1 grade could not be saved" in err[0]
    assert "Traceback" not in err[0] and sys.exc_info() == (None, None, None)
