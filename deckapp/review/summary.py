"""The summary of a study session, from the store's review log: what Home shows when a session ends.

A session's reviews are the log rows of its decks after the last review id the log held when it began
(`last_review_id`), so an undone grade is not counted and a fixed clock (DECKAPP_NOW) does not mix sessions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from deckapp.review.database import read_transaction, reading
from deckapp.review.stats import deck_stats


@dataclass(frozen=True)
class SessionSummary:
    cards: int  # distinct cards graded
    right_first_time: int  # first grade 4 or 5
    after_retry: int  # first grade below 4, last grade 3 or more (right in the end)
    wrong: int  # last grade below 3
    seconds: int  # time spent on the cards: the sum of the reviews' durations
    due_tomorrow: int  # the decks' reviews due by the end of tomorrow's study day (those left today included)

    def line(self) -> str:
        """One line for a person, e.g. `12 cards: 8 right first time · 3 after a retry · 1 wrong · 6 min ·
        14 due tomorrow`."""
        cards = "1 card" if self.cards == 1 else f"{self.cards} cards"
        return (f"{cards}: {self.right_first_time} right first time · {self.after_retry} after a retry · "
                f"{self.wrong} wrong · {duration(self.seconds)} · {self.due_tomorrow} due tomorrow")


def duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    minutes = int(seconds / 60 + 0.5)
    if minutes < 60:
        return f"{minutes} min"
    return "{} h {} min".format(*divmod(minutes, 60))


def last_review_id(conn: sqlite3.Connection) -> int:
    """The id of the log's last review (0 for an empty log): take it when a session begins."""
    with reading(conn):
        return conn.execute("SELECT COALESCE(MAX(id), 0) FROM review_log").fetchone()[0]


def session_summary(conn: sqlite3.Connection, decks: list, after_id: int, now: datetime) -> SessionSummary:
    """The summary of the reviews of `decks` (Deck objects) logged after review `after_id`.

    Each card counts once, by its grades in the session: right first time when its first grade was 4 or 5 (a
    typed answer right at the first try proposes 4), after a retry when its first grade was lower but its last
    was 3 or more (right at the second try proposes 3, and a card graded below 4 comes back in the session),
    wrong when its last grade was below 3.
    """
    first: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], int] = {}
    milliseconds = 0
    by_id = {deck.id: deck for deck in decks}
    with reading(conn), read_transaction(conn):
        rows = conn.execute("SELECT deck_id, card_id, quality, duration_ms FROM review_log WHERE id > ? "
                            "AND deck_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                            (after_id, json.dumps(list(by_id))))
        for deck_id, card_id, quality, duration_ms in rows:
            first.setdefault((deck_id, card_id), quality)
            last[(deck_id, card_id)] = quality
            milliseconds += duration_ms or 0
        due_tomorrow = 0
        for deck in by_id.values():
            forecast = deck_stats(conn, deck, now)["forecast"]
            due_tomorrow += forecast[0] + forecast[1]
    right_first = sum(1 for quality in first.values() if quality >= 4)
    wrong = sum(1 for card, quality in last.items() if quality < 3 and first[card] < 4)
    return SessionSummary(cards=len(first), right_first_time=right_first,
                          after_retry=len(first) - right_first - wrong, wrong=wrong,
                          seconds=round(milliseconds / 1000), due_tomorrow=due_tomorrow)

