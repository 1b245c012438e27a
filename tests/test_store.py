"""The review store: grades committed one by one, exact undo, migrations, and files it must not touch."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_unprivileged

from deckapp.review import store as store_module
from deckapp.review.store import StoreError, open_store

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "reviews.sqlite3"


def test_a_grade_updates_state_and_appends_to_the_log(db):
    with open_store(db) as store:
        row = store.review("deck", "card", "sm2", 5, NOW, answer="2*x", seed=7, duration_ms=1500)
        assert row.before is None and row.after.state["interval"] == 1
        [logged] = store.log("deck")
        assert logged == row
        assert (logged.answer, logged.seed, logged.duration_ms) == ("2*x", 7, 1500)
        record = store.card_records("deck")["card"]
        assert record.due == datetime(2026, 3, 3, 4, 0, tzinfo=UTC)  # tomorrow's study day starts at 04:00


def test_history_is_keyed_by_deck_and_card_id(db):
    with open_store(db) as store:
        store.review("deck-a", "card", "sm2", 5, NOW)
        store.review("deck-b", "card", "sm2", 1, NOW)
        assert store.card_records("deck-a")["card"].state["interval"] == 1
        assert store.card_records("deck-b")["card"].state["interval"] == 0


def test_undo_restores_the_previous_state_exactly(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
        store.review("deck", "card", "sm2", 4, NOW + timedelta(days=1))
        before = store.card_records("deck")
        log_before = store.log()
        store.review("deck", "card", "sm2", 1, NOW + timedelta(days=7))
        undone = store.undo_last("deck")
        assert undone.quality == 1
        assert store.card_records("deck") == before
        assert store.log() == log_before


def test_undo_of_a_first_review_makes_the_card_new_again(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 4, NOW)
        store.undo_last()
        assert store.card_records("deck") == {} and store.log() == []
        assert store.undo_last() is None


def test_only_a_cards_latest_review_can_be_undone(db):
    with open_store(db) as store:
        first = store.review("deck", "card", "sm2", 4, NOW)
        store.review("deck", "card", "sm2", 4, NOW + timedelta(days=1))
        with pytest.raises(StoreError, match="reviewed again since"):
            store.undo_review(first.id)
        assert len(store.log()) == 2


def test_the_log_is_append_only(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 4, NOW)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute("UPDATE review_log SET quality = 5")


def test_a_deck_that_changes_scheduler_starts_its_cards_afresh(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
        row = store.review("deck", "card", "fsrs", 4, NOW + timedelta(days=1))
        assert row.before.scheduler == "sm2" and row.after.scheduler == "fsrs"
        assert "stability" in row.after.state


def test_store_is_in_wal_mode_with_a_busy_timeout(db):
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


GRADER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime, timedelta
    from deckapp.review.store import open_store
    store = open_store(sys.argv[1])
    start = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    for i in range(int(sys.argv[2])):
        store.review("deck", f"card-{i % 50}", "sm2", i % 6, start + timedelta(seconds=i))
        print(i, flush=True)
""")


def test_kill_9_loses_nothing_that_was_graded(db):
    child = subprocess.Popen([sys.executable, "-c", GRADER, str(db), "100000"], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    acknowledged = -1
    for line in child.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        log = store.log("deck")
        assert len(log) >= acknowledged + 1
        assert [row.id for row in log] == list(range(1, len(log) + 1))
        latest = {}
        for row in log:
            latest[row.card_id] = row.after
        assert store.card_records("deck") == latest


def test_two_processes_grading_one_store_lose_nothing(db):
    open_store(db).close()
    script = GRADER.replace('f"card-{i % 50}"', 'f"{sys.argv[3]}-{i % 5}"')
    children = [subprocess.Popen([sys.executable, "-c", script, str(db), "60", name], stdout=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(REPO)}) for name in ("a", "b")]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.log("deck")) == 120
        assert len(store.card_records("deck")) == 10


