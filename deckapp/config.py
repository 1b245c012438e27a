"""deckapp's own files in the user config folder: the library of the student's decks (`decks.json`, kept by
`deckapp.deck.library`) and the app's settings (`settings.json`: the theme).

The folder is `DECKAPP_CONFIG` when set (tests and demos use a temporary one), else the platform's user config
folder (platformdirs: `~/.config/deckapp` on Linux). Files are small JSON objects, written whole to a temporary
file and moved into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import os

from deckapp.errors import UsageError

SETTINGS = "settings.json"


def config_dir() -> str:
    env = os.environ.get("DECKAPP_CONFIG")
    if env is not None:
        if env == "":
            raise UsageError("DECKAPP_CONFIG is set but empty: give the folder for deckapp's settings")
        return env
    from deckapp.paths import user_dir

    return user_dir("config")


def config_file(name: str) -> str:
    return os.path.join(config_dir(), name)


def read(name: str) -> dict:
    """The JSON object in the config file `name`; {} when there is none. A file that cannot be read or is not a
    JSON object is a usage error naming it: it is never overwritten."""
    import json

    path = config_file(name)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not a deckapp config file ({exc}); fix it or move it away") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a deckapp config file (a JSON object is expected); fix it or move it away")
    return data


def write(name: str, data: dict) -> None:
    """Replace the config file `name` with `data`, all at once."""
    import json

    from deckapp.files import write_bytes

    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_bytes(config_file(name), text.encode("utf-8"), make_folders=True)


def saved_theme() -> str | None:
    """The theme chosen in the app last time, if any; a settings file that cannot be read is ignored (the app
    then starts in its default theme, and saving a new choice reports the problem)."""
    try:
        theme = read(SETTINGS).get("theme")
    except UsageError:
        return None
    return theme if isinstance(theme, str) else None


def save_theme(theme: str) -> None:
    settings = read(SETTINGS)
    if settings.get("theme") != theme:
        write(SETTINGS, {**settings, "theme": theme})
