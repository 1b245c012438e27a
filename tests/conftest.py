import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    """No test touches the user's real store, library of decks, settings, cache or clock."""
    monkeypatch.setenv("DECKAPP_DB", str(tmp_path / "store.sqlite3"))
    monkeypatch.setenv("DECKAPP_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("DECKAPP_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("DECKAPP_NOW", raising=False)


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


@pytest.fixture
def store(tmp_path):
    """An open review store in a temporary file."""
    from deckapp.review.store import open_store

    with open_store(tmp_path / "s.sqlite3") as opened:
        yield opened
