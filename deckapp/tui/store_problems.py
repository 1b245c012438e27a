"""When the review store fails under the app (another program holds its write lock, the disk is full, the file
is read-only or damaged, a second deckapp graded the card being undone): say so in plain words naming the file,
keep running, and end the run with an error rather than exit 0.

The store and the domain's reads report their failures as StoreError in plain words (deckapp.review.failures); an
sqlite3.Error is caught too, in case one slips through, and put in the same words.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from pathlib import Path

from deckapp.review.database import StoreError

STORE_ERRORS = (StoreError, sqlite3.Error)
NOTICE_SECONDS = 8  # how long a store failure's notification stays


def describe(exc: BaseException, path: Path | str, waited: float | None = None) -> str:
    """One line on a store failure: which file, and what went wrong in the store's plain words (a StoreError has
    them already; for an SQLite error that slipped through, deckapp.review.failures puts them, with the `waited`
    seconds of a lock)."""
    from deckapp.review.failures import cause

    path = os.fspath(path)
    text = str(exc).removeprefix(f"{path}: ") if isinstance(exc, StoreError) else cause(path, exc, waited)
    return f"the review store {path}: {' '.join(text.split()) or type(exc).__name__}"


class StoreFailures:
    """Mixed into the App: the store failures met during the run. The app goes on; `run` then raises a StoreError
    (one line, exit 2 from the command line) instead of returning as if all went well."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.store_failures: list[str] = []
        self.grades_lost = 0
        self.last_notice = ("", 0.0)  # the failure told last, and when (time.monotonic)

    def store_failed(self, exc: BaseException, *, shown: bool = False) -> str:
        """Note a failure of the app's store and tell the student (unless the caller `shown` it on its screen, or
        the same words are still on screen: several reads failing at once are one message); returns the
        plain-words line."""
        line = describe(exc, self.store.path, getattr(self.store.conn, "busy_timeout", None))
        self.store_failures.append(line)
        told, at = self.last_notice
        if not shown and (line != told or time.monotonic() - at >= NOTICE_SECONDS):
            self.notify(line, title="Review store problem", severity="error", timeout=NOTICE_SECONDS)
            self.last_notice = (line, time.monotonic())
        return line

    def failure(self) -> StoreError | None:
        """What the run ends with when the store failed during it."""
        if not self.store_failures:
            return None
        lost = "; every grade given was saved"
        if self.grades_lost:
            lost = f"; {self.grades_lost} grade{'s' if self.grades_lost > 1 else ''} could not be saved"
        count = len(self.store_failures)
        return StoreError(f"{count} problem{'s' if count > 1 else ''} with the review store during the session, "
                          f"the last: {self.store_failures[-1]}{lost}")

    def run(self, *args, **kwargs):
        result = super().run(*args, **kwargs)
        failure = self.failure()
        if failure is not None:
            raise failure
        return result


def reports_store_failures(method):
    """For a method of the app or of a screen that reads the store: a store failure is reported (and the app
    goes on)."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except STORE_ERRORS as exc:
            (self if isinstance(self, StoreFailures) else self.app).store_failed(exc)
            return None

    return guarded