def snapshot(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("content", [
    os.urandom(4096),
    b"deck: this is a YAML file, not a store\n",
    b"SQLite format 3\x00" + b"\x00" * 84 + os.urandom(3000),
])
def test_a_file_that_is_not_a_store_is_refused_and_left_untouched(db, content):
    db.write_bytes(content)
    before = snapshot(db)
    with pytest.raises(StoreError, match="not a deckapp store"):
        open_store(db)
    assert snapshot(db) == before


def test_another_programs_database_is_refused_and_left_untouched(db):
    other = sqlite3.connect(db)
    other.execute("CREATE TABLE songs (title TEXT)")
    other.execute("INSERT INTO songs VALUES ('a')")
    other.commit()
    other.close()
    before = snapshot(db)
    with pytest.raises(StoreError, match="another program's database"):
        open_store(db)
    assert snapshot(db) == before


@pytest.mark.parametrize("setup", [
    ["PRAGMA user_version = 7"],
    ["PRAGMA application_id = 1234"],
    ["CREATE VIEW answer AS SELECT 42"],
    ["CREATE TABLE t (x)", "CREATE INDEX t_x ON t (x)", "DROP TABLE t", "PRAGMA user_version = 3"],
], ids=["user-version", "application-id", "view-only", "emptied-with-version"])
def test_an_sqlite_file_marked_by_another_program_is_refused_and_left_untouched(db, setup):
    other = sqlite3.connect(db)
    for statement in setup:
        other.execute(statement)
    other.commit()
    other.close()
    before = snapshot(db)
    with pytest.raises(StoreError, match=r"not a deckapp store \(another program's database\)"):
        open_store(db)
    assert snapshot(db) == before


@pytest.mark.parametrize("folder", ["with space", "what?", "hash#tag", "per%20cent", "per%cent"])
def test_a_store_whose_path_needs_escaping_is_checked_read_only_and_works(tmp_path, folder):
    """The read-only first look opens an SQLite URI, in which '?', '#' and '%' mean something."""
    place = tmp_path / folder
    place.mkdir()
    foreign = place / "other.sqlite3"
    other = sqlite3.connect(foreign)
    other.execute("CREATE TABLE songs (title TEXT)")
    other.commit()
    other.close()
    before = snapshot(foreign)
    with pytest.raises(StoreError, match="another program's database"):  # read, so the URI named this file
        open_store(foreign)
    assert snapshot(foreign) == before
    with open_store(place / "mine.sqlite3") as store:
        store.review("deck", "card", "sm2", 5, NOW)
    with open_store(place / "mine.sqlite3") as store:
        assert len(store.log()) == 1


def test_an_empty_sqlite_file_is_adopted(db):
    other = sqlite3.connect(db)
    other.execute("CREATE TABLE t (x)")
    other.execute("DROP TABLE t")
    other.commit()
    other.close()
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
    with open_store(db) as store:
        assert len(store.log()) == 1


def test_a_store_from_a_newer_deckapp_is_refused(db):
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer deckapp"):
        open_store(db)


@pytest.mark.parametrize("through_a_link", [False, True])
def test_a_newer_schema_still_in_the_wal_is_refused_and_nothing_is_checkpointed(tmp_path, through_a_link):
    """A newer deckapp's migration may sit in the WAL with the main file's header still at our schema (it crashed
    before a checkpoint). Its store must be refused without folding that WAL into the main file, also when the
    store is reached through a symlink (SQLite names the WAL after the real file)."""
    db = tmp_path / "s.sqlite3"
    open_store(db).close()
    newer = sqlite3.connect(db, isolation_level=None)
    newer.execute("PRAGMA wal_autocheckpoint = 0")
    newer.execute("PRAGMA user_version = 99")
    crashed = tmp_path / "crashed.sqlite3"
    shutil.copy(db, crashed)
    shutil.copy(f"{db}-wal", f"{crashed}-wal")
    newer.close()
    files = [crashed, tmp_path / f"{crashed.name}-wal"]  # (reading a WAL database may add its -shm index)
    before = [p.read_bytes() for p in files]
    opened = crashed
    if through_a_link:
        opened = tmp_path / "link.sqlite3"
        opened.symlink_to(crashed)
    with pytest.raises(StoreError, match=r"newer deckapp \(schema 99\)"):
        open_store(opened)
    assert [p.read_bytes() for p in files] == before


def test_a_store_another_deckapp_creates_during_the_first_look_is_not_called_foreign(db, monkeypatch):
    """The read-only first look reads the mark, the version and the tables from one snapshot: here another
    process creates the store between those reads, which must not look like another program's database."""
    starting = sqlite3.connect(db, isolation_level=None)  # that process has begun: an empty WAL-mode file
    starting.execute("PRAGMA journal_mode = WAL")
    real_connect = sqlite3.connect
    finished = []

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        if kwargs.get("uri"):
            def finish_the_other_process(statement):
                if statement.startswith("PRAGMA user_version") and not finished:
                    finished.append(statement)
                    subprocess.run([sys.executable, "-c", f"from deckapp.review.store import open_store; "
                                    f"open_store({str(db)!r}).close()"],
                                   check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
            conn.set_trace_callback(finish_the_other_process)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
    assert finished
    starting.close()


def test_the_cli_reports_a_bad_store_in_one_line(tmp_path, deckapp_cli):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    before = bad.read_bytes()
    result = deckapp_cli("stats", "--db", str(bad))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not a deckapp store" in result.stderr
    assert bad.read_bytes() == before


def test_a_failed_commit_raises_its_own_error_not_the_rollbacks():
    conn = sqlite3.connect("/dev/null", isolation_level=None)  # writes vanish: COMMIT fails and rolls back itself
    conn.execute("PRAGMA journal_mode = WAL")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"), store_module.write_transaction(conn):
        conn.execute("CREATE TABLE t (x)")
    assert not conn.in_transaction
    conn.close()


def test_a_failed_write_is_rolled_back_and_raised(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
        with pytest.raises(RuntimeError, match="interrupted"), store_module.write_transaction(store.conn):
            store.conn.execute("DELETE FROM card_state")
            raise RuntimeError("interrupted")
        assert not store.conn.in_transaction
        assert len(store.card_records("deck")) == 1


def test_the_cli_refuses_a_device_as_the_store_in_one_line(deckapp_cli):
    result = deckapp_cli("stats", "--db", os.devnull)
    assert result.returncode == 2
    assert result.stderr == f"deckapp: {os.devnull}: not a regular file, so not a store; pick another --db\n"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, a folder nobody can create files in")
def test_the_cli_reports_a_folder_it_cannot_write_in_one_line(deckapp_cli):
    result = deckapp_cli("stats", "--db", "/proc/deckapp-store.sqlite3")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("deckapp: /proc/deckapp-store.sqlite3: cannot create the store: ")


def run_without_write_permission_override(*args: str) -> subprocess.CompletedProcess:
    return run_unprivileged("-m", "deckapp", *args)


def test_a_store_in_a_folder_that_became_read_only_is_reported_not_called_foreign(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    with open_store(folder / "reviews.sqlite3") as store:
        store.review("deck", "card", "sm2", 5, NOW)
    before = sorted(p.name for p in folder.iterdir())
    folder.chmod(0o555)
    try:
        for name, what in (("reviews.sqlite3", "cannot open the store"), ("new.sqlite3", "cannot create the store")):
            result = run_without_write_permission_override("stats", "--db", str(folder / name))
            assert result.returncode == 2, result.stderr
            assert result.stderr.count("\n") == 1
            assert result.stderr.startswith(f"deckapp: {folder / name}: {what}: ")
            assert result.stderr.endswith(f"its folder {folder} is read-only (deckapp writes its -wal and -shm files "
                                          "beside the store); make it writable or pick another --db\n")
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == before


def add_note_column(conn):
    conn.execute("ALTER TABLE review_log ADD COLUMN note TEXT")


def test_migration_copies_the_old_file_aside_first(db, monkeypatch):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
    current = store_module.latest_schema()
    monkeypatch.setitem(store_module.MIGRATIONS, current + 1, add_note_column)
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(review_log)")]
        assert "note" in columns and len(store.log()) == 1
    backup = db.with_name(f"{db.name}.schema{current}.bak")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == current
    assert old.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1
    old.close()


def test_a_failing_migration_changes_nothing(db, monkeypatch):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 5, NOW)
    current = store_module.latest_schema()

    def broken(conn):
        conn.execute("ALTER TABLE review_log ADD COLUMN note TEXT")
        raise RuntimeError("migration bug")

    monkeypatch.setitem(store_module.MIGRATIONS, current + 1, broken)
    with pytest.raises(RuntimeError):
        open_store(db)
    monkeypatch.delitem(store_module.MIGRATIONS, current + 1)
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == current
        assert "note" not in [r[1] for r in store.conn.execute("PRAGMA table_info(review_log)")]
        assert len(store.log()) == 1


def test_a_schema_1_store_gains_the_deck_index_and_keeps_its_reviews(db, monkeypatch):
    """A store written by deckapp 0.1 (schema 1) is copied aside, then migrated to schema 2."""
    with monkeypatch.context() as patched:
        patched.delitem(store_module.MIGRATIONS, 2)
        with open_store(db) as store:
            store.review("deck", "card", "sm2", 5, NOW)
            assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 1
            before = store.card_records("deck")
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert store.conn.execute("SELECT COUNT(*) FROM deck_index").fetchone()[0] == 0
        assert store.card_records("deck") == before and len(store.log()) == 1
    old = sqlite3.connect(db.with_name(db.name + ".schema1.bak"))
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT name FROM sqlite_master WHERE name = 'deck_index'").fetchall() == []
    old.close()


def test_state_is_stored_as_json(db):
    with open_store(db) as store:
        store.review("deck", "card", "sm2", 3, NOW)
        raw = store.conn.execute("SELECT state FROM card_state").fetchone()[0]
    assert json.loads(raw) == {"easiness": 2.36, "interval": 1, "repetitions": 1, "needs_extra_review": True}


def test_a_store_path_through_a_file_says_which_part_is_not_a_folder(tmp_path, deckapp_cli):
    (tmp_path / "notes.txt").write_text("not a folder")
    result = deckapp_cli("stats", "--db", str(tmp_path / "notes.txt" / "s.sqlite3"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.endswith(": part of that path is a file, not a folder\n")


def test_the_last_review_of_a_deck_since_a_moment_is_what_a_later_session_undoes(db):
    with open_store(db) as store:
        assert store.last_review("deck", NOW) is None
        store.review("deck", "a", "sm2", 4, NOW - timedelta(days=1))  # yesterday: not today's
        assert store.last_review("deck", NOW - timedelta(hours=1)) is None
        first = store.review("deck", "a", "sm2", 2, NOW)
        second = store.review("deck", "b", "sm2", 5, NOW + timedelta(minutes=1))
        store.review("other", "a", "sm2", 5, NOW + timedelta(minutes=2))
        store.review("deck", "gone", "sm2", 5, NOW + timedelta(minutes=3))  # a card no longer in the deck
        assert store.last_review("deck", NOW, ["a", "b"]) == second
        assert store.last_review("deck", NOW).card_id == "gone"
        store.undo_review(second.id)
        assert store.last_review("deck", NOW, ["a", "b"]) == first
    with open_store(db) as reopened:  # what the store knows, not what a session remembers
        assert reopened.last_review("deck", NOW, ["a", "b"]) == first


def test_the_last_review_of_any_deck_since_a_moment_is_what_undo_on_home_takes_back(db):
    with open_store(db) as store:
        store.review("deck", "a", "sm2", 4, NOW - timedelta(days=1))
        assert store.last_review(None, NOW) is None
        store.review("deck", "a", "sm2", 2, NOW)
        latest = store.review("other", "a", "sm2", 5, NOW + timedelta(minutes=1))
        assert store.last_review(None, NOW) == latest
        assert store.last_review("deck", NOW).deck_id == "deck"  # a deck's own is still found
