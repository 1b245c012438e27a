"""The study day starts at 04:00 local time with the offset the zone has at that 04:00 (not the offset of now,
which differs across a change to or from summer time), checked against Python's zoneinfo; and `reviews_today`
leaves out reviews dated after now, as after the clock moved back."""

import json
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deckapp.cli import main
from deckapp.review.day import later_day_start, next_day_start, study_day_start
from deckapp.review.store import open_store

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


@pytest.fixture
def local_zone(monkeypatch):
    """Set this process's local time zone (TZ) for one test."""
    def use(name: str) -> ZoneInfo:
        monkeypatch.setenv("TZ", name)
        time.tzset()
        return ZoneInfo(name)

    yield use
    monkeypatch.undo()
    time.tzset()


def reference_start(moment: datetime, zone: ZoneInfo, days: int = 0) -> datetime:
    """04:00 in `zone` of the study day `days` after the one `moment` falls in, by zoneinfo."""
    local = moment.astimezone(zone)
    day = local.date() - timedelta(days=1) if local.hour < 4 else local.date()
    return datetime.combine(day + timedelta(days=days), datetime.min.time().replace(hour=4), tzinfo=zone)


@pytest.mark.parametrize("name", ZONES)
def test_every_study_day_of_a_year_starts_at_4_local_by_zoneinfo(local_zone, name):
    zone = local_zone(name)
    moment = datetime(2026, 1, 1, 0, 17, tzinfo=UTC)
    while moment.year == 2026:
        now = moment.astimezone()  # as the clock gives it: the local offset of that moment, fixed
        for days in (0, 1, 13):
            assert later_day_start(now, days) == reference_start(moment, zone, days), (name, now, days)
        moment += timedelta(hours=7, minutes=13)


def test_the_issue_case_the_day_before_summer_time_starts_at_4_cet(local_zone, monkeypatch, tmp_path, capsys):
    local_zone("Europe/Berlin")
    monkeypatch.setenv("DECKAPP_NOW", "2026-03-29T03:30:00")  # 03:30 CEST, still the study day of the 28th
    from deckapp import paths

    now = paths.now()
    assert now.utcoffset() == timedelta(hours=2)
    assert study_day_start(now) == datetime(2026, 3, 28, 3, 0, tzinfo=UTC)  # 04:00 CET
    assert next_day_start(now) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST
    db = tmp_path / "s.sqlite3"
    with open_store(db) as store:
        # 03:30 CET on the 28th belongs to the 27th's study day; 04:30 CET on the 28th to today's
        store.review("mfdl-lecture-02", "find-minimum", "sm2", 5, datetime(2026, 3, 28, 2, 30, tzinfo=UTC))
        store.review("mfdl-lecture-02", "gradient", "sm2", 5, datetime(2026, 3, 28, 3, 30, tzinfo=UTC))
    assert main(["stats", "--json", "--db", str(db)]) == 0
    [deck] = json.loads(capsys.readouterr().out)["decks"]
    assert deck["reviews"] == 2 and deck["reviews_today"] == 1


def test_the_day_summer_time_ends_starts_at_4_cest_and_the_next_at_4_cet(local_zone):
    local_zone("Europe/Berlin")
    now = datetime(2026, 10, 25, 3, 30).astimezone()  # after the clocks went back: 03:30 CET
    assert now.utcoffset() == timedelta(hours=1)
    assert study_day_start(now) == datetime(2026, 10, 24, 2, 0, tzinfo=UTC)  # 04:00 CEST
    assert next_day_start(now) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 CET


def test_the_forecast_counts_days_by_their_own_offsets(local_zone, monkeypatch, tmp_path, capsys):
    local_zone("Europe/Berlin")
    monkeypatch.setenv("DECKAPP_NOW", "2026-03-28T12:00:00")
    db = tmp_path / "s.sqlite3"
    with open_store(db) as store:
        store.review("mfdl-lecture-02", "find-minimum", "sm2", 5, datetime(2026, 3, 20, 12, tzinfo=UTC))
        # due 04:30 CEST on the 29th: after that day's 04:00 start, so tomorrow, not today
        store.conn.execute("UPDATE card_state SET due = '2026-03-29T02:30:00.000000+00:00'")
    assert main(["stats", "--json", "--db", str(db)]) == 0
    [deck] = json.loads(capsys.readouterr().out)["decks"]
    assert deck["forecast"][:2] == [0, 1]


def test_an_sm2_interval_ends_at_4_local_across_a_change_of_offset(local_zone):
    from deckapp.review.scheduler import schedule

    zone = local_zone("Europe/Berlin")
    now = datetime(2026, 3, 25, 10, 0).astimezone()
    first = schedule("sm2", None, 5, now)
    second = schedule("sm2", first.state, 5, now)  # interval 6 days: 31 March, in summer time
    assert second.due == datetime(2026, 3, 31, 4, 0, tzinfo=zone)


def test_reviews_dated_after_now_are_not_counted_today(tmp_path, monkeypatch, capsys):
    """The clock moved back: reviews stamped later today, or tomorrow, were not done today as far as now knows."""
    db = tmp_path / "s.sqlite3"
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with open_store(db) as store:
        for moment in (now - timedelta(hours=1), now, now + timedelta(hours=2), now + timedelta(days=1)):
            store.review("mfdl-lecture-02", "find-minimum", "sm2", 3, moment)
    monkeypatch.setenv("DECKAPP_NOW", now.isoformat())
    assert main(["stats", "--json", "--db", str(db)]) == 0
    [deck] = json.loads(capsys.readouterr().out)["decks"]
    assert deck["reviews"] == 4 and deck["reviews_today"] == 2
