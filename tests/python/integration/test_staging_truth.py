"""Staging recovers what the generator knows: row outcomes, quarantine reasons, UTC instants, newest versions."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import duckdb
from raw_reading import read_csv, utc

SEEDS_DIR = Path(__file__).resolve().parents[3] / "seeds"
TRUTH_DIR = SEEDS_DIR / "truth"


def test_row_outcomes_match_the_truth(built_database: Path) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for row in read_csv(TRUTH_DIR / "staging_expectations.csv"):
        expected[(row["table_name"], row["outcome"])] += int(row["rows"])
    with duckdb.connect(str(built_database), read_only=True) as connection:
        balances = connection.execute(
            "select source_table, staged_rows, superseded_rows, quarantined_rows"
            " from staging.stg_quality__row_reconciliation"
        ).fetchall()
    actual: Counter[tuple[str, str]] = Counter()
    for table, staged, superseded, quarantined in balances:
        actual.update({(table, "staged"): staged, (table, "superseded"): superseded, (table, "quarantined"): quarantined})
    assert +actual == +expected


def test_quarantine_reasons_match_the_truth(built_database: Path) -> None:
    expected = Counter(
        {
            (row["table_name"], row["reason"]): int(row["rows"])
            for row in read_csv(TRUTH_DIR / "staging_expectations.csv")
            if row["outcome"] == "quarantined"
        }
    )
    with duckdb.connect(str(built_database), read_only=True) as connection:
        found = connection.execute(
            "select source_table, quarantine_reason, count(*) from staging.stg_quality__quarantined_rows group by all"
        ).fetchall()
    assert Counter({(table, reason): rows for table, reason, rows in found}) == expected
    # The demo exercises every kind of defect the generator injects.
    assert {reason for _, reason in expected} >= {
        "missing_id", "invalid_date", "invalid_timestamp", "invalid_enum", "invalid_number",
        "negative_value", "invalid_boolean",
    }


def test_order_times_are_the_true_utc_instants(built_database: Path) -> None:
    truth = {row["order_id"]: row["ordered_at_utc"] for row in read_csv(TRUTH_DIR / "orders.csv")}
    with duckdb.connect(str(built_database), read_only=True) as connection:
        staged = connection.execute(
            "select order_id, strftime(ordered_at, '%Y-%m-%d %H:%M:%S') from staging.stg_sales__orders"
        ).fetchall()
    assert len(staged) > 100
    mismatches = [(order_id, at, truth.get(order_id)) for order_id, at in staged if truth.get(order_id) != at]
    assert mismatches == []


def test_timestamps_convert_like_the_reference_including_offsets_and_dst(built_database: Path) -> None:
    raw = {
        row["account_id"].strip(): row
        for row in read_csv(SEEDS_DIR / "raw_web_accounts.csv")
        if row["account_id"].strip()
    }
    with duckdb.connect(str(built_database), read_only=True) as connection:
        staged = connection.execute("select account_id, created_at from staging.stg_web__accounts").fetchall()
    with_offset = [account for account, _ in staged if raw[account]["created_at"].strip()[-6:].startswith(("+", "-"))
                   or raw[account]["created_at"].strip().endswith("Z")]
    assert with_offset, "the demo should carry timestamps written with an offset"
    assert [(account, at) for account, at in staged if utc(raw[account]["created_at"]) != at] == []


def test_the_newest_version_of_a_redelivered_record_is_staged(built_database: Path) -> None:
    versions: dict[str, list[datetime]] = {}
    for row in read_csv(SEEDS_DIR / "raw_store_customers.csv"):
        key = row["store_customer_id"].strip()
        if key:
            try:
                versions.setdefault(key, []).append(utc(row["updated_at"]))
            except ValueError:
                continue
    redelivered = {key: max(times) for key, times in versions.items() if len(times) > 1}
    assert len(redelivered) >= 5, "the demo should re-deliver some store cards"
    with duckdb.connect(str(built_database), read_only=True) as connection:
        staged = dict(connection.execute("select store_customer_id, updated_at from staging.stg_store__customers").fetchall())
    assert {key: staged.get(key) for key in redelivered} == redelivered
