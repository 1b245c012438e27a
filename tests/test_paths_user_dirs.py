"""deckapp's user folders: the XDG rule applied by deckapp.paths gives what platformdirs gives."""

import platformdirs
import pytest

from deckapp.paths import user_dir

KINDS = {"data": platformdirs.user_data_dir, "config": platformdirs.user_config_dir,
         "cache": platformdirs.user_cache_dir}
VARIABLES = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "cache": "XDG_CACHE_HOME"}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("xdg", [None, "", "/srv/xdg", "relative/xdg", "/srv/trailing/"])
@pytest.mark.parametrize("home", ["/home/ada", "/home/ada/", None, "relative-home"])
def test_the_folders_are_those_platformdirs_gives(monkeypatch, kind, xdg, home):
    for name, value in ((VARIABLES[kind], xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert user_dir(kind) == KINDS[kind]("deckapp", appauthor=False)
