"""The fixed calendar and Europe/Paris local time, vectorised.

All instants are int64 seconds since the Unix epoch, in UTC. The raw contract writes timestamps as
Paris local time without offset, so the generator needs the Paris UTC offset of millions of instants:
the EU rule (summer time from the last Sunday of March to the last Sunday of October, both at 01:00
UTC) is evaluated once per year into a sorted table of transitions, then looked up with searchsorted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np

from crosschannel.generator.arrays import BoolArray, IntArray

PARIS: Final = ZoneInfo("Europe/Paris")
DAY: Final = 86_400
HOUR: Final = 3_600
MINUTE: Final = 60


def paris_to_utc(moment: datetime) -> int:
    """Seconds since the epoch of a naive Paris wall-clock time (the calendar's fixed points)."""
    return int(moment.replace(tzinfo=PARIS).timestamp())


# The simulated activity (web events, leads, orders, campaigns) happens in these two years, local
# time; back-office records may have been created earlier, from HISTORY_START.
ACTIVITY_START: Final = paris_to_utc(datetime(2024, 1, 1))
ACTIVITY_END: Final = paris_to_utc(datetime(2025, 12, 31, 23, 59, 59))
HISTORY_START: Final = paris_to_utc(datetime(2018, 1, 1))
ACTIVITY_MONTHS: Final = tuple(f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13))


def _last_sunday_at_one_utc(year: int, month: int) -> int:
    last_day = date(year, month + 1, 1) - timedelta(days=1)
    sunday = last_day - timedelta(days=(last_day.weekday() + 1) % 7)
    return int(datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=UTC).timestamp())


_TRANSITIONS: Final = np.array(
    [_last_sunday_at_one_utc(year, month) for year in range(1990, 2031) for month in (3, 10)],
    dtype=np.int64,
)
_FALL_BACKS: Final = _TRANSITIONS[1::2]
DST_CHANGES: Final = tuple(
    int(instant) for instant in _TRANSITIONS if ACTIVITY_START <= instant <= ACTIVITY_END
)


def paris_offset(utc: IntArray) -> IntArray:
    """Paris UTC offset in seconds (3600 in winter, 7200 in summer) of each instant."""
    position = np.searchsorted(_TRANSITIONS, utc, side="right")
    return np.where(position % 2 == 1, 2 * HOUR, HOUR).astype(np.int64)


def paris_local(utc: IntArray) -> IntArray:
    """Wall-clock seconds (as if UTC) of each instant in Paris."""
    return utc + paris_offset(utc)


def is_ambiguous_in_paris(utc: IntArray) -> BoolArray:
    """Instants whose Paris wall-clock time occurs twice (the hour repeated when summer time ends).

    Such a time written without offset is read differently by different libraries (DuckDB takes the
    second occurrence, Python's zoneinfo the first), so the writer always gives them an offset.
    """
    position = np.searchsorted(_FALL_BACKS, utc + HOUR, side="right") - 1
    nearest = _FALL_BACKS[np.clip(position, 0, len(_FALL_BACKS) - 1)]
    return (position >= 0) & (utc >= nearest - HOUR) & (utc < nearest + HOUR)


def activity_month(utc: IntArray) -> IntArray:
    """Index into ACTIVITY_MONTHS of the Paris calendar month of each instant."""
    months = paris_local(utc).astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    return months - (2024 - 1970) * 12


def utc_text(utc: int) -> str:
    """One instant as `YYYY-MM-DD HH:MM:SS` UTC, for metadata."""
    return datetime.fromtimestamp(utc, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
