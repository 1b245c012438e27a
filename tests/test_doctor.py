"""`deckapp doctor`: the full check, read-only; a damaged store gets a recovered copy beside it holding exactly
the rows that could still be read, checked against the store as it was before the damage."""

import hashlib
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deckapp.review.scheduler import is_learned
from deckapp.review.store import open_store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """A store of 6,000 reviews of 300 cards, as in the issue."""
    db = tmp_path_factory.mktemp("doctor") / "s.sqlite3"
    with open_store(db) as store:
        for i in range(6000):
            store.review("mfdl-lecture-02", f"card-{i % 300}", "sm2", 3 + i % 3, NOW + timedelta(minutes=3 * i),
                         answer=f"answer {i}")
    return db


def rows(db: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def leaf_pages(db: Path, table: str) -> list[int]:
    """The pages holding the table's rows, from SQLite's own dbstat table."""
    return [page for (page,) in rows(db, f"SELECT pageno FROM dbstat WHERE name = '{table}' AND pagetype = 'leaf' "
                                         "ORDER BY pageno")]


def damaged_copy(healthy: Path, tmp_path: Path, table: str, which: float = 0.5) -> Path:
    db = tmp_path / "s.sqlite3"
    db.write_bytes(healthy.read_bytes())
    pages = leaf_pages(db, table) if table else [1 + len(db.read_bytes()) // 4096 // 2]
    page = pages[int(len(pages) * which)]
    with open(db, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(random.Random(page).randbytes(4096))
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_store_passes_and_no_copy_is_made(healthy, deckapp_cli):
    before = digest(healthy)
    result = deckapp_cli("doctor", "--db", str(healthy))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{healthy}: ok: the integrity check passed (6,000 reviews, 300 cards)\n"
    assert not Path(f"{healthy}.recovered").exists() and digest(healthy) == before


@pytest.mark.parametrize("which", [0.0, 0.5, 0.99])
def test_a_damaged_log_page_loses_only_its_rows(healthy, tmp_path, deckapp_cli, which):
    original = rows(healthy, "SELECT * FROM review_log ORDER BY id")
    db = damaged_copy(healthy, tmp_path, "review_log", which)
    before = digest(db)
    result = deckapp_cli("doctor", "--db", str(db))
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith(f"{db}: damaged: ")
    assert digest(db) == before  # the damaged file is only read
    copy = Path(f"{db}.recovered")
    recovered = rows(copy, "SELECT * FROM review_log ORDER BY id")
    by_id = {row[0]: row for row in original}
    assert all(by_id[row[0]] == row for row in recovered)  # every row recovered is exactly the original
    lost = len(original) - len(recovered)
    assert 0 < lost <= 40  # one leaf page's rows
    assert f"recovered {len(recovered):,} reviews and 300 card states into {copy}; {lost} review ids could not " \
           "be read" in result.stdout
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    # the per-day counts are those of the recovered rows
    assert rows(copy, "SELECT SUM(reviews) FROM review_days") == [(len(recovered),)]


def test_card_states_are_rebuilt_from_the_log_when_their_table_is_damaged(healthy, tmp_path, deckapp_cli):
    original = rows(healthy, "SELECT * FROM card_state ORDER BY deck_id, card_id")
    db = damaged_copy(healthy, tmp_path, "card_state")
    result = deckapp_cli("doctor", "--db", str(db))
    assert result.returncode == 1
    assert rows(Path(f"{db}.recovered"), "SELECT * FROM card_state ORDER BY deck_id, card_id") == original


def test_a_recovered_store_is_usable_for_study(healthy, tmp_path, deckapp_cli):
    db = damaged_copy(healthy, tmp_path, "review_log")
    deckapp_cli("doctor", "--db", str(db))
    with open_store(f"{db}.recovered") as store:
        latest = {row.card_id: row.after for row in store.log("mfdl-lecture-02")}
        records = store.card_records("mfdl-lecture-02")
        assert records.keys() == latest.keys()
        for card_id, record in records.items():
            assert (record.state, record.due) == (latest[card_id].state, latest[card_id].due)
            assert record.learned == is_learned("sm2", record.state)
        store.review("mfdl-lecture-02", "card-1", "sm2", 5, NOW + timedelta(days=30))


def test_an_existing_recovered_copy_is_not_overwritten(healthy, tmp_path, deckapp_cli):
    db = damaged_copy(healthy, tmp_path, "review_log")
    Path(f"{db}.recovered").write_text("mine")
    result = deckapp_cli("doctor", "--db", str(db))
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {db}.recovered: a recovered copy is already there; move it away to make "
                             "a new one\n")
    assert Path(f"{db}.recovered").read_text() == "mine"


@pytest.mark.parametrize(("content", "says"), [
    (None, "no store here (no such file)"),
    (b"deck: a YAML file\n", "not a deckapp store"),
])
def test_doctor_on_what_is_not_a_store_is_one_line(tmp_path, deckapp_cli, content, says):
    db = tmp_path / "x.sqlite3"
    if content is not None:
        db.write_bytes(content)
    result = deckapp_cli("doctor", "--db", str(db))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and says in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ([db.name] if content else [])


def test_a_leftover_of_an_unfinished_recovery_that_cannot_be_removed_is_one_line(healthy, tmp_path, deckapp_cli):
    db = damaged_copy(healthy, tmp_path, "review_log")
    Path(f"{db}.recovered.partial").mkdir()  # not a file: it cannot be removed as one
    result = deckapp_cli("doctor", "--db", str(db))
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {db}.recovered.partial: cannot remove this unfinished recovered copy: "
                             "Is a directory; move it away\n")
    assert not Path(f"{db}.recovered").exists()


def test_doctor_on_a_folder_says_it_is_a_folder(tmp_path, deckapp_cli):
    result = deckapp_cli("doctor", "--db", str(tmp_path))
    assert (result.returncode, result.stderr) == (2, f"deckapp: {tmp_path}: is a folder, not a deckapp store\n")
