"""Editing a deck file in the student's own editor ($VISUAL, else $EDITOR) at a card's line, the app suspended
while the editor runs; the deck is then read again."""

from __future__ import annotations

import os
import shlex
import subprocess

from textual.app import App, SuspendNotSupported


def editor_command(path: str, line: int | None) -> list[str] | None:
    """The editor's command line for `path` at `line` (the `+LINE` convention of vi, nano, emacs, micro…), or
    None when neither VISUAL nor EDITOR is set. The variable is split as a shell would, never run by one."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not editor.strip():
        return None
    return [*shlex.split(editor), *([f"+{line}"] if line else []), path]


def run_editor(app: App, path: str, line: int | None) -> str | None:
    """Run the editor on `path` with the app suspended; what went wrong, for the student, or None."""
    try:
        argv = editor_command(path, line)
    except ValueError as exc:
        return f"VISUAL or EDITOR cannot be read as a command ({exc})."
    if argv is None:
        return "Set VISUAL or EDITOR to the editor to use (for example: export EDITOR=nano), then press e again."
    try:
        try:
            with app.suspend():
                result = subprocess.run(argv, check=False)
        except SuspendNotSupported:  # no terminal to hand over (tests): run it as it is
            result = subprocess.run(argv, check=False, stdin=subprocess.DEVNULL)
    except OSError as exc:
        return f"Could not start the editor '{argv[0]}': {exc.strerror or exc}"
    if result.returncode != 0:
        return f"The editor '{argv[0]}' ended with exit code {result.returncode}; the deck was read again."
    return None
