import pytest


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    """No test touches the user's real store or clock."""
    monkeypatch.setenv("DECKAPP_DB", str(tmp_path / "store.sqlite3"))
    monkeypatch.delenv("DECKAPP_NOW", raising=False)
