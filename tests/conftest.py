import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a green run stays green on a clean clone;
# HYPOTHESIS_PROFILE=explore draws new ones (and keeps failures in .hypothesis/ to replay).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, tmp_path_factory, monkeypatch):
    """No test touches the user's real store, library of decks, settings, cache or clock."""
    monkeypatch.setenv("DECKAPP_DB", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("DECKAPP_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("DECKAPP_CACHE", str(tmp_path_factory.mktemp("cache")))  # not among a test's own files
    monkeypatch.delenv("DECKAPP_NOW", raising=False)


@pytest.fixture(autouse=True)
def _seeded_variants(monkeypatch):
    """The study app's exercise variants come from a seeded Random in every test, so that a test's screens are
    the same on every run (a variant drawn at random may, say, be too small to scroll); a test may seed its own."""
    import random

    from deckapp.review import session

    monkeypatch.setattr(session, "SEEDS", random.Random(20261130))


def run_deckapp(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 60):
    """Run `python -m deckapp ARGS` in a child process, on this checkout's code, and capture its output."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "deckapp", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def deckapp_cli():
    return run_deckapp


def run_unprivileged(*args: str) -> subprocess.CompletedProcess:
    """`python ARGS` on this checkout's code, in a child that file permissions apply to even when the tests run
    as root (which may otherwise write anywhere)."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: file permissions cannot be made to apply")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", "--bounding-set", caps, "--inh-caps", caps, "--"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([*prefix, sys.executable, *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def store(tmp_path):
    """An open review store in a temporary file."""
    from deckapp.review.store import open_store

    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened


def damage(store, table="card_state"):
    """Overwrite the first page of a table (or index) on disk, as a failing disk would, under the open store."""
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = store.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = store.conn.execute("PRAGMA page_size").fetchone()[0]
    with open(store.path, "r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)
    store.conn.execute("PRAGMA shrink_memory")  # what the connection had cached is read again from the file
