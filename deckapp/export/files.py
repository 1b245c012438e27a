"""Writing an export or an imported deck: to stdout (`-`), or to a temporary file beside the target that replaces
it only once complete, so a failure never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from deckapp.errors import UsageError

STDOUT = "-"


def write_output(target: str, write: Callable[[BinaryIO], None], *, replace: bool = True) -> None:
    """Call `write` with a binary file for `target` (STDOUT for standard output). With replace=False an existing
    file is never overwritten."""
    if target == STDOUT:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    _check_target(target, replace)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(target))
        _place(temporary, target, replace)
    except FileExistsError:
        _remove(temporary)
        raise UsageError(f"{target}: already exists; add --force to replace it") from None
    except OSError as exc:
        _remove(temporary)
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove(temporary)
        raise


def _check_target(target: str, replace: bool) -> None:
    folder = os.path.dirname(target)
    if folder and not os.path.isdir(folder):
        raise UsageError(f"{target}: cannot write: the folder '{folder}' does not exist")
    if os.path.isdir(target):
        raise UsageError(f"{target}: is a folder; give a file name")
    if not replace and os.path.lexists(target):
        raise UsageError(f"{target}: already exists; add --force to replace it")


def _place(temporary: str, target: str, replace: bool) -> None:
    if replace:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails if the target appeared meanwhile: never overwrite
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.replace(temporary, target)
    else:
        os.unlink(temporary)


def _mode_for(target: str) -> int:
    """An existing file keeps its permissions; a new one gets the usual ones (0666 less the umask)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
