"""Stores a crash or a bad disk left behind: a hot journal is rolled back and the store used; a damaged store is
refused before anything is written to it, naming the file and how to recover."""

import hashlib
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_unprivileged

from deckapp.review.database import APPLICATION_ID, latest_schema
from deckapp.review.stats import report
from deckapp.review.store import StoreError, open_store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

# The deterministic reproduction: creation killed with a hot journal beside a 4 KiB-page file.
KILLED_DURING_CREATION = (
    "import sqlite3, os, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('PRAGMA user_version'); c.execute('BEGIN IMMEDIATE'); c.execute('PRAGMA user_version=0')\n"
    "c.execute('COMMIT'); c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
    "c.execute('CREATE TABLE t(x)'); c.execute('INSERT INTO t VALUES (zeroblob(20000))')\n"
    "os._exit(0)\n"
)


def killed_during_creation(path: Path) -> None:
    subprocess.run([sys.executable, "-c", KILLED_DURING_CREATION, str(path)], check=True)
    assert Path(f"{path}-journal").stat().st_size > 0


def test_a_store_killed_while_being_created_is_rolled_back_and_used(tmp_path, deckapp_cli):
    db = tmp_path / "det.sqlite3"
    killed_during_creation(db)
    result = deckapp_cli("stats", "--db", str(db), env={"DECKAPP_NOW": "2026-03-02T10:00:00+00:00"})
    assert (result.returncode, result.stderr) == (0, "")
    assert "mfdl-lecture-02" in result.stdout
    assert not Path(f"{db}-journal").exists()
    with open_store(db) as store:
        assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        store.review("deck", "card", "sm2", 5, NOW)


def test_a_hot_journal_in_a_read_only_folder_names_the_file_and_the_real_cause(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "det.sqlite3"
    killed_during_creation(db)
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    folder.chmod(0o555)
    try:
        result = run_unprivileged("-m", "deckapp", "stats", "--db", str(db))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr == (f"deckapp: {db}: cannot roll back the interrupted write recorded in {db}-journal: "
                             f"its folder {folder} is read-only (deckapp writes its -wal and -shm files beside the "
                             "store); make it writable or pick another --db\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files


def test_a_hot_journal_beside_another_programs_database_is_left_alone(tmp_path):
    db = tmp_path / "theirs.sqlite3"
    script = KILLED_DURING_CREATION.replace("PRAGMA user_version=0", "PRAGMA application_id=1234")
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert "theirs.sqlite3-journal" in files
    with pytest.raises(StoreError, match=r"not a deckapp store \(another program's database\)"):
        open_store(db)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files


def store_with_reviews(db: Path, count: int) -> None:
    """A store of `count` reviews (6,000 as in the issue: about 1.3 MB)."""
    start = NOW - timedelta(days=count // 20)
    with open_store(db) as store:
        for i in range(count):
            store.review("mfdl-lecture-02", f"card-{i % 300}", "sm2", 4, start + timedelta(minutes=3 * i))


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> bytes:
    db = tmp_path_factory.mktemp("big") / "s.sqlite3"
    store_with_reviews(db, 6000)
    return db.read_bytes()


def damage(db: Path, page: int) -> None:
    with open(db, "r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(random.Random(page).randbytes(4096))


def pages(content: bytes) -> int:
    return len(content) // 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("where", [0.1, 0.35, 0.6, 0.85, 1.0])
def test_a_store_with_a_damaged_page_is_refused_before_anything_is_written(tmp_path, big_store, where):
    db = tmp_path / "s.sqlite3"
    db.write_bytes(big_store)
    damage(db, max(2, round(pages(big_store) * where)))
    before = digest(db)
    with pytest.raises(StoreError) as caught:
        open_store(db)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{db}: refused before writing anything: the store is damaged (")
    assert f"to recover: 'deckapp doctor --db {db}' writes a recovered copy beside it" in text
    assert digest(db) == before


def test_stats_with_a_deck_not_yet_indexed_never_writes_to_a_damaged_store(tmp_path, big_store):
    db = tmp_path / "s.sqlite3"
    db.write_bytes(big_store)
    damage(db, pages(big_store) // 2)
    before = digest(db)
    for _ in range(3):
        with pytest.raises(StoreError, match=r"refused before writing anything: the store is damaged"):
            report([], str(db), NOW)
        assert digest(db) == before


def test_the_damage_message_points_at_the_copy_made_before_the_last_upgrade(tmp_path, big_store):
    db = tmp_path / "s.sqlite3"
    db.write_bytes(big_store)
    backup = tmp_path / f"s.sqlite3.schema{latest_schema() - 1}.bak"
    backup.write_bytes(big_store)
    damage(db, 5)
    with pytest.raises(StoreError, match=f"the copy made before its last upgrade is {backup}"):
        open_store(db)


def test_a_healthy_store_is_checked_and_opened(tmp_path, big_store):
    db = tmp_path / "s.sqlite3"
    db.write_bytes(big_store)
    with open_store(db) as store:
        assert store.conn.checked
        assert len(store.log()) == 6000


def test_a_store_whose_header_is_damaged_is_refused(tmp_path, big_store):
    db = tmp_path / "s.sqlite3"
    db.write_bytes(big_store)
    with open(db, "r+b") as handle:
        handle.seek(28)  # the header's page count and the first freelist trunk page
        handle.write(b"\xff" * 8)
    conn = sqlite3.connect(db)
    conn.close()
    with pytest.raises(StoreError, match="damaged"):
        open_store(db)
