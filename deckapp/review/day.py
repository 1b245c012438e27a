"""Study days: a day of study starts at 04:00 local time, as in Anki, so a late-night session counts as that
day's. Light to import (datetime only): `deckapp stats` uses it at start-up."""

from __future__ import annotations

from datetime import datetime, time, timedelta

ROLLOVER = time(4)


def study_day_start(now: datetime) -> datetime:
    """The start (04:00 local) of the study day that `now` falls in."""
    start = datetime.combine(now.date(), ROLLOVER, tzinfo=now.tzinfo)
    return start if now >= start else start - timedelta(days=1)


def next_day_start(now: datetime) -> datetime:
    return study_day_start(now) + timedelta(days=1)
