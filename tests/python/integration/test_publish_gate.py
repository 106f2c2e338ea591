"""The publish gate compares a build with the last published one: a broken delivery whose rows all
pass the dbt tests is refused, naming the check, and the published file stays as it was; an
ordinary next delivery passes."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from crosschannel.contract import RAW_TABLES
from crosschannel.generator import generate
from crosschannel.publish import building_path, publish, publish_log_path
from crosschannel.runner import WITHOUT_UNIT_TESTS, raw_files_vars
from crosschannel.storage import storage_version_number
from partial_parse import database_in

pytestmark = pytest.mark.slow

# The DuckDB library of BI tools' drivers lags this one: the published file must open in it.
OLDER_DUCKDB = "duckdb==1.4.3"
_OLDER_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(duckdb.__version__)
print(con.execute("select sum(revenue_eur) from marts.mart_cross_channel_daily").fetchone()[0])
print(con.execute(
    "select comment from duckdb_columns() where table_name = 'mart_cross_channel_daily' and column_name = 'revenue_eur'"
).fetchone()[0])
"""

Rows = list[dict[str, str]]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _half_of_the_last_month_of_web_events(table: str, rows: Rows) -> Rows:
    if table != "raw_web_events":
        return rows
    # Some delivered timestamps are broken on purpose ("yesterday", a year in the future): the last
    # month is the last one holding a month's worth of events.
    months = Counter(row["event_at"][:7] for row in rows if re.match(r"[0-9]{4}-[0-9]{2}", row["event_at"]))
    last_month = max(month for month, events in months.items() if events >= 100)
    in_last_month = [row for row in rows if row["event_at"][:7] == last_month]
    dropped = {id(row) for row in in_last_month[::2]}
    return [row for row in rows if id(row) not in dropped]


def _empty_crm(table: str, rows: Rows) -> Rows:
    return [] if table == "raw_crm_contacts" else rows


def _revenues_in_cents(table: str, rows: Rows) -> Rows:
    if table != "raw_orders":
        return rows
    return [{**row, "revenue": str(Decimal(row["revenue"]) * 100) if row["revenue"] else ""} for row in rows]


def _loyalty_numbers_blanked(table: str, rows: Rows) -> Rows:
    return [{**row, "loyalty_id": ""} for row in rows] if "loyalty_id" in RAW_TABLES[table] else rows


def _delivery(project_dir: Path, folder: Path, change: Callable[[str, Rows], Rows]) -> Path:
    """The bundled demo as files, each table passed through `change`."""
    folder.mkdir()
    for table, columns in RAW_TABLES.items():
        with (project_dir / "seeds" / f"{table}.csv").open(encoding="utf-8", newline="") as source:
            rows = list(csv.DictReader(source))
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as target:
            writer = csv.DictWriter(target, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(change(table, rows))
    return folder


# Each break of the broken delivery -> (the change, what the refusal must say of it, the var of its tolerance).
BREAKS = {
    "half_of_the_last_month_of_web_events_removed": (
        _half_of_the_last_month_of_web_events,
        ("raw_web_events: ", "crosschannel__gate_recent_volume_drop"),
    ),
    "crm_file_empty": (
        _empty_crm,
        ("raw_crm_contacts: 0 staged rows against 1,0", "crosschannel__gate_volume_drop"),
    ),
    "revenues_multiplied_by_100": (
        _revenues_in_cents,
        ("average_order_value_eur is ", "crosschannel__gate_mean_tolerance"),
    ),
    "every_loyalty_number_blanked": (
        _loyalty_numbers_blanked,
        ("stg_store__customers.loyalty_id is NULL in 100.0% of", "crosschannel__gate_null_share_tolerance"),
    ),
}


def _every_break(table: str, rows: Rows) -> Rows:
    for change, _ in BREAKS.values():
        rows = change(table, rows)
    return rows


def test_publish_refuses_a_broken_delivery_naming_each_check_and_leaves_the_published_file(
    project_dir: Path, built_database: Path, tmp_path: Path
) -> None:
    """One delivery carries the four breaks, each in tables and columns of its own, so that one build
    shows every check (a build per break cost the suite three more builds): the refusal names each
    break's table or column, and right after it the var of the tolerance it broke."""
    published = database_in(tmp_path)
    shutil.copyfile(built_database, published)
    digest = _digest(published)
    folder = _delivery(project_dir, tmp_path / "raw", _every_break)
    result = publish(
        project_dir,
        published,
        tmp_path / "quality",
        raw_files_vars(folder),
        # --full-refresh: an incremental run already refuses a delivery that lost staged records;
        # the gate must stop a broken delivery on its own. The data tests are left out so that the
        # refusal can only come from the gate (they pass on these deliveries: every row is valid).
        ("--full-refresh", *WITHOUT_UNIT_TESTS, "--exclude-resource-type", "test"),
    )
    assert not result.published
    assert result.reason.startswith("quality checks failed: "), result.reason
    assert "comparison.with_published: " in result.reason
    # The first parenthesis after what the check says of a break names the break's tolerance.
    unnamed = [
        broken
        for broken, (_, (said, tolerance)) in BREAKS.items()
        if not re.search(re.escape(said) + r"[^()]*\(" + tolerance + r"\)", result.reason)
    ]
    assert unnamed == [], result.reason
    assert _digest(published) == digest
    assert not building_path(published).exists()
    assert publish_log_path(published).read_text(encoding="utf-8").splitlines()[-1].endswith(
        f"refused: {result.reason}"
    )


def test_an_ordinary_next_delivery_passes_the_gate(project_dir: Path, built_database: Path, tmp_path: Path) -> None:
    """Another seed of the same size: other people, other days, the same kind of business. The
    tolerances must not refuse what differs between two ordinary deliveries."""
    published = database_in(tmp_path)
    shutil.copyfile(built_database, published)
    folder = tmp_path / "next"
    generate(persons=2000, seed=43, out_dir=folder, file_format="csv")
    result = publish(
        project_dir,
        published,
        tmp_path / "quality",
        raw_files_vars(folder),
        ("--full-refresh", *WITHOUT_UNIT_TESTS),
    )
    assert result.published, result.reason
    assert result.checks is not None
    comparisons = result.checks.comparisons
    # "new day" where the other seed's orders or leads run a day or two beyond the published ones.
    assert {comparison.check for comparison in comparisons} >= {
        "volume", "recent volume", "share", "mean", "new nulls"
    }  # fmt: skip
    assert len(comparisons) > 50
    assert all(comparison.passed for comparison in comparisons)
    # The tests' build is in this DuckDB's newest storage format; the published file in v1.4's (67),
    # which an older DuckDB opens, descriptions included.
    assert "(converted to DuckDB storage v1.4.0)" in result.reason
    assert storage_version_number(published) == 67
    older = tmp_path / "older_duckdb"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(older), OLDER_DUCKDB], check=True
    )
    read = subprocess.run(
        [sys.executable, "-c", _OLDER_READER, str(published)],
        capture_output=True, text=True, check=False, env={"PYTHONPATH": str(older), "PYTHONNOUSERSITE": "1"},
    )  # fmt: skip
    assert read.returncode == 0, read.stderr
    version, revenue, comment = read.stdout.strip().splitlines()
    assert version == OLDER_DUCKDB.split("==")[1]
    assert float(revenue) > 0
    assert comment.startswith("Revenue")
