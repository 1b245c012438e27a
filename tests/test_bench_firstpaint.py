"""The first-paint benchmark keeps deckapp's files in its own temporary folder (timing is never asserted here)."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # the script imports its neighbour _util
    spec = importlib.util.spec_from_file_location("bench_firstpaint", BENCHMARKS / "bench_firstpaint.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_app_writes_nothing_in_the_users_folders(bench, tmp_path, monkeypatch):
    """A student's shell: no DECKAPP_* variables, the user folders under HOME. One first paint of Home, as the
    benchmark times it, leaves them empty; the deck cache is in the benchmark's folder."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("DECKAPP_DB", "DECKAPP_CONFIG", "DECKAPP_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    own = tmp_path / "bench"
    own.mkdir()
    bench.first_paint([sys.executable, "-m", "deckapp"], b"Mathematical foundations", bench.app_env(str(own)))
    assert [path for path in home.rglob("*") if path.is_file()] == []
    assert (own / "cache" / "decks.json").is_file()
