"""Several decks studied in one sitting (`deckapp study FOLDER`): each deck's own study session in turn, seen by
the study screen as one session.

Each deck keeps its own queue, limits, scheduler and same-session repeats; the sitting moves to the next deck
when one is done, and undo goes back across decks in the order the grades were given.
"""

from __future__ import annotations

from collections.abc import Callable

from deckapp.deck.model import Deck
from deckapp.review.session import StudySession
from deckapp.review.store import ReviewRow


class CombinedSession:
    """StudySessions taken one after the other. What it does not define itself (the deck being studied, its
    current card, …) is the active session's: the first one with a card left, else the last."""

    def __init__(self, sessions: list[StudySession]):
        if not sessions:
            raise ValueError("a combined session needs at least one session")
        self.sessions = sessions
        # called with the deck studied whenever a grade or an undo moves to another deck (the study screen sets it)
        self.on_deck: Callable[[Deck], None] | None = None
        self._graded_in: list[StudySession] = []

    @property
    def active(self) -> StudySession:
        return next((session for session in self.sessions if session.current is not None), self.sessions[-1])

    @property
    def remaining(self) -> int:
        return sum(session.remaining for session in self.sessions)

    @property
    def reviewed(self) -> int:
        return sum(session.reviewed for session in self.sessions)

    @property
    def cards_graded(self) -> int:
        return sum(session.cards_graded for session in self.sessions)

    def grade(self, quality: int, **details) -> ReviewRow:
        session = self.active
        row = session.grade(quality, **details)
        self._graded_in.append(session)
        self._moved_from(session)
        return row

    def _moved_from(self, session: StudySession) -> None:
        if self.active is not session and self.on_deck is not None:
            self.on_deck(self.active.deck)

    @property
    def can_undo(self) -> bool:
        return bool(self._graded_in) or self.active.can_undo

    def undo(self) -> ReviewRow | None:
        """Take back the sitting's last grade; before any, the active deck's last one today (as a session on
        that deck alone would)."""
        before = self.active
        undone = (self._graded_in.pop() if self._graded_in else before).undo()
        self._moved_from(before)
        return undone

    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("sessions", "on_deck"):
            raise AttributeError(name)
        return getattr(self.active, name)
