"""Writing a file whole: to a temporary file beside the target, flushed to disk, that replaces the target only once
complete, so a failure never leaves a half-written file, and two runs never share a temporary name. A replaced
file keeps its permissions. Exports, imports, the homework, the gradebook, the config files and the deck cache
all write this way."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from deckapp.errors import UsageError
from deckapp.paths import file_kind, same_file

STDOUT = "-"


def write_output(target: str, write: Callable[[BinaryIO], None], *, replace: bool = True,
                 make_folders: bool = False, reading: tuple[str, ...] = ()) -> None:
    """Call `write` with a binary file for `target` (STDOUT for standard output). With replace=False an existing
    file is never overwritten; a missing folder is an error unless `make_folders`; `reading` are the files the
    command reads, which `target` may not be. Failures are UsageErrors."""
    if target == STDOUT:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    if make_folders:
        try:
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    check_target(target, replace, reading)
    real = os.path.realpath(target) if os.path.islink(target) else target  # a link stays, its file is replaced
    try:
        temporary = stage(real, write)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    try:
        place(temporary, real, replace=replace)
    except FileExistsError:
        raise UsageError(f"{target}: already exists; add --force to replace it") from None
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None


def write_bytes(target: str, content: bytes, *, make_folders: bool = False) -> None:
    """Replace `target` with `content`, whole."""
    write_output(target, lambda out: out.write(content), make_folders=make_folders)


def check_target(target: str, replace: bool = True, reading: tuple[str, ...] = ()) -> None:
    """A UsageError, before any work, when `target` cannot be a file to write: its folder is missing, it is a
    folder or another file that is not a regular one (a device such as /dev/null, a named pipe: replacing it would
    put a regular file in its place), it is one of the files `reading` (the command's input: writing would lose
    it), or it exists and may not be replaced."""
    folder = os.path.dirname(target)
    if folder and not os.path.isdir(folder):
        raise UsageError(f"{target}: cannot write: the folder '{folder}' does not exist")
    if os.path.isdir(target):
        raise UsageError(f"{target}: is a folder; give a file name")
    try:
        mode = os.stat(target).st_mode
    except OSError:  # missing, as a new file is (or unreachable: writing says why)
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        raise UsageError(f"{target}: {file_kind(mode)}, not a regular file; give the name of a file to write")
    for source in reading:
        if same_file(target, str(source)):
            raise UsageError(f"{target}: is the file {source} that this command reads; write to another file")
    if not replace and os.path.lexists(target):
        raise UsageError(f"{target}: already exists; add --force to replace it")


def stage(target: str, write: Callable[[BinaryIO], None]) -> str:
    """A complete temporary file beside `target` holding what `write` wrote, on disk and with the permissions
    `target` will have; `place` puts it where it belongs. Raises OSError, leaving nothing behind."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(target))
    except BaseException:
        discard(temporary)
        raise
    return temporary


def place(temporary: str, target: str, *, replace: bool = True) -> None:
    """Put the staged file in place of `target` at once; with replace=False, FileExistsError if `target` exists.
    The temporary file is gone afterwards, whatever happens."""
    try:
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
    finally:
        discard(temporary)


def discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _mode_for(target: str) -> int:
    """An existing file keeps its permissions; a new one gets the usual ones (0666 less the umask)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
