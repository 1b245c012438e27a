"""Study days: a day of study starts at 04:00 local time, as in Anki, so a late-night session counts as that
day's. Light to import (datetime and time only): `deckapp stats` uses it at start-up.

The clock gives a time with a fixed UTC offset (`datetime.now().astimezone()`, or DECKAPP_NOW). When that offset
is this machine's local one, it stands for the local zone, whose offset at 04:00 of another day may differ
(summer time): each day's start takes the offset the zone has at that 04:00. Any other offset, or a zone object
such as ZoneInfo, is taken as it is.
"""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time, timedelta, timezone

ROLLOVER = time(4)


def study_day_start(now: datetime) -> datetime:
    """The start (04:00 local) of the study day that `now` falls in."""
    return later_day_start(now, 0)


def next_day_start(now: datetime) -> datetime:
    return later_day_start(now, 1)


def later_day_start(now: datetime, days: int) -> datetime:
    """The start of the study day `days` after the one `now` falls in (OverflowError past the year 9999)."""
    today = now.date() - timedelta(days=1) if now.time() < ROLLOVER else now.date()
    return _rollover(today + timedelta(days=days), now)


def _rollover(day: date, now: datetime) -> datetime:
    """04:00 on `day`, in the zone `now` stands for."""
    start = datetime.combine(day, ROLLOVER)
    if _is_local(now):
        try:
            return datetime.fromtimestamp(clock.mktime(start.timetuple())).astimezone()
        except (OverflowError, OSError, ValueError):  # beyond what the C library converts: the offset of now
            pass
    return start.replace(tzinfo=now.tzinfo)


def _is_local(now: datetime) -> bool:
    if not isinstance(now.tzinfo, timezone):
        return False
    try:
        return clock.localtime(now.timestamp()).tm_gmtoff == now.utcoffset().total_seconds()
    except (OverflowError, OSError, ValueError):
        return False
