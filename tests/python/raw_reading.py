"""Reading generated CSV files the way the tests' reference code needs, independently of dbt."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SOURCE_TIMEZONE = ZoneInfo("Europe/Paris")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def utc(value: str) -> datetime:
    """A raw timestamp as a naive UTC datetime: an offset wins, else Paris wall-clock time.

    Written independently of the SQL macro, as the reference the staging tests compare with.
    """
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=SOURCE_TIMEZONE)
    return parsed.astimezone(UTC).replace(tzinfo=None)
